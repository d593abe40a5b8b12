// The certificate checker and the registration-message builder (page side).
//
// Loaded only by pages that hold a widget (the macros in macros/widgets.py write the
// <script type="module"> tag). It starts the Pyodide worker at once, shows its progress,
// queues what the user chooses before the runtime is ready, and renders results.
// Every piece of certificate data is written with textContent, never innerHTML.
//
// Test hooks: the validation time defaults to now; `?at=<ISO-8601>` in the page address
// (or a `data-at` attribute on the widget root) fixes it, e.g. ?at=2024-01-01T00:00:00Z.
// After each check the checker root counts `data-checks` up and fires an `oces-report`
// event whose `detail` is the JSON report; the builder counts `data-builds` and fires
// `oces-message` with {message, ok, findings, reports}.

const STORAGE_KEY = "oces-message-slots";
const roots = [...document.querySelectorAll("[data-widget='cert-check'], [data-widget='registration-message']")];

// ---------------------------------------------------------------- worker and queue

let worker = null;
let ready = false;
let failed = null;
let nextId = 1;
const pending = new Map();
const listeners = new Set();

function startWorker() {
  worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data: msg }) => {
    if (msg.type === "result" || msg.type === "error") {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (p) (msg.type === "result" ? p.resolve(msg.result) : p.reject(new Error(msg.error)));
      return;
    }
    if (msg.type === "ready") ready = true;
    if (msg.type === "failed") {
      failed = msg.error;
      console.error(msg.error);
      for (const p of pending.values()) p.reject(new Error(msg.error));
      pending.clear();
    }
    for (const fn of listeners) fn(msg);
  };
  worker.onerror = (event) => {
    failed = event.message || "worker error";
    for (const fn of listeners) fn({ type: "failed", error: failed });
  };
}

// Sends a request; the worker itself queues it until the runtime is ready.
function request(msg, transfer = []) {
  if (failed) return Promise.reject(new Error(failed));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...msg, id }, transfer);
  });
}

// ---------------------------------------------------------------- helpers

function texts(root) {
  const el = root.querySelector("script[type='application/json'][data-texts]");
  return JSON.parse(el.textContent);
}

function validationTime(root) {
  return new URLSearchParams(location.search).get("at") || root.dataset.at || "";
}

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  if (text !== null && text !== undefined) node.textContent = String(text);
  return node;
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

function announce(root, text) {
  const live = root.querySelector("[data-announce]");
  if (!live) return;
  live.textContent = "";
  // A fresh text node makes screen readers read it again even when it repeats.
  setTimeout(() => { live.textContent = text; }, 30);
}

async function copyText(root, text) {
  const t = texts(root);
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", { "aria-hidden": "true", class: "oces-offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  announce(root, t.copied);
}

function readFile(file) {
  return file.arrayBuffer();
}

function textBytes(text) {
  return new TextEncoder().encode(text).buffer;
}

function b64(buffer) {
  let s = "";
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function unb64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out.buffer;
}

function dateOnly(iso) {
  return iso ? iso.slice(0, 10) : "";
}

function findingsUrl(t, code) {
  // The findings page anchors each section by the code itself (macros/render.py).
  return t.findings_url + "#" + encodeURIComponent(code);
}

function goUrl(t, code) {
  return new URL(t.go_url.replace("{code}", code), document.baseURI).href;
}

// ---------------------------------------------------------------- progress (both widgets)

// A drop zone: highlights while a file is dragged over it and hands the dropped file on.
function dropZone(zone, onFile) {
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (e) => { e.preventDefault(); zone.classList.add("oces-dragging"); });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("oces-dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("oces-dragging");
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) onFile(file, performance.now());
  });
}

function setupProgress(root) {
  const t = texts(root);
  const bar = root.querySelector("[data-progress] progress");
  const label = root.querySelector("[data-progress-text]");
  const stages = ["runtime", "trust"];
  listeners.add((msg) => {
    if (msg.type === "progress") {
      const i = stages.indexOf(msg.stage);
      bar.value = i + 1;
      label.textContent = format(t.progress, { step: i + 1, steps: stages.length + 1, stage: t.stages[msg.stage] });
    } else if (msg.type === "ready") {
      bar.value = stages.length + 1;
      label.textContent = t.stages.ready;
      root.querySelector("[data-progress]").classList.add("oces-done");
      if (root.dataset.state === "loading") root.dataset.state = "ready";
      root.dataset.readyMs = String(Math.round(msg.ms)); // in the worker, from its start
      root.dataset.readyAt = String(Math.round(performance.now())); // from navigation start
    } else if (msg.type === "failed") {
      label.textContent = t.stages.failed;
      root.querySelector("[data-progress]").classList.add("oces-failed");
    }
  });
}

