// The handheld page: choose a task, then scan. Focus stays in the scan field, so a
// keyboard-wedge scanner (it types the code and Enter) works without touching the screen.
import { Api, shrinkPhoto } from "./api.js";
import { beep, unlock } from "./beep.js";
import { Outbox } from "./outbox.js";

const root = document.getElementById("hh");
const T = JSON.parse(document.getElementById("hh-text").textContent);
const OPS = JSON.parse(document.getElementById("hh-ops").textContent);
const NEEDS_TASK = new Set(["receive", "count"]);
const $ = (id) => document.getElementById(id);
const el = {
  pick: $("pick"), scan: $("scan"), opName: $("op-name"), code: $("code"), form: $("scan-form"),
  answer: $("answer"), headline: $("headline"), next: $("next-step"), message: $("message"),
  task: $("task-value"), bin: $("bin-value"), recent: $("recent"), photo: $("photo"),
  keyboard: $("keyboard"), label: $("code-label"),
};
const state = { op: null, task: null, bin: null, mode: "scan", awaiting: null };
const fmt = (text, args) => text.replace(/%\((\w+)\)s/g, (_, k) => args[k] ?? "");

const api = new Api(root);
const outbox = new Outbox({
  user: root.dataset.user,
  send: (entry) => api.send(entry),
  onAnswer: (entry, body) => answered(entry, body),
  onChange: (n, status) => showSync(n, status),
});

function showSync(n, status) {
  let text = n ? fmt(T.pending, { n }) : T.synced;
  if (status === "auth") text = T.relogin;
  else if (n && status === "waiting") text = T.offline + " · " + text;
  for (const node of document.querySelectorAll("[data-sync]")) {
    node.textContent = text;
    node.dataset.state = n ? status : "idle";
  }
}

// ---- choosing the task ----------------------------------------------------------------
function choose(op) {
  unlock();
  state.op = op;
  state.awaiting = null;
  state.mode = "scan";
  el.opName.textContent = OPS[op] || op;
  el.scan.dataset.op = op;
  el.pick.hidden = true;
  el.scan.hidden = false;
  localStorage.setItem("silkhub.handheld.op", op);
  prompt();
  focusScan();
}

function backToPick() {
  el.scan.hidden = true;
  el.pick.hidden = false;
  el.pick.querySelector("button.op").focus();
}

// ---- what the panel says ---------------------------------------------------------------
// next: a plain line, or the parts of a next step (each kept on one line: bin codes).
function show(kind, headline, next = "", message = "") {
  el.answer.className = "answer " + kind;
  el.headline.textContent = headline;
  el.next.replaceChildren();
  if (Array.isArray(next)) {
    const [before, after] = T.next.split("%(step)s");
    el.next.append(before);
    next.forEach((part, i) => {
      const span = document.createElement("span");
      span.className = "nb";
      span.textContent = part;
      el.next.append(...(i ? [" · ", span] : [span]));
    });
    el.next.append(after || "");
  } else {
    el.next.textContent = next;
  }
  el.message.textContent = message;
}

function prompt() {
  if (state.mode === "task") show("ask", T.scan_task);
  else if (state.mode === "bin" && state.awaiting) {
    show("warn", fmt(T.scan_bin, { code: state.awaiting.suggested || "" }));
  } else if (state.mode === "bin") show("ask", T.codes.W_SCAN_BIN);
  else if (NEEDS_TASK.has(state.op) && !state.task) show("ask", T.scan_task);
  else show("idle", T.ready);
  el.task.textContent = state.task || "—";
  el.bin.textContent = state.bin || "—";
}

function nextParts(next) {
  if (!next) return "";
  const parts = [OPS[next.op] || next.op];
  if (next.location) parts.push(fmt(T.bin, { code: next.location }));
  if (next.task && next.task !== state.task) parts.push(fmt(T.task, { code: next.task }));
  return parts.filter(Boolean);
}

function headlineOf(body) {
  return T.codes[body.code] || `${T.results[body.result] || T.results.error} · ${body.code}`;
}

function remember(entry, body) {
  const item = document.createElement("li");
  item.className = body.result;
  const what = entry.image ? T.photo_item : entry.code;
  item.textContent = `${headlineOf(body)} — ${what}`;
  el.recent.prepend(item);
  while (el.recent.children.length > 3) el.recent.lastChild.remove();
}

