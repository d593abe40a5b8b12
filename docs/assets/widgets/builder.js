// The message builder's view: a certificate per environment (chosen, dropped, pasted or
// handed over from the checker), each checked at once for its slot; the optional lines;
// the message, copied or downloaded.

import { badValidationTime } from "./attime.js";
import { onWorker, request, state as worker } from "./client.js";
import { announce, bump, format, reveal, texts, validationTime } from "./dom.js";
import { dropZone } from "./drop.js";
import { copyText, download, textBytes } from "./files.js";
import { renderFinding } from "./findings.js";
import { oneLine } from "./textsafe.js";
import { BUILDER_KEY, clear, load, save } from "./storage.js";
import { needsPassword, passwordForm } from "./password.js";

const ENVS = ["test", "prod"];
const OPTIONAL = ["supplier", "system", "contact"];
const other = (env) => (env === "test" ? "prod" : "test");

// Why a certificate is not taken for `env`: the first error, else the note that names the
// other environment.
function reason(report) {
  const f = report.findings.find((x) => x.severity === "error")
    || report.findings.find((x) => x.code === "policy.wrong-environment");
  return f ? f.message : "";
}

const onlyFor = (report, env) => !!report && report.environments[env].accepted
  && !report.environments[other(env)].accepted;

export function setupMessage(root) {
  const t = texts(root);
  const lang = root.dataset.lang;
  const q = (sel) => root.querySelector(sel);
  const out = q("[data-field='message']");
  const status = q("[data-status]");
  const slots = {};
  let message = null;

  function persist() {
    const state = { slots: {}, ws: {}, optional: {} };
    for (const env of ENVS) {
      const s = slots[env];
      if (s.pem) state.slots[env] = { name: s.name, pem: s.pem };
      state.ws[env] = s.fs.querySelector("[data-input='ws']").value;
    }
    for (const name of OPTIONAL) state.optional[name] = q(`[data-input='${name}']`).value;
    save(BUILDER_KEY, state);
  }

  function offerSwap() {
    const [a, b] = [slots.test.report, slots.prod.report];
    const wrong = { test: onlyFor(a, "prod"), prod: onlyFor(b, "test") };
    const fits = (env, r) => !r || wrong[env];
    q("[data-swap-offer]").hidden = !((wrong.test || wrong.prod) && fits("test", a) && fits("prod", b));
  }

  function showSlot(env) {
    const s = slots[env];
    const status = s.fs.querySelector("[data-slot-status]");
    const named = s.fs.querySelector("[data-slot-name]");
    named.textContent = oneLine(s.name || "", 120);
    named.parentElement.hidden = !s.name;
    s.fs.querySelector("[data-action='clear-slot']").hidden = !s.name;
    for (const e of ENVS) slots[e].fs.querySelector("[data-action='swap']").hidden = !slots.test.name && !slots.prod.name;
    if (!s.report) {
      delete s.fs.dataset.value;
      status.textContent = s.name ? format(worker.ready ? t.working : t.queued, { name: oneLine(s.name, 120) }) : "";
      return;
    }
    const r = s.report;
    const ok = r.environments[env].accepted;
    s.fs.dataset.value = ok ? "accepted" : "rejected";
    const who = oneLine(r.certificate
      ? [r.certificate.subject_cn, r.certificate.cvr && `CVR ${r.certificate.cvr}`].filter(Boolean).join(", ")
      : s.name, 200);
    status.textContent = ok ? format(t.slot_ok, { name: who, env: t.environment[env] })
      : format(t.slot_refused, { name: who, env: t.environment[env], reason: reason(r) });
  }

  // A locked PKCS#12 file in a slot: its password field, under the slot's status.
  function showPassword(env) {
    const s = slots[env];
    const old = s.fs.querySelector("[data-password-form]");
    if (old) old.remove();
    if (!s.data || !needsPassword(s.report)) return;
    const form = passwordForm(t, s.name, (password) => check(env, password));
    s.fs.querySelector("[data-slot-status]").after(form);
  }

  // `password` (a PKCS#12 file's) is used for this check and its files only; once the
  // certificate is read, the slot keeps just the certificate, so nothing needs it again.
  async function check(env, password) {
    const s = slots[env];
    const token = (s.token = (s.token || 0) + 1); // a later choice wins over an earlier answer
    const opened = typeof password === "string" ? { password } : {};
    s.report = null;
    showSlot(env);
    offerSwap();
    if (!s.data) { showPassword(env); return; }
    if (badValidationTime(root, t)) { // the lasting message says why nothing is checked
      s.fs.querySelector("[data-slot-status]").textContent = "";
      return;
    }
    try {
      const report = await request({ type: "check", name: s.name, data: s.data.slice(0), at: validationTime(root), lang, ...opened });
      if (token !== s.token) return;
      s.report = report;
      if (report.certificate) {
        const files = await request({ type: "files", data: s.data.slice(0), path: (report.chain || {}).path || [], ...opened });
        if (token !== s.token) return;
        s.pem = files.pem || null; // only the certificate is kept, never the file as chosen
        if (opened.password !== undefined && s.pem) s.data = textBytes(s.pem);
      }
      showSlot(env);
      showPassword(env);
      const again = opened.password !== undefined && s.fs.querySelector("[data-password-form] input");
      if (again) again.focus(); // a wrong password: back to the emptied field
      offerSwap();
      persist();
      bump(root, "slotChecks");
    } catch (err) {
      s.fs.querySelector("[data-slot-status]").textContent = err.replaced
        ? format(t.worker_replaced, { name: oneLine(s.name, 120) }) : format(t.error, { error: oneLine(err.message, 300) });
    }
  }

  function setSlot(env, name, data, pem = null) {
    Object.assign(slots[env], { name, data, pem, report: null });
    check(env);
    persist();
  }

  for (const fs of root.querySelectorAll("[data-slot]")) {
    const env = fs.dataset.slot;
    slots[env] = { fs, name: null, data: null, pem: null, report: null };
    const fileInput = fs.querySelector("input[type=file]");
    const pem = fs.querySelector("textarea[data-input='pem']");
    fileInput.addEventListener("change", async () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file) return;
      pem.value = "";
      setSlot(env, file.name, await file.arrayBuffer());
      fileInput.value = "";
    });
    pem.addEventListener("change", () => {
      if (!pem.value.trim()) return;
      setSlot(env, t.pasted_name, textBytes(pem.value));
      pem.value = "";
    });
    dropZone(fs, async (files) => setSlot(env, files[0].name, await files[0].arrayBuffer()));
    fs.querySelector("[data-input='ws']").addEventListener("input", persist);
    if (fileInput.files && fileInput.files.length) fileInput.dispatchEvent(new Event("change"));
  }
  for (const name of OPTIONAL) q(`[data-input='${name}']`).addEventListener("input", persist);
  setupRenewal(root, slots);

  function swap() {
    const keep = ["name", "data", "pem", "report"];
    const a = Object.fromEntries(keep.map((k) => [k, slots.test[k]]));
    for (const k of keep) slots.test[k] = slots.prod[k];
    Object.assign(slots.prod, a);
    for (const env of ENVS) { slots[env].token = (slots[env].token || 0) + 1; showSlot(env); showPassword(env); }
    offerSwap();
    persist();
    announce(root, t.swapped);
  }

  async function build() {
    const payload = {};
    for (const env of ENVS) {
      const s = slots[env];
      payload[env] = s.data ? { name: s.name, data: s.data.slice(0), ws: s.fs.querySelector("[data-input='ws']").value } : null;
    }
    const optional = Object.fromEntries(OPTIONAL.map((n) => [n, q(`[data-input='${n}']`).value]));
    const previous = renewalPayload(slots);
    if (previous) optional.previous = previous;
    if (badValidationTime(root, t)) {
      status.textContent = "";
      bump(root, "builds");
      return;
    }
    root.dataset.state = "working";
    status.textContent = worker.ready ? t.building : t.queued_build;
    try {
      const result = await request({ type: "message", slots: payload, optional, at: validationTime(root), lang });
      message = result.message || null;
      out.textContent = message || "";
      q("[data-output]").hidden = !message;
      q("[data-findings]").replaceChildren(...(result.findings || []).map((f) => renderFinding(t, f)));
      status.textContent = message ? t.built : t.not_built;
      announce(root, status.textContent);
      for (const btn of root.querySelectorAll("[data-action='copy-message'], [data-action='download']")) btn.disabled = !message;
      bump(root, "builds");
      root.dataset.state = "done";
      reveal(message ? q("[data-output-heading]") : status);
      root.dispatchEvent(new CustomEvent("oces-message", { detail: result }));
    } catch (err) {
      status.textContent = err.replaced ? t.worker_replaced_build : format(t.error, { error: err.message });
      root.dataset.state = worker.ready ? "ready" : "loading";
      bump(root, "builds");
      root.dispatchEvent(new CustomEvent("oces-message", { detail: { error: err.message } }));
    }
  }

  root.addEventListener("click", (e) => {
    const btn = e.target.closest("[data-action]");
    if (!btn) return;
    const action = btn.dataset.action;
    const env = btn.closest("[data-slot]") && btn.closest("[data-slot]").dataset.slot;
    if (action === "build") build();
    else if (action === "swap") swap();
    else if (action === "clear-slot") {
      setSlot(env, null, null);
      slots[env].fs.querySelector("[data-input='ws']").value = "";
      persist();
    } else if (action === "clear") {
      for (const s of ENVS) {
        Object.assign(slots[s], { name: null, data: null, pem: null, report: null });
        slots[s].fs.querySelector("[data-input='ws']").value = "";
        showSlot(s);
        showPassword(s);
      }
      for (const name of OPTIONAL) q(`[data-input='${name}']`).value = "";
      for (const s of ENVS) setOld(root, s, slots[s], null, null);
      message = null;
      out.textContent = "";
      q("[data-output]").hidden = true;
      q("[data-findings]").replaceChildren();
      status.textContent = "";
      offerSwap();
      clear(BUILDER_KEY);
      announce(root, t.cleared);
    } else if (action === "clear-old") {
      setOld(root, btn.dataset.for, slots[btn.dataset.for], null, null);
    } else if (action === "copy-message" && message) {
      copyText(root, btn, message, t.copied);
    } else if (action === "download" && message) {
      download(t.download_name, [message], "text/plain;charset=utf-8");
    }
  });

  badValidationTime(root, t); // said at once, before anything is chosen
  onWorker((msg) => {
    if (msg.type === "replaced") root.dataset.state = "loading"; // widget.js says "ready" again
  });

  // What this tab had here before (Back, the other language) and what the checker handed over.
  const stored = load(BUILDER_KEY);
  if (stored) {
    for (const env of ENVS) {
      const kept = stored.slots && stored.slots[env];
      slots[env].fs.querySelector("[data-input='ws']").value = (stored.ws && stored.ws[env]) || "";
      if (kept && kept.pem) setSlot(env, kept.name, textBytes(kept.pem), kept.pem);
      slots[env].fs.querySelector("[data-handed]").hidden = !(stored.handed || []).includes(env);
    }
    for (const name of OPTIONAL) q(`[data-input='${name}']`).value = (stored.optional && stored.optional[name]) || "";
    delete stored.handed;
    save(BUILDER_KEY, stored);
  }
}

// ---------------------------------------------------------------- a renewal's old certificate
// Each slot may name the certificate it renews (its <details data-renewal>): the message then
// says it is a renewal, with the old UUID or FID. Only the chosen file's bytes are kept, in
// memory, and sent to the worker as base64 inside the optional fields.

function setOld(root, env, slot, name, data) {
  slot.old = data ? { name, data } : null;
  const box = root.querySelector(`[data-old-chosen='${env}']`);
  if (!box) return;
  box.hidden = !data;
  box.querySelector("[data-old-name]").textContent = name || "";
}

function setupRenewal(root, slots) {
  for (const env of ENVS) {
    const slot = slots[env];
    const input = root.querySelector(`input[data-input='old'][data-for='${env}']`);
    slot.old = null;
    if (!input) continue;
    input.addEventListener("change", async () => {
      const file = input.files && input.files[0];
      if (!file) return;
      setOld(root, env, slot, file.name, await file.arrayBuffer());
      input.value = "";
    });
  }
}

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function renewalPayload(slots) {
  const out = {};
  for (const env of ENVS) {
    const old = slots[env].old;
    if (old && slots[env].data) out[env] = { name: old.name, b64: base64(old.data) };
  }
  return Object.keys(out).length ? out : null;
}
