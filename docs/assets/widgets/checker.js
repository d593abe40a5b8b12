// The checker's view: files in (chosen, dropped or pasted, one or several at once),
// reports out, rendered from the report only. One compact row per file when there are
// several, and the details of the one selected.

import { request, state as worker, onWorker } from "./client.js";
import { announce, bump, el, format, longDate, reveal, texts, validationTime } from "./dom.js";
import { dropZone } from "./drop.js";
import { changes, daysLeft, factValues, pairKey, roles, testAndProd } from "./facts.js";
import { b64, copyText, download, textBytes, unb64 } from "./files.js";
import { reminder } from "./ics.js";
import { CHECKER_KEY, clear, handOver, load, save } from "./storage.js";
import { renderFinding, summaryText, unreadable } from "./findings.js";

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
  });

  function persist() {
    const at = validationTime(root);
    save(CHECKER_KEY, { lang, at, selected, entries: entries.map(({ name, report, files }) => ({ name, report, files })) });
  }

  // The leaf and chain as files; asked for after the result is shown (not on its path).
  function withFiles(entry, buffer) {
    entry.filesReady = !entry.report.certificate ? Promise.resolve({})
      : request({ type: "files", data: buffer, path: (entry.report.chain || {}).path || [] }, [buffer])
        .catch(() => ({}));
    entry.filesReady.then((files) => {
      entry.files = files;
      if (entries[selected] === entry) renderDetails();
      persist();
    });
  }

  async function run(items, started = performance.now(), { focus = true } = {}) {
    chosen.textContent = format(t.chosen, { names: items.map((i) => i.name).join(", ") });
    chosen.hidden = false;
    const fresh = [];
    for (const [n, item] of items.entries()) {
      const keep = item.buffer.slice(0); // the worker takes the first copy
      const label = items.length > 1 ? format(t.working_many, { name: item.name, n: n + 1, count: items.length }) : item.name;
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
        fresh.push(entry);
        entries = fresh.slice();
        selected = 0;
        render();
        announceVerdict(report);
        if (n === 0) root.dataset.resultMs = String(Math.round(performance.now() - started));
        bump(root, "checks");
        root.dataset.state = "done";
        // For scripts and tests: the full JSON report (the CLI's `check --json` element).
        root.dispatchEvent(new CustomEvent("oces-report", { detail: report }));
        withFiles(entry, keep);
      } catch (err) {
        queued = null;
        status.textContent = format(t.error, { error: err.message });
        root.dataset.state = worker.ready ? "ready" : root.dataset.state;
        bump(root, "checks");
        root.dispatchEvent(new CustomEvent("oces-report", { detail: { error: err.message } }));
      }
    }
    status.textContent = "";
    persist();
    if (focus && entries.length) reveal(q("[data-result-heading]"));
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
      const parts = [entry.name];
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
      notes.push(format(t.renewed, { new: newer.name, old: e.name }) + (changed.length ? " " + t.changed + " " + changed.join("; ") + "." : ""));
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
    return (name || "certifikat").replace(/\.[^.]*$/, "") || "certifikat";
  }

  root.addEventListener("click", async (e) => {
    const btn = e.target.closest("[data-action]");
    if (!btn) return;
    const action = btn.dataset.action;
    if (action === "check-text") {
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
      copyText(root, btn, summaryText(t, lang, entry.report, validationTime(root)), t.copied);
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
      const who = c.subject_cn || entry.name;
      const ids = [c.cvr && `CVR ${c.cvr}`, c.uuid && `UUID ${c.uuid}`, c.fid && `FID ${c.fid}`,
        c.serial && `${t.fields.serial} ${c.serial}`].filter(Boolean).join(", ");
      const text = reminder({
        uid: `${c.sha256 || b64(textBytes(entry.name))}@oces-checks`,
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

  // A file chosen before this module had loaded.
  if (fileInput.files && fileInput.files.length) fileInput.dispatchEvent(new Event("change"));

  // Coming back (Back, or the other language): show what was checked in this tab.
  const stored = load(CHECKER_KEY);
  if (stored && stored.entries && stored.entries.length) {
    if (stored.lang === lang && stored.at === validationTime(root)) {
      entries = stored.entries.map((e) => ({ ...e, filesReady: Promise.resolve(e.files || {}) }));
      selected = Math.min(stored.selected || 0, entries.length - 1);
      chosen.textContent = format(t.chosen, { names: entries.map((e) => e.name).join(", ") });
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