// ---------------------------------------------------------------- the checker

function renderFinding(t, f) {
  const li = el("li", { "data-code": f.code, "data-severity": f.severity, class: "oces-finding oces-" + f.severity });
  const head = el("p", { class: "oces-finding-message" });
  head.append(el("span", { class: "oces-severity" }, t.severity[f.severity] || f.severity), " ");
  head.append(el("span", {}, f.message));
  li.append(head);
  if (f.hint) li.append(el("p", { class: "oces-finding-hint" }, f.hint));
  const more = el("p", { class: "oces-finding-link" });
  more.append(el("a", { href: findingsUrl(t, f.code) }, format(t.finding_link, { code: f.code })));
  li.append(more);
  return li;
}

function summaryText(t, report) {
  const c = report.certificate || {};
  const lines = [t.summary_title];
  const verdict = (env) => (report.environments[env].accepted ? t.verdict.accepted : t.verdict.rejected);
  lines.push(`${t.labels.verdict_test}: ${verdict("test")}`);
  lines.push(`${t.labels.verdict_prod}: ${verdict("prod")}`);
  if (report.file) lines.push(`${t.labels.file}: ${report.file}`);
  if (report.certificate) {
    lines.push(`${t.labels.generation}: ${c.generation || "-"}`);
    lines.push(`${t.labels.kind}: ${c.kind || "-"}`);
    lines.push(`${t.labels.cvr}: ${c.cvr || "-"}`);
    if (c.fid) lines.push(`FID: ${c.fid}`);
    if (c.uuid) lines.push(`UUID: ${c.uuid}`);
    lines.push(`${t.labels.validity}: ${c.not_before} – ${c.not_after}`);
    lines.push(`${t.labels.subject}: ${c.subject}`);
    lines.push(`${t.labels.issuer}: ${c.issuer_cn || "-"}`);
    lines.push(`SHA-256: ${c.sha256}`);
  }
  lines.push(`${t.labels.findings}:`);
  for (const f of report.findings) lines.push(`- ${f.code} (${f.severity}): ${goUrl(t, f.code)}`);
  const at = report.at || "";
  lines.push(format(t.summary_checked, { at: at || new Date().toISOString() }));
  return lines.join("\n");
}

