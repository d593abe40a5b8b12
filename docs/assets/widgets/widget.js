// The certificate checker and the registration-message builder (page side): the entry.
//
// Loaded only by pages that hold a widget (the macros in macros/widgets.py write the
// <script type="module"> tag). It starts the Pyodide worker at once, shows its progress
// and hands each widget to its view; the views queue what the user chooses before the
// runtime is ready. The modules, one job each:
//   client.js   the worker: requests and progress      dom.js      small DOM/text helpers
//   checker.js  the checker's view                     builder.js  the builder's view
//   facts.js    what is shown about a certificate      findings.js findings and the summary
//   drop.js     drop targets                           files.js    clipboard and downloads
//   ics.js      the calendar reminder                  storage.js  sessionStorage
//
// Test hooks: the validation time defaults to now; `?at=<ISO-8601>` in the page address
// (or a `data-at` attribute on the widget root) fixes it, e.g. ?at=2024-01-01T00:00:00Z.
// After each check the checker root counts `data-checks` up and fires an `oces-report`
// event whose `detail` is the JSON report; the builder counts `data-builds` and fires
// `oces-message` with {message, ok, findings, reports}; each slot check counts
// `data-slot-checks` up.

import { onWorker, startWorker } from "./client.js";
import { format, texts } from "./dom.js";

const roots = [...document.querySelectorAll(
  "[data-widget='cert-check'], [data-widget='registration-message'], [data-widget='support-answers']")];

function setupProgress(root) {
  const t = texts(root);
  const bar = root.querySelector("[data-progress] progress");
  const label = root.querySelector("[data-progress-text]");
  const stages = ["runtime", "trust"];
  // The bar shows the download in percent while the runtime arrives, then the steps.
  bar.max = 100;
  let shown = -1;
  onWorker((msg) => {
    if (msg.type === "progress") {
      const i = stages.indexOf(msg.stage);
      let text = format(t.progress, { step: i + 1, steps: stages.length + 1, stage: t.stages[msg.stage] });
      if (msg.stage === "runtime" && msg.total) {
        const percent = Math.min(100, Math.floor((100 * msg.bytes) / msg.total));
        bar.value = Math.round(percent * 0.9); // the last tenth: starting and the anchors
        // The text (read out by screen readers) changes every tenth, the bar continuously.
        if (Math.floor(percent / 10) === shown && msg.bytes) return;
        shown = Math.floor(percent / 10);
        // Percent of the files' bytes (what travels is less where the server compresses).
        text += " " + format(t.bytes, { percent });
        text += " " + t.second_visit;
      } else {
        bar.value = 90 + 5 * i;
      }
      label.textContent = text;
    } else if (msg.type === "ready") {
      bar.value = 100;
      label.textContent = root.dataset.widget === "registration-message" ? t.stages.ready_message : t.stages.ready;
      root.querySelector("[data-progress]").classList.add("oces-done");
      if (root.dataset.state === "loading") root.dataset.state = "ready";
      root.dataset.readyMs = String(Math.round(msg.ms)); // in the worker, from its start
      root.dataset.readyAt = String(Math.round(performance.now())); // from navigation start
      root.dataset.start = msg.start || "full"; // "snapshot" when the memory snapshot was used
      if (msg.snapshot) root.dataset.snapshotFrom = msg.snapshot; // read from Cache Storage or fetched
    } else if (msg.type === "failed") {
      label.textContent = t.stages.failed;
      root.querySelector("[data-progress]").classList.add("oces-failed");
    }
  });
}

// The service worker keeps the pinned runtime files (by their sha256) so that a second
// visit does not download them again, whatever cache headers the host sends.
// It is registered only once the runtime is ready, so that a first visit loads at full
// speed (streaming, no detour); then it copies what the browser already holds.
function setupServiceWorker(root) {
  if (!("serviceWorker" in navigator) || !root.dataset.sw) return;
  const url = new URL(root.dataset.sw, document.baseURI);
  onWorker((msg) => {
    if (msg.type !== "ready") return;
    navigator.serviceWorker.register(url, { scope: new URL("./", url).pathname })
      .then(() => navigator.serviceWorker.ready)
      .then((r) => r.active && r.active.postMessage({ type: "warm" }))
      .catch((err) => console.warn("service worker:", err));
  });
}

if (roots.length) {
  // The worker starts first; the views load beside it (the page preloads them).
  startWorker();
  for (const root of roots) setupProgress(root);
  setupServiceWorker(roots[0]);
  for (const root of roots) {
    if (root.dataset.widget === "cert-check") import("./checker.js").then((m) => m.setupChecker(root));
    else if (root.dataset.widget === "support-answers") import("./answers.js").then((m) => m.setupAnswers(root));
    else import("./builder.js").then((m) => m.setupMessage(root));
  }
}