// ---- answers ---------------------------------------------------------------------------
function answered(entry, body) {
  const latest = !outbox.pending();
  remember(entry, body);
  if (!latest && body.result !== "error") return; // a backlog being sent: only errors shout
  beep(body.result);
  const next = body.next || null;
  if (next && next.task && entry.op === state.op) state.task = next.task;
  const asksForBin = body.result === "warn" && next && next.location && !entry.location;
  if (asksForBin && entry.op === state.op) {
    state.awaiting = { code: entry.code, suggested: next.location };
    state.mode = "bin";
  }
  el.task.textContent = state.task || "—";
  show(body.result, headlineOf(body), nextParts(next), body.message || "");
  el.answer.dataset.code = body.code;
  el.answer.dataset.location = (next && next.location) || "";
  el.answer.dataset.msgId = body.msg_id || entry.msg_id;
}

// ---- scanning --------------------------------------------------------------------------
function submitted(value) {
  const code = value.trim();
  if (state.mode === "task" || (NEEDS_TASK.has(state.op) && !state.task && code)) {
    state.task = code || null;
    state.mode = "scan";
    prompt();
    if (code) show("ask", T.task_set, fmt(T.task, { code }));
    return;
  }
  if (state.mode === "bin") {
    const waiting = state.awaiting;
    state.mode = "scan";
    state.awaiting = null;
    if (!waiting) {
      state.bin = code || null;
      prompt();
      if (code) show("ask", T.bin_set, fmt(T.bin, { code }));
      return;
    }
    if (code) send({ code: waiting.code, location: code });
    else prompt();
    return;
  }
  if (code) send({ code, location: state.bin });
}

function send(fields) {
  const entry = outbox.add({ op: state.op, task: state.task, ...fields });
  if (outbox.pending() && !navigator.onLine) show("queued", T.queued, "", T.queued_detail);
  else show("sending", T.sending, "", fields.code || "");
  el.answer.dataset.msgId = entry.msg_id;
  setTimeout(() => {
    if (el.answer.classList.contains("sending") && outbox.pending()) {
      show("queued", T.queued, "", T.queued_detail);
      beep("queued");
    }
  }, 2500);
}

async function photoTaken() {
  const file = el.photo.files && el.photo.files[0];
  el.photo.value = "";
  if (!file) return;
  show("sending", T.photo);
  try {
    const image = await shrinkPhoto(file);
    const entry = outbox.add({ op: state.op, task: state.task, location: state.bin, image });
    el.answer.dataset.msgId = entry.msg_id;
  } catch {
    show("error", T.codes.E_BAD_IMAGE);
    beep("error");
  }
  focusScan();
}

function focusScan() {
  if (!el.scan.hidden) el.code.focus({ preventScroll: true });
}

// A scanner keeps typing even when something else has focus: send its keys to the field.
function redirectKeys(event) {
  if (el.scan.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target === el.code || target.matches("input, textarea, select")) return;
  if (event.key.length === 1 || event.key === "Enter") {
    if (event.key === "Enter" && target.matches("button, [role=button], a")) return;
    el.code.focus({ preventScroll: true });
    if (event.key.length === 1) {
      el.code.value += event.key;
      event.preventDefault();
    }
  }
}

function wire() {
  for (const button of el.pick.querySelectorAll("button.op")) {
    button.addEventListener("click", () => choose(button.dataset.op));
  }
  $("change-op").addEventListener("click", backToPick);
  $("task-chip").addEventListener("click", () => {
    unlock();
    state.mode = "task";
    prompt();
    focusScan();
  });
  $("bin-chip").addEventListener("click", () => {
    unlock();
    state.mode = "bin";
    state.awaiting = null;
    prompt();
    focusScan();
  });
  el.keyboard.addEventListener("click", () => {
    const on = el.code.inputMode === "none";
    el.code.inputMode = on ? "text" : "none";
    el.keyboard.setAttribute("aria-pressed", String(on));
    el.code.blur();
    focusScan();
  });
  el.form.addEventListener("submit", (event) => {
    event.preventDefault();
    unlock();
    const value = el.code.value;
    el.code.value = "";
    submitted(value);
    focusScan();
  });
  el.photo.addEventListener("change", photoTaken);
  document.querySelector("label.camera").addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      el.photo.click();
    }
  });
  el.code.addEventListener("blur", () =>
    setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) focusScan();
    }, 0),
  );
  document.addEventListener("keydown", redirectKeys);
}

wire();
showSync(outbox.pending(), "idle");
outbox.kick();
root.dataset.ready = "true";
