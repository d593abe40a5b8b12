// Module Web Worker: runs Pyodide and our `checks` package, off the page's main thread.
//
// Everything is served by the site itself: Pyodide from ../pyodide/, our wheels listed
// with their sha256 in ../pyodide/pyodide-lock.json (Pyodide refuses a wheel whose
// digest differs), the trust anchors from ../pyodide/trust-anchors.pem.
//
// Messages in:  {type: "check", id, name, data: ArrayBuffer, at, lang}
//               {type: "message", id, at, lang, slots: {test|prod: {name, data, ws}},
//                optional: {supplier, system, contact}}
//               {type: "files", id, data: ArrayBuffer, path: [names]}  (downloads, hand-over)
//               {type: "verify", id, checks: [SignatureCheck fields, bytes as hex]}
//               {type: "summary", id, report, at, lang, site}   (the checker's support summary)
//               {type: "answer", id, summary | data+name, at, lang, answers, site}  (answers page)
// Messages out: {type: "progress", stage}  stages: runtime, trust
//               {type: "ready", ms} | {type: "failed", error}
//               {type: "result", id, result} | {type: "error", id, error}
import { loadPyodide } from "../pyodide/pyodide.mjs";

const t0 = performance.now();
const base = new URL("../pyodide/", import.meta.url);
const post = (msg) => self.postMessage(msg);

// Requests that arrive before the runtime is ready wait here, in order.
const queue = [];
let api = null;

self.onmessage = (event) => {
  if (api) handle(event.data);
  else queue.push(event.data);
};

async function start() {
  post({ type: "progress", stage: "runtime" });
  // The anchors are fetched while Python starts.
  const anchors = fetch(new URL("trust-anchors.pem", base)).then((r) => {
    if (!r.ok) throw new Error(`trust-anchors.pem: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  const pyodide = await loadPyodide({
    indexURL: base.href,
    lockFileURL: new URL("pyodide-lock.json", base).href,
    // Listed here, the wheels download while the runtime boots (integrity-checked).
    packages: ["oces-checks"],
    stderr: (line) => console.warn(line),
  });
  post({ type: "progress", stage: "trust" });
  const browser = pyodide.pyimport("checks.browser");
  await browser.init(new Uint8Array(await anchors));
  api = browser;
  post({ type: "ready", ms: performance.now() - t0 });
  while (queue.length) await handle(queue.shift());
}

async function handle(msg) {
  try {
    let json;
    if (msg.type === "check") {
      json = await api.check(new Uint8Array(msg.data), msg.name || "", msg.at || "", msg.lang || "da");
    } else if (msg.type === "message") {
      // An empty slot is `undefined`, which Python receives as None.
      const slot = (s) => (s && s.data ? [new Uint8Array(s.data), s.name || ""] : [undefined, ""]);
      const [td, tn] = slot(msg.slots.test);
      const [pd, pn] = slot(msg.slots.prod);
      json = await api.message(
        td, tn, (msg.slots.test && msg.slots.test.ws) || "",
        pd, pn, (msg.slots.prod && msg.slots.prod.ws) || "",
        msg.at || "", msg.lang || "da", JSON.stringify(msg.optional || {}),
      );
    } else if (msg.type === "files") {
      json = api.files(new Uint8Array(msg.data), JSON.stringify(msg.path || []));
    } else if (msg.type === "verify") {
      // Signature checks as data: the WebCrypto backend's conformance test uses this.
      json = await api.verify(JSON.stringify(msg.checks));
    } else if (msg.type === "summary") {
      json = api.summary(JSON.stringify(msg.report), msg.lang || "da", msg.at || "", msg.site || "");
    } else if (msg.type === "answer") {
      json = await api.answer(msg.summary || "", msg.data ? new Uint8Array(msg.data) : undefined, msg.name || "",
        msg.at || "", msg.lang || "da", JSON.stringify(msg.answers || {}), msg.site || "");
    } else {
      throw new Error(`unknown request ${msg.type}`);
    }
    post({ type: "result", id: msg.id, result: JSON.parse(json) });
  } catch (err) {
    // Errors inside a worker are silent unless posted back.
    post({ type: "error", id: msg.id, error: String(err && err.message ? err.message : err) });
  }
}

start().catch((err) => post({ type: "failed", error: String(err && err.stack ? err.stack : err) }));