function setupChecker(root) {
  const t = texts(root);
  const fileInput = root.querySelector("input[type=file]");
  const textArea = root.querySelector("textarea[data-input='pem']");
  const checkText = root.querySelector("[data-action='check-text']");
  const drop = root.querySelector("[data-drop]");
  const status = root.querySelector("[data-status]");
  const result = root.querySelector("[data-result]");
  let queued = null;
  let current = null; // {report, name, data}

  listeners.add((msg) => {
    if (msg.type === "ready" && queued) {
      root.dataset.state = "working";
      status.textContent = format(t.working, { name: queued });
    }
    if (msg.type === "failed") status.textContent = t.stages.failed;
  });

  async function run(name, buffer, started = performance.now()) {
    const keep = buffer.slice(0); // a copy for "use in the registration message"
    if (ready) {
      root.dataset.state = "working";
      status.textContent = format(t.working, { name });
    } else {
      queued = name;
      status.textContent = format(t.queued, { name });
    }
    try {
      const report = await request(
        { type: "check", name, data: buffer, at: validationTime(root), lang: root.dataset.lang },
        [buffer],
      );
      queued = null;
      current = { report, name, data: keep };
      render(report);
      root.dataset.resultMs = String(Math.round(performance.now() - started));
      root.dataset.checks = String(Number(root.dataset.checks || 0) + 1);
      root.dataset.state = "done";
      // For scripts and tests: the full JSON report (the CLI's `check --json` element).
      root.dispatchEvent(new CustomEvent("oces-report", { detail: report }));
    } catch (err) {
      queued = null;
      status.textContent = format(t.error, { error: err.message });
      root.dataset.state = ready ? "ready" : root.dataset.state;
      root.dataset.checks = String(Number(root.dataset.checks || 0) + 1);
      root.dispatchEvent(new CustomEvent("oces-report", { detail: { error: err.message } }));
    }
  }

  function render(report) {
    const c = report.certificate;
    const test = report.environments.test.accepted;
    const prod = report.environments.prod.accepted;
    for (const [env, ok] of [["test", test], ["prod", prod]]) {
      const v = result.querySelector(`[data-field='verdict-${env}']`);
      v.dataset.value = ok ? "accepted" : "rejected";
      v.textContent = ok ? t.verdict.accepted : t.verdict.rejected;
    }
    const fields = {
      generation: c && c.generation ? t.generation[c.generation] || c.generation : null,
      kind: c && c.kind ? t.kind[c.kind] || c.kind : null,
      cvr: c && c.cvr,
      fid: c && c.fid,
      uuid: c && c.uuid,
      environment: report.chain && report.chain.environment ? t.environment[report.chain.environment] : null,
      "not-before": c && dateOnly(c.not_before),
      "not-after": c && dateOnly(c.not_after),
      subject: c && c.subject,
      issuer: c && c.issuer_cn,
      chain: report.chain && report.chain.path && report.chain.path.length ? report.chain.path.join(" → ") : null,
      sha256: c && c.sha256,
      file: report.file,
    };
    for (const [name, value] of Object.entries(fields)) {
      const field = result.querySelector(`[data-field='${name}']`);
      if (!field) continue;
      field.textContent = value || t.none;
      const row = field.closest("[data-row]");
      if (row) row.hidden = !value && (name === "fid" || name === "uuid" || name === "cvr");
    }
    const list = result.querySelector("[data-findings]");
    list.replaceChildren(...report.findings.map((f) => renderFinding(t, f)));
    const codes = new Set(report.findings.map((f) => f.code));
    result.querySelector("[data-warning='private-key']").hidden = !codes.has("input.private-key");
    result.querySelector("[data-warning='pkcs12']").hidden = !codes.has("input.pkcs12");
    result.querySelector("[data-facts]").hidden = !c;
    result.querySelector("[data-action='use-in-message']").hidden = !c;
    const headline = test && prod ? t.headline.both : test ? t.headline.test : prod ? t.headline.prod : t.headline.none;
    const h = result.querySelector("[data-headline]");
    h.textContent = headline;
    h.dataset.value = test || prod ? "accepted" : "rejected";
    result.hidden = false;
    status.textContent = "";
    announce(root, `${headline} ${t.labels.verdict_test}: ${test ? t.verdict.accepted : t.verdict.rejected}. `
      + `${t.labels.verdict_prod}: ${prod ? t.verdict.accepted : t.verdict.rejected}.`);
  }

  fileInput.addEventListener("change", async () => {
    const started = performance.now();
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    const data = await readFile(file);
    fileInput.value = ""; // choosing the same file again checks it again
    run(file.name, data, started);
  });
  checkText.addEventListener("click", () => {
    run(t.pasted_name, textBytes(textArea.value));
  });
  dropZone(drop, async (file, started) => run(file.name, await readFile(file), started));

  root.addEventListener("click", (e) => {
    const btn = e.target.closest("[data-action]");
    if (!btn || !current) return;
    const c = current.report.certificate || {};
    if (btn.dataset.action === "copy") {
      const value = c[btn.dataset.copy];
      if (value) copyText(root, value);
    } else if (btn.dataset.action === "copy-summary") {
      copyText(root, summaryText(t, { ...current.report, at: validationTime(root) }));
    } else if (btn.dataset.action === "use-in-message") {
      const env = current.report.environments;
      const slot = env.prod.accepted && !env.test.accepted ? "prod" : "test";
      const slots = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}");
      slots[slot] = { name: current.name, data: b64(current.data) };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(slots));
      location.href = btn.dataset.href + location.search;
    }
  });
}

// ---------------------------------------------------------------- the message builder

