// Sending one outbox entry to Silkhub with the session cookie and the CSRF token.

const TIMEOUT_MS = 10000;
const FINAL = new Set([400, 403, 404, 413, 415, 422]);

export class Api {
  constructor(root) {
    this.scanUrl = root.dataset.scanUrl;
    this.imageUrl = root.dataset.imageUrl;
    this.sessionUrl = root.dataset.sessionUrl;
    this.csrf = document.querySelector('meta[name="csrf-token"]').content;
  }

  // A new CSRF token (the page stays open all shift); false once the session is gone.
  async refresh() {
    try {
      const resp = await fetch(this.sessionUrl, { credentials: "same-origin" });
      if (!resp.ok) return false;
      this.csrf = (await resp.json()).csrf;
      return true;
    } catch {
      return false;
    }
  }

  request(entry, signal) {
    const headers = { "X-CSRFToken": this.csrf, Accept: "application/json" };
    if (entry.image) {
      const form = new FormData();
      for (const k of ["op", "msg_id", "device", "ts", "task", "location"]) {
        if (entry[k]) form.append(k, entry[k]);
      }
      form.append("image", dataUrlToBlob(entry.image), "scan.jpg");
      return fetch(this.imageUrl, { method: "POST", body: form, headers, signal,
                                    credentials: "same-origin" });
    }
    const body = {};
    for (const k of ["op", "code", "msg_id", "device", "ts", "task", "location"]) {
      if (entry[k]) body[k] = entry[k];
    }
    headers["Content-Type"] = "application/json";
    return fetch(this.scanUrl, { method: "POST", body: JSON.stringify(body), headers, signal,
                                 credentials: "same-origin" });
  }

  async send(entry, retried = false) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    let resp;
    try {
      resp = await this.request(entry, abort.signal);
    } catch {
      return { kind: "retry" };
    } finally {
      clearTimeout(timer);
    }
    if (resp.ok) {
      try {
        return { kind: "answer", body: await resp.json() };
      } catch {
        return { kind: "retry" };
      }
    }
    if (resp.status === 401) {
      if (!retried && (await this.refresh())) return this.send(entry, true);
      return { kind: "auth" };
    }
    if (FINAL.has(resp.status)) return { kind: "drop", body: await refusal(resp) };
    return { kind: "retry" };
  }
}

async function refusal(resp) {
  let problem = {};
  try {
    problem = await resp.json();
  } catch {
    /* not JSON */
  }
  const errors = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
  return {
    result: "error",
    code: problem.code || "E_REFUSED",
    message: errors || problem.detail || problem.title || `HTTP ${resp.status}`,
    next: null,
  };
}

function dataUrlToBlob(url) {
  const [head, data] = url.split(",", 2);
  const type = (head.match(/data:([^;]+)/) || [])[1] || "image/jpeg";
  const bin = atob(data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

// A photo made small enough to keep in the outbox and send over a weak network.
export function shrinkPhoto(file, maxSide = 1600) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const scale = Math.min(1, maxSide / Math.max(img.width, img.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(img.width * scale);
      canvas.height = Math.round(img.height * scale);
      canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(img.src);
      resolve(canvas.toDataURL("image/jpeg", 0.88));
    };
    img.onerror = () => reject(new Error("not an image"));
    img.src = URL.createObjectURL(file);
  });
}
