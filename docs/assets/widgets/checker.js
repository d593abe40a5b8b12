// The checker's view: files in (chosen, dropped or pasted, one or several at once),
// reports out, rendered from the report only. One compact row per file when there are
// several, and the details of the one selected.

import { badValidationTime } from "./attime.js";
import { request, state as worker, onWorker } from "./client.js";
import { announce, bump, el, format, longDate, reveal, texts, validationTime } from "./dom.js";
import { dropZone } from "./drop.js";
import { changes, daysLeft, factValues, pairKey, roles, testAndProd } from "./facts.js";
import { b64, copyText, download, safeFileName, textBytes, unb64 } from "./files.js";
import { reminder } from "./ics.js";
import { CHECKER_KEY, clear, handOver, load, save } from "./storage.js";
import { renderFinding, unreadable } from "./findings.js";
import { needsPassword, passwordForm } from "./password.js";
import { oneLine } from "./textsafe.js";

export function setupChecker(root) {
  const t = texts(root);
  const lang = root.dataset.lang;
  const q = (sel) => root.querySelector(sel);
  const fileInput = q("input[type=file]");
  const textArea = q("textarea[data-input='pem']");
  const status = q("[data-status]");
  const result = q("[data-result]");
  const chosen = q("[data-chosen]");
  let entries = []; // {name, report, files}
  let selected = 0;
  let queued = null;

  onWorker((msg) => {
    if (msg.type === "ready" && queued) {
      root.dataset.state = "working";
      status.textContent = format(t.working, { name: queued });
    }
    if (msg.type === "failed") status.textContent = t.stages.failed;
    // A new worker starts: the root waits for it as on first load (widget.js sets "ready").
    if (msg.type === "replaced") root.dataset.state = "loading";
  });

  function persist() {
    const at = validationTime(root);
    save(CHECKER_KEY, { lang, at, selected, entries: entries.map(({ name, report, files }) => ({ name, report, files })) });
  }

  // The leaf and chain as files; asked for after the result is shown (not on its path).
  function withFiles(entry, buffer, password) {
    const opened = typeof password === "string" ? { password } : {};
    entry.filesReady = !entry.report.certificate ? Promise.resolve({})
      : request({ type: "files", data: buffer, path: (entry.report.chain || {}).path || [], ...opened }, [buffer])
        .catch(() => ({}));
    entry.filesReady.then((files) => {
      entry.files = files;
      if (entries[selected] === entry) renderDetails();
      persist();
    });
  }

  // The support summary is written by the worker (checks/summary.py), asked for once the
  // result is shown; the copy button then copies it at once, inside the click.
  function withSummary(entry) {
    entry.summary = null;
    entry.summaryReady = request({ type: "summary", report: entry.report, at: validationTime(root), lang,
      site: new URL(t.site_root, document.baseURI).href })
      .then((r) => { entry.summary = r.text; return r.text; }).catch(() => null);
  }

  async function run(items, started = performance.now(), { focus = true } = {}) {
    if (badValidationTime(root, t)) return; // the lasting message says why nothing is checked
    let lasting = ""; // an error stays on screen after the run, not cleared with the progress
    chosen.textContent = format(t.chosen, { names: items.map((i) => oneLine(i.name, 120)).join(", ") });
    chosen.hidden = false;
    const fresh = [];
    for (const [n, item] of items.entries()) {
      const keep = item.buffer.slice(0); // the worker takes the first copy
      const name = oneLine(item.name, 120);
      const label = items.length > 1 ? format(t.working_many, { name, n: n + 1, count: items.length }) : name;
      if (worker.ready) {
        root.dataset.state = "working";
        status.textContent = format(t.working, { name: label });
      } else {
        queued = label;
        status.textContent = format(t.queued, { name: label });
      }
      try {
        const report = await request(
          { type: "check", name: item.name, data: item.buffer, at: validationTime(root), lang }, [item.buffer]);
        queued = null;
        const entry = { name: item.name, report, files: null };
        // A locked PKCS#12 file stays in memory (never in storage) until its password is typed.
        if (needsPassword(report)) entry.source = keep.slice(0);
        fresh.push(entry);
        entries = fresh.slice();
        selected = 0;
        render();
        announceVerdict(report);
        if (n === 0) root.dataset.resultMs = String(Math.round(performance.now() - started));
        // The summary is ready before the check counts as done (a few ms; the result is shown).
        withSummary(entry);
        await entry.summaryReady;
        bump(root, "checks");
        root.dataset.state = "done";
        // For scripts and tests: the full JSON report (the CLI's `check --json` element).
        root.dispatchEvent(new CustomEvent("oces-report", { detail: report }));
        withFiles(entry, keep);
      } catch (err) {
        queued = null;
        lasting = err.replaced ? format(t.worker_replaced, { name }) : format(t.error, { error: oneLine(err.message, 300) });
        status.textContent = lasting;
        root.dataset.state = worker.ready ? "ready" : root.dataset.state;
        bump(root, "checks");
        root.dispatchEvent(new CustomEvent("oces-report", { detail: { error: err.message } }));
      }
    }
    status.textContent = lasting;
    persist();
    if (focus && entries.length) reveal(q("[data-result-heading]"));
  }

  // The password typed for a locked PKCS#12 file: one check and one files request with
  // it, then it is gone; the file itself is forgotten once its certificate is read.
  async function unlock(entry, password) {
    const buffer = entry.source.slice(0);
    status.textContent = format(t.password.opening, { name: entry.name });
    root.dataset.state = "working";
    try {
      const report = await request({ type: "check", name: entry.name, data: buffer, at: validationTime(root), lang, password }, [buffer]);
      entry.report = report;
      entry.files = null;
      if (!needsPassword(report)) {
        const source = entry.source;
        delete entry.source;
        withFiles(entry, source, password);
      }
      if (entries[selected] === entry) { renderList(); renderDetails(); }
      announceVerdict(report);
      root.dispatchEvent(new CustomEvent("oces-report", { detail: report }));
      // A wrong password: straight back to the (emptied) field; otherwise to the result.
      const again = result.querySelector("[data-password-form] input");
      if (again) again.focus();
      else reveal(q("[data-result-heading]"));
      status.textContent = "";
    } catch (err) {
      status.textContent = format(t.error, { error: err.message }); // stays until the next check
    }
    root.dataset.state = "done";
    bump(root, "checks");
    persist();
  }

  function renderPassword(entry) {
    const old = result.querySelector("[data-password-form]");
    if (old) old.remove();
    if (!entry.source || !needsPassword(entry.report)) return;
    const form = passwordForm(t, entry.name, (password) => unlock(entry, password));
    q("[data-headline]").after(form);
  }

  function render() {
    renderList();
    renderDetails();
    result.hidden = false;
    q("[data-action='clear']").hidden = false;
  }

  function verdictWords(report) {
    const { test, prod } = report.environments;
    if (!report.certificate) return unreadable(t, report);
    return test.accepted && prod.accepted ? t.headline.both : test.accepted ? t.headline.test
      : prod.accepted ? t.headline.prod : t.headline.none;
  }

  function renderList() {
    const list = q("[data-file-list]");
    const role = roles(entries);
    list.hidden = entries.length < 2;
    list.replaceChildren(...entries.map((entry, i) => {
      const r = entry.report;
      const c = r.certificate;
      const mark = (env) => `${t.labels["verdict_" + env]} ${r.environments[env].accepted ? "✔" : "✘"}`;
      const parts = [oneLine(entry.name, 120)];
      if (role[i]) parts.push(t.roles[role[i]]);
      if (c) {
        parts.push(mark("test"), mark("prod"));
        if (c.cvr) parts.push(`CVR ${c.cvr}`);
        parts.push(`${t.fields_short.not_after} ${longDate(c.not_after, lang)}`);
      } else {
        parts.push(unreadable(t, r));
      }
      const btn = el("button", { type: "button", class: "oces-file-row", "data-action": "show", "data-index": i,
        "aria-pressed": String(i === selected), "data-role": role[i] }, parts.join(" · "));
      const li = el("li");
      li.append(btn);
      return li;
    }));
    const pair = testAndProd(entries);
    q("[data-action='pair-to-message']").hidden = !pair;
    const notes = [];
    entries.forEach((e, i) => {
      if (role[i] !== "old") return;
      const newer = entries.find((other, j) => role[j] === "new" && pairKey(other.report) === pairKey(e.report));
      if (!newer) return;
      const changed = changes(t, lang, e, newer).map((ch) => `${t.fields[ch.field] || ch.field}: ${ch.from || t.none} → ${ch.to || t.none}`);
      notes.push(format(t.renewed, { new: oneLine(newer.name, 120), old: oneLine(e.name, 120) }) + (changed.length ? " " + t.changed + " " + changed.join("; ") + "." : ""));
    });
    const note = q("[data-pair-note]");
    note.textContent = notes.join(" ");
    note.hidden = !notes.length;
  }

  function renderDetails() {
    const entry = entries[selected];
    if (!entry) return;
    const report = entry.report;
    const c = report.certificate;
    for (const env of ["test", "prod"]) {
      const ok = report.environments[env].accepted;
      const v = result.querySelector(`[data-field='verdict-${env}']`);
      v.dataset.value = ok ? "accepted" : "rejected";
      v.textContent = ok ? t.verdict.accepted : t.verdict.rejected;
    }
    // No certificate, no verdict: the headline says the file could not be read as one.
    q("[data-verdicts]").hidden = !c;
    const values = factValues(t, lang, report);
    for (const [name, value] of Object.entries(values)) {
      const field = result.querySelector(`[data-field='${name}']`);
      if (!field) continue;
      field.textContent = value;
      field.closest("[data-row]").hidden = !value;
    }
    q("[data-findings]").replaceChildren(...report.findings.map((f) => renderFinding(t, f)));
    const codes = new Set(report.findings.map((f) => f.code));
    q("[data-warning='private-key']").hidden = !codes.has("input.private-key");
    q("[data-facts]").hidden = !c;
    // The hand-over only for a certificate accepted somewhere: the builder would refuse the rest.
    const { test: forTest, prod: forProd } = report.environments;
    q("[data-action='use-in-message']").hidden = !c || !(forTest.accepted || forProd.accepted);
    const files = entry.files || {};
    for (const btn of result.querySelectorAll("[data-action='download']")) {
      btn.hidden = !c;
      btn.disabled = !files.pem || (btn.dataset.download === "chain" && !(report.chain && report.chain.trusted));
    }
    const days = daysLeft(report);
    q("[data-action='ics']").hidden = !c || days === null || days === undefined;
    const headline = verdictWords(report);
    const h = q("[data-headline]");
    h.textContent = headline;
    const { test, prod } = report.environments;
    h.dataset.value = test.accepted || prod.accepted ? "accepted" : "rejected";
    renderPassword(entry);
  }

  function announceVerdict(report) {
    const { test, prod } = report.environments;
    const word = (env) => (env.accepted ? t.verdict.accepted : t.verdict.rejected);
    const headline = verdictWords(report);
    announce(root, report.certificate ? `${headline} ${t.labels.verdict_test}: ${word(test)}. `
      + `${t.labels.verdict_prod}: ${word(prod)}.` : headline);
  }

  function hand(slots) {
    handOver(slots);
    location.href = q("[data-action='use-in-message']").dataset.href + location.search;
  }

  function stem(name) {
    // A download's name from the chosen file's, made safe (files.js); the certificate itself is whole.
    return safeFileName((name || "").replace(/\.[^.]*$/, ""), "certifikat");
  }

  root.addEventListener("click", async (e) => {
    const btn = e.target.closest("[data-action]");
    if (!btn) return;
    const action = btn.dataset.action;
    if (action === "check-text") {
      // An empty box is not an empty file: say what to do instead of checking nothing.
      if (!textArea.value.trim()) {
        status.textContent = t.paste_first;
        announce(root, t.paste_first);
        textArea.focus();
        return;
      }
      run([{ name: t.pasted_name, buffer: textBytes(textArea.value) }]);
      return;
    }
    if (action === "clear") {
      entries = [];
      clear(CHECKER_KEY);
      result.hidden = true;
      chosen.hidden = true;
      btn.hidden = true;
      announce(root, t.cleared);
      return;
    }
    if (action === "show") {
      selected = Number(btn.dataset.index);
      renderList();
      renderDetails();
      persist();
      return;
    }
    const entry = entries[selected];
    if (!entry) return;
    const c = entry.report.certificate || {};
    if (action === "copy") {
      const value = result.querySelector(`[data-field='${btn.dataset.copy}']`).textContent;
      if (value) copyText(root, btn, value, t.copied);
    } else if (action === "copy-summary") {
      const text = entry.summary || await entry.summaryReady;
      if (text) copyText(root, btn, text, t.copied);
    } else if (action === "use-in-message") {
      const files = await entry.filesReady;
      if (!files.pem) return;
      const env = entry.report.environments;
      const slot = env.prod.accepted && !env.test.accepted ? "prod" : "test";
      hand({ [slot]: { name: entry.name, pem: files.pem } });
    } else if (action === "pair-to-message") {
      const pair = testAndProd(entries);
      const [test, prod] = await Promise.all([entries[pair.test].filesReady, entries[pair.prod].filesReady]);
      hand({ test: { name: entries[pair.test].name, pem: test.pem }, prod: { name: entries[pair.prod].name, pem: prod.pem } });
    } else if (action === "download") {
      const files = entry.files || {};
      const kind = btn.dataset.download;
      if (kind === "cer") download(`${stem(entry.name)}.cer`, [unb64(files.der)], "application/pkix-cert");
      if (kind === "pem") download(`${stem(entry.name)}.pem`, [files.pem], "application/x-pem-file");
      if (kind === "chain") download(`${stem(entry.name)}${t.chain_suffix}.pem`, [files.chain], "application/x-pem-file");
    } else if (action === "ics") {
      const date = longDate(c.not_after, lang);
      const who = oneLine(c.subject_cn || entry.name, 200); // on one line: a name cannot add lines to the reminder
      const ids = [c.cvr && `CVR ${c.cvr}`, c.uuid && `UUID ${c.uuid}`, c.fid && `FID ${c.fid}`,
        c.serial && `${t.fields.serial} ${c.serial}`].filter(Boolean).join(", ");
      const text = reminder({
        uid: `${c.sha256 || b64(textBytes(entry.name)).slice(0, 64)}@oces-checks`,
        summary: format(t.ics_summary, { name: who, date }),
        description: format(t.ics_description, { name: who, date, ids, url: new URL(t.renewal_url, document.baseURI).href }),
        url: new URL(t.renewal_url, document.baseURI).href,
        expires: c.not_after,
        weeksBefore: t.ics_weeks,
        now: new Date(entry.report.checked_at || Date.now()), // the validation time is "now"
      });
      download(`${stem(entry.name)}${t.ics_suffix}.ics`, [text], "text/calendar;charset=utf-8");
    }
  });

  fileInput.addEventListener("change", async () => {
    const started = performance.now();
    const files = [...(fileInput.files || [])];
    if (!files.length) return;
    const items = await Promise.all(files.map(async (f) => ({ name: f.name, buffer: await f.arrayBuffer() })));
    fileInput.value = ""; // choosing the same file again checks it again
    run(items, started);
  });
  dropZone(root, async (files, started) => {
    run(await Promise.all(files.map(async (f) => ({ name: f.name, buffer: await f.arrayBuffer() }))), started);
  });

  badValidationTime(root, t); // said at once, before anything is chosen

  // A file chosen before this module had loaded.
  if (fileInput.files && fileInput.files.length) fileInput.dispatchEvent(new Event("change"));

  // Coming back (Back, or the other language): show what was checked in this tab.
  const stored = load(CHECKER_KEY);
  if (stored && stored.entries && stored.entries.length) {
    if (stored.lang === lang && stored.at === validationTime(root)) {
      entries = stored.entries.map((e) => ({ ...e, filesReady: Promise.resolve(e.files || {}) }));
      entries.forEach(withSummary);
      selected = Math.min(stored.selected || 0, entries.length - 1);
      chosen.textContent = format(t.chosen, { names: entries.map((e) => oneLine(e.name, 120)).join(", ") });
      chosen.hidden = false;
      render();
      root.dataset.restored = "true";
    } else {
      // Texts and verdicts follow the page: check the kept certificates again.
      const items = stored.entries.filter((e) => e.files && e.files.pem)
        .map((e) => ({ name: e.name, buffer: textBytes(e.files.pem) }));
      if (items.length) run(items, performance.now(), { focus: false }).then(() => { root.dataset.restored = "true"; });
    }
  }
}