function setupMessage(root) {
  const t = texts(root);
  const slots = {};
  const out = root.querySelector("[data-field='message']");
  const findings = root.querySelector("[data-findings]");
  const status = root.querySelector("[data-status]");
  const buildBtn = root.querySelector("[data-action='build']");
  let message = null;

  for (const fs of root.querySelectorAll("[data-slot]")) {
    const name = fs.dataset.slot;
    const slot = { name: null, data: null, fs };
    slots[name] = slot;
    const fileInput = fs.querySelector("input[type=file]");
    const pem = fs.querySelector("textarea[data-input='pem']");
    const slotStatus = fs.querySelector("[data-slot-status]");
    const show = async () => {
      if (!slot.data) { slotStatus.textContent = ""; delete fs.dataset.value; return; }
      slotStatus.textContent = format(ready ? t.working : t.queued, { name: slot.name });
      try {
        const report = await request({
          type: "check", name: slot.name, data: slot.data.slice(0), at: validationTime(root), lang: root.dataset.lang,
        });
        const ok = report.environments[name].accepted;
        fs.dataset.value = ok ? "accepted" : "rejected";
        const who = report.certificate
          ? [report.certificate.subject_cn, report.certificate.cvr && `CVR ${report.certificate.cvr}`].filter(Boolean).join(", ")
          : slot.name;
        slotStatus.textContent = format(ok ? t.slot_ok : t.slot_refused, { name: who, env: t.environment[name] });
      } catch (err) {
        slotStatus.textContent = format(t.error, { error: err.message });
      }
    };
    slot.show = show;
    fileInput.addEventListener("change", async () => {
      const file = fileInput.files && fileInput.files[0];
      if (!file) return;
      slot.name = file.name;
      slot.data = await readFile(file);
      pem.value = "";
      show();
    });
    pem.addEventListener("change", () => {
      if (!pem.value.trim()) return;
      slot.name = t.pasted_name;
      slot.data = textBytes(pem.value);
      fileInput.value = "";
      show();
    });
    dropZone(fs, async (file) => {
      slot.name = file.name;
      slot.data = await readFile(file);
      show();
    });
  }

  // A certificate handed over from the checker ("use in the registration message").
  try {
    const handed = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "{}");
    for (const [name, value] of Object.entries(handed)) {
      if (!slots[name] || !value || !value.data) continue;
      slots[name].name = value.name;
      slots[name].data = unb64(value.data);
      const handed = slots[name].fs.querySelector("[data-slot-name]");
      handed.textContent = value.name;
      handed.parentElement.hidden = false;
      slots[name].show();
    }
    sessionStorage.removeItem(STORAGE_KEY);
  } catch { /* nothing handed over */ }

  async function build() {
    const payload = {};
    for (const [name, slot] of Object.entries(slots)) {
      const ws = slot.fs.querySelector("[data-input='ws']").value;
      payload[name] = slot.data ? { name: slot.name, data: slot.data.slice(0), ws } : null;
    }
    if (!payload.test && !payload.prod) {
      status.textContent = t.need_certificate;
      return;
    }
    root.dataset.state = "working";
    status.textContent = ready ? t.building : t.queued_build;
    try {
      const result = await request({ type: "message", slots: payload, at: validationTime(root), lang: root.dataset.lang });
      message = result.message || null;
      out.textContent = message || "";
      root.querySelector("[data-output]").hidden = !message;
      findings.replaceChildren(...(result.findings || []).map((f) => renderFinding(t, f)));
      status.textContent = message ? t.built : t.not_built;
      announce(root, status.textContent);
      for (const btn of root.querySelectorAll("[data-action='copy-message'], [data-action='download']")) btn.disabled = !message;
      root.dataset.builds = String(Number(root.dataset.builds || 0) + 1);
      root.dataset.state = "done";
      root.dispatchEvent(new CustomEvent("oces-message", { detail: result }));
    } catch (err) {
      status.textContent = format(t.error, { error: err.message });
      root.dataset.state = "ready";
      root.dataset.builds = String(Number(root.dataset.builds || 0) + 1);
      root.dispatchEvent(new CustomEvent("oces-message", { detail: { error: err.message } }));
    }
  }

  buildBtn.addEventListener("click", build);
  root.querySelector("[data-action='copy-message']").addEventListener("click", () => {
    if (message) copyText(root, message);
  });
  root.querySelector("[data-action='download']").addEventListener("click", () => {
    if (!message) return;
    const url = URL.createObjectURL(new Blob([message], { type: "text/plain;charset=utf-8" }));
    const a = el("a", { href: url, download: t.download_name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
}

// ---------------------------------------------------------------- repeat visits

// The service worker keeps the pinned runtime files (by their sha256) so that a second
// visit does not download them again, whatever cache headers the host sends.
// It is registered only once the runtime is ready, so that a first visit loads at full
// speed (streaming, no detour); then it copies what the browser already holds.
function setupServiceWorker(root) {
  if (!("serviceWorker" in navigator) || !root.dataset.sw) return;
  const url = new URL(root.dataset.sw, document.baseURI);
  listeners.add((msg) => {
    if (msg.type !== "ready") return;
    navigator.serviceWorker.register(url, { scope: new URL("./", url).pathname })
      .then(() => navigator.serviceWorker.ready)
      .then((r) => r.active && r.active.postMessage({ type: "warm" }))
      .catch((err) => console.warn("service worker:", err));
  });
}

if (roots.length) {
  startWorker();
  for (const root of roots) {
    setupProgress(root);
    if (root.dataset.widget === "cert-check") setupChecker(root);
    else setupMessage(root);
  }
  setupServiceWorker(roots[0]);
}
