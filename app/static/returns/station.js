// The returns station: scan a parcel label (keyboard wedge or typed), grade, dispose, print.
// Focus goes back to the scan field after each step, and stray typing lands there, so a
// wedge scanner works without touching the screen.
import { beep, unlock } from "../handheld/beep.js";

const root = document.getElementById("rs");
const T = JSON.parse(document.getElementById("rs-text").textContent);
const $ = (id) => document.getElementById(id);
const fmt = (text, args) => text.replace(/%\((\w+)\)s/g, (_, k) => args[k] ?? "");
const yuan = (fen) => "¥" + (fen / 100).toFixed(2);
const state = { no: null, view: null, photos: 0, busy: false };
let csrf = document.querySelector('meta[name="csrf-token"]').content;

// ---- the API (session cookie + CSRF token) ---------------------------------------------
async function call(url, opts = {}, retried = false) {
  const headers = { Accept: "application/json", ...(opts.headers || {}) };
  if (opts.method && opts.method !== "GET") headers["X-CSRFToken"] = csrf;
  let resp;
  try {
    resp = await fetch(url, { credentials: "same-origin", ...opts, headers });
  } catch {
    return { ok: false, body: { code: "OFFLINE" } };
  }
  if (resp.status === 401 && !retried) {
    const s = await fetch(root.dataset.sessionUrl, { credentials: "same-origin" });
    if (s.ok) {
      csrf = (await s.json()).csrf;
      return call(url, opts, true);
    }
    return { ok: false, body: { code: "AUTH" } };
  }
  let body = {};
  try {
    body = await resp.json();
  } catch {
    /* not JSON */
  }
  return { ok: resp.ok, body };
}
const post = (url, data) =>
  call(url, { method: "POST", body: JSON.stringify(data), headers: { "Content-Type": "application/json" } });
const apiUrl = (no, tail = "") => root.dataset.apiBase.replace("RETNO", encodeURIComponent(no)) + tail;

// ---- the answer panel ------------------------------------------------------------------
function show(kind, headline, detail = "") {
  $("answer").className = "rs-answer " + kind;
  $("headline").textContent = headline;
  $("detail").textContent = detail;
}

function refusal(body) {
  if (body.code === "OFFLINE") return [T.offline, ""];
  if (body.code === "AUTH") return [T.relogin, ""];
  const headline = T.codes[body.code] || `${T.error} · ${body.code || "?"}`;
  const d = body.details || body;
  const parts = [];
  if (d.reason && T.reasons[d.reason]) parts.push(T.reasons[d.reason]);
  if (d.arrive_by) parts.push(fmt(T.must_by, { date: d.arrive_by.slice(0, 10) }));
  if (d.apply_by) parts.push(fmt(T.apply_by, { date: d.apply_by.slice(0, 10) }));
  if (!parts.length) parts.push(body.message || body.detail || "");
  return [headline, parts.join(" · ")];
}

function fail(body) {
  const [headline, detail] = refusal(body);
  beep("error");
  show("error", headline, detail);
}

// ---- scanning --------------------------------------------------------------------------
async function scanned(code) {
  unlock();
  state.busy = true;
  show("busy", T.checking, code);
  const got = await post(root.dataset.scanUrl, { code });
  state.busy = false;
  const body = got.body;
  if (!got.ok || body.result === "error") {
    reset();
    fail(body);
    return;
  }
  beep(body.result === "ok" ? "ok" : "warn");
  state.photos = 0;
  $("thumbs").replaceChildren();
  $("grade-form").reset();
  for (const f of ["certificate", "waybill"]) $(f).value = "";
  await load(body.details.ret);
  show("ok", T.received, state.view ? `${state.view.no} · ${state.view.order}` : "");
}

async function load(no) {
  const got = await call(root.dataset.viewUrl.replace("RETNO", encodeURIComponent(no)));
  if (!got.ok) return fail(got.body);
  state.no = no;
  state.view = got.body;
  render(got.body);
}

function setF(name, value) {
  for (const node of root.querySelectorAll(`[data-f="${name}"]`)) node.textContent = value;
}

