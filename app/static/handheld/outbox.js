// The handheld's outbox: nothing scanned is lost, nothing is counted twice.
//
// Each scan gets a msg_id made on this device ("web-<device>:<counter>") and is written to
// localStorage before it is sent. It stays there until the server's answer arrives; until
// then it is sent again, with the same msg_id, after a pause (or as soon as the browser says
// it is online again). The server records each (device, msg_id) once and answers a resend
// with the recorded answer, so a resend changes nothing. Scans are sent one at a time, in
// the order they were made (a putaway must not overtake its receipt).

const DEVICE_KEY = "silkhub.device";
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];

function randomId() {
  const bytes = new Uint8Array(5);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join("");
}

export function deviceId() {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = "web-" + randomId();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

function nextMsgId(device) {
  const key = "silkhub.counter." + device;
  const n = (parseInt(localStorage.getItem(key) || "0", 10) || 0) + 1;
  localStorage.setItem(key, String(n));
  return device + ":" + String(n).padStart(6, "0");
}

// send(entry) resolves to one of:
//   {kind: "answer", body}  the server answered: done
//   {kind: "drop", body}    the server refused the request itself (422, 403): done, shown
//   {kind: "retry"}         no answer (network, timeout, 5xx): keep and send again later
//   {kind: "auth"}          logged out: keep, wait for a new login
export class Outbox {
  constructor({ user, send, onAnswer, onChange }) {
    this.key = "silkhub.outbox." + user;
    this.device = deviceId();
    this.send = send;
    this.onAnswer = onAnswer;
    this.onChange = onChange;
    this.busy = false;
    this.failures = 0;
    this.timer = null;
    this.state = "idle"; // idle | sending | waiting | auth
    window.addEventListener("online", () => this.kick());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.kick();
    });
    setInterval(() => this.kick(), 20000);
  }

  items() {
    try {
      return JSON.parse(localStorage.getItem(this.key) || "[]");
    } catch {
      return [];
    }
  }

  save(items) {
    localStorage.setItem(this.key, JSON.stringify(items));
  }

  // Keep the scan (with its msg_id) first, then try to send it.
  add(fields) {
    const entry = {
      ...fields,
      device: this.device,
      msg_id: nextMsgId(this.device),
      ts: new Date().toISOString(),
    };
    const items = this.items();
    items.push(entry);
    try {
      this.save(items);
    } catch (err) {
      entry.unsaved = true; // storage full: still sent, but not kept across a reload
      this.memory = [...(this.memory || []), entry];
    }
    this.changed();
    this.kick(true);
    return entry;
  }

  remove(msgId) {
    this.save(this.items().filter((e) => e.msg_id !== msgId));
    this.memory = (this.memory || []).filter((e) => e.msg_id !== msgId);
  }

  pending() {
    return this.items().length + (this.memory || []).length;
  }

  changed() {
    this.onChange(this.pending(), this.state);
  }

  kick(now = false) {
    if (this.busy) return;
    if (this.timer && !now) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.drain();
  }

  later() {
    const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.failures += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, wait);
  }

  async drain() {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        const entry = this.items()[0] || (this.memory || [])[0];
        if (!entry) {
          this.state = "idle";
          break;
        }
        this.state = "sending";
        this.changed();
        const got = await this.send(entry);
        if (got.kind === "answer" || got.kind === "drop") {
          this.failures = 0;
          this.remove(entry.msg_id);
          this.onAnswer(entry, got.body, got.kind);
          continue;
        }
        this.state = got.kind === "auth" ? "auth" : "waiting";
        this.later();
        break;
      }
    } finally {
      this.busy = false;
      this.changed();
    }
  }
}