function clockText(c) {
  const n = Math.abs(c.days_left).toFixed(1);
  return fmt(c.days_left >= 0 ? T.days : T.overdue, { n });
}

function render(v) {
  $("parcel").hidden = false;
  for (const k of ["no", "order", "buyer", "released", "today"]) setF(k, v[k]);
  for (const k of ["apply", "arrive"]) {
    setF(`${k}-left`, clockText(v[k]));
    setF(`${k}-by`, v[k].by);
    root.querySelector(`[data-clock="${k}"]`).dataset.colour = v[k].colour;
  }
  const elig = $("eligibility");
  elig.replaceChildren();
  if (v.grade) {
    elig.className = "rs-elig " + (v.reasons.length ? "no" : "yes");
    const head = document.createElement("p");
    head.textContent = v.reasons.length ? T.codes.E_NOT_ELIGIBLE : T.eligible;
    elig.append(head);
    const list = document.createElement("ul");
    for (const r of v.reasons) {
      const li = document.createElement("li");
      li.textContent = r.text;
      list.append(li);
    }
    if (v.reasons.length) elig.append(list);
  } else elig.className = "rs-elig";
  const open = !v.disposition || v.disposition === "hold_for_seller";
  for (const b of root.querySelectorAll(".rs-kind")) {
    const restockable = !v.reasons.length && v.grade !== "damaged";
    b.disabled = !v.grade || !open || (b.dataset.kind === "restock" && !restockable);
    b.classList.toggle("suggested", b.dataset.kind === v.suggestion);
  }
  $("grade-form").querySelector("button[type=submit]").disabled = !open;
  $("parcel").classList.toggle("closed", !open);
  renderReceipt(v);
}

function renderReceipt(v) {
  const receipt = $("receipt");
  receipt.hidden = !v.disposition;
  if (!v.disposition) return;
  setF("disposition", T.kinds[v.disposition] || v.disposition);
  const rows = v.paperwork.ledger.map((e) => {
    const tr = document.createElement("tr");
    for (const [val, cls] of [[e.sku, ""], [e.kind, ""], [e.qty, "num"], [e.balance, "num"]]) {
      const td = document.createElement("td");
      td.textContent = String(val);
      if (cls) td.className = cls;
      tr.append(td);
    }
    return tr;
  });
  $("ledger-rows").replaceChildren(...rows);
  const r = v.paperwork.refund;
  $("refund").hidden = !r;
  if (r) {
    setF("refund-total", yuan(r.total));
    setF("refund-parts", `${yuan(r.duty)} · ${yuan(r.ct)} · ${yuan(r.vat)}`);
    setF("quota", yuan(r.quota));
    setF("year-left", `${yuan(r.year_left)} (${r.year})`);
  }
  $("ceb625").href = v.paperwork.ceb625 || "#";
  $("ceb625").parentElement.parentElement.hidden = !v.paperwork.ceb625;
}

function reset() {
  state.no = null;
  state.view = null;
  $("parcel").hidden = true;
}

// ---- grading, photos, disposition ------------------------------------------------------
async function grade(ev) {
  ev.preventDefault();
  const form = $("grade-form");
  const chosen = form.querySelector("input[name=grade]:checked");
  if (!chosen) {
    form.querySelector("input[name=grade]").focus();
    return;
  }
  const got = await post(apiUrl(state.no, "/grade"), {
    grade: chosen.value,
    notes: $("notes").value,
    seal_intact: form.elements.seal_intact.checked,
    consumed: form.elements.consumed.checked,
  });
  if (!got.ok) return fail(got.body);
  await load(state.no);
  beep(got.body.reasons.length ? "warn" : "ok");
  show(got.body.reasons.length ? "warn" : "ok", T.graded, got.body.reasons.map((r) => T.reasons[r] || r).join(" · "));
  const first = root.querySelector(".rs-kind.suggested:not([disabled])") || root.querySelector(".rs-kind:not([disabled])");
  if (first) first.focus();
}

async function addPhotos() {
  for (const file of $("photo").files) {
    show("busy", T.uploading, file.name);
    const got = await call(apiUrl(state.no, "/photos"), {
      method: "POST", body: file, headers: { "Content-Type": file.type || "application/octet-stream" },
    });
    if (!got.ok) {
      fail(got.body);
      continue;
    }
    state.photos += 1;
    const li = document.createElement("li");
    const img = document.createElement("img");
    img.src = URL.createObjectURL(file);
    img.alt = file.name;
    li.append(img);
    $("thumbs").append(li);
    $("photo-count").textContent = fmt(T.uploaded, { n: state.photos });
    show("ok", fmt(T.uploaded, { n: state.photos }));
  }
  $("photo").value = "";
}

async function dispose(kind) {
  const dialog = $("confirm");
  $("confirm-text").textContent = fmt(T.confirm, { kind: T.kinds[kind], no: state.no });
  dialog.returnValue = "";
  dialog.showModal();
  $("confirm-yes").focus();
  await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
  if (dialog.returnValue !== "yes") return;
  const evidence = {};
  if ($("certificate").value.trim()) evidence.certificate = $("certificate").value.trim();
  if ($("waybill").value.trim()) evidence.waybill = $("waybill").value.trim();
  const got = await post(apiUrl(state.no, "/disposition"), { kind, evidence });
  if (!got.ok) return fail(got.body);
  await load(state.no);
  const customs = (state.view && state.view.customs) || {};
  if (state.view && state.view.status === "customs_refused") {
    beep("warn");
    show("warn", T.customs_refused, `${state.no} · ${customs.info || ""}`);
  } else if (state.view && state.view.status === "declared") {
    beep("ok");
    show("ok", T.customs_waiting, `${state.no} · ${T.kinds[kind]}`);
  } else {
    beep("ok");
    show("ok", T.done, `${state.no} · ${T.kinds[kind]}`);
  }
  refreshDeadlines();
  $("receipt").scrollIntoView({ block: "start" });
  $("print").focus();
}

// ---- the deadlines panel ---------------------------------------------------------------
async function refreshDeadlines() {
  const got = await call(root.dataset.deadlinesUrl);
  if (!got.ok) return;
  const items = got.body.items.map((d) => {
    const li = document.createElement("li");
    li.className = "clock-" + d.clock;
    li.innerHTML = '<span class="rs-dl-left"></span><span class="rs-dl-what"><b></b> · <span></span><br><span class="rs-small"></span></span>';
    li.querySelector(".rs-dl-left").textContent = fmt(T.d, { n: d.days_left.toFixed(1) });
    li.querySelector("b").textContent = d.no;
    li.querySelector(".rs-dl-what > span").textContent = `${d.order} · ${d.buyer}`;
    li.querySelector(".rs-small").textContent = `${T.clocks[d.clock] || d.clock} · ${d.by}`;
    return li;
  });
  if (!items.length) {
    const li = document.createElement("li");
    li.className = "rs-empty";
    li.textContent = T.none_due;
    items.push(li);
  }
  $("deadlines").replaceChildren(...items);
}

// ---- wiring ----------------------------------------------------------------------------
$("scan-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const code = $("code").value.trim();
  $("code").value = "";
  if (code && !state.busy) scanned(code);
  $("code").focus();
});
$("grade-form").addEventListener("submit", grade);
$("photo").addEventListener("change", addPhotos);
root.querySelector("label[for=photo]").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" || ev.key === " ") {
    ev.preventDefault();
    $("photo").click();
  }
});
for (const b of root.querySelectorAll(".rs-kind")) b.addEventListener("click", () => dispose(b.dataset.kind));
$("print").addEventListener("click", () => window.print());
$("next-parcel").addEventListener("click", () => {
  reset();
  show("idle", T.ready);
  $("code").focus();
});
// A wedge scanner types wherever focus is: outside a field, send the keys to the scan field.
document.addEventListener("keydown", (ev) => {
  const t = ev.target;
  const inField = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement;
  if (inField || ev.ctrlKey || ev.metaKey || ev.altKey || ev.key.length !== 1 || ev.key === " ") return;
  if ($("confirm").open) return;
  $("code").focus();
});
setInterval(refreshDeadlines, 60000);
root.dataset.ready = "true";
$("code").focus();
