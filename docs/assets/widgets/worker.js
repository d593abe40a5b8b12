// Module Web Worker: runs Pyodide and our `checks` package, off the page's main thread.
//
// Everything is served by the site itself: Pyodide from ../pyodide/, our wheels listed
// with their sha256 in ../pyodide/pyodide-lock.json (Pyodide refuses a wheel whose
// digest differs), the trust anchors from ../pyodide/trust-anchors.pem.
//
// Messages in:  {type: "check", id, name, data: ArrayBuffer, at, lang, password?}
//               {type: "message", id, at, lang, slots: {test|prod: {name, data, ws}},
//                optional: {supplier, system, contact}}
//               {type: "files", id, data: ArrayBuffer, path: [names], password?}  (downloads, hand-over)
//               A `password` opens a PKCS#12 file's certificate part for that one request;
//               it is passed to Python and dropped, never logged or posted back.
//               {type: "verify", id, checks: [SignatureCheck fields, bytes as hex]}
//               {type: "summary", id, report, at, lang, site}   (the checker's support summary)
//               {type: "answer", id, summary | data+name, at, lang, answers, site}  (answers page)
// Messages out: {type: "progress", stage, bytes?, total?}  stages: runtime, trust
//               {type: "ready", ms, start: "snapshot" | "full", snapshot: "cache" | "network" | null}
//               | {type: "failed", error}
//               {type: "result", id, result} | {type: "error", id, error}
import { loadPyodide } from "../pyodide/pyodide.mjs";

const t0 = performance.now();
const base = new URL("../pyodide/", import.meta.url);
const post = (msg) => self.postMessage(msg);

// Filled in by the site build (hooks/pyodide_bundle.py): the memory snapshot to start
// from ({file, integrity}, or null) and the size of each runtime file, for the progress.
// Left as null (the source file unbuilt), the worker does the full start.
const START = /*__OCES_START__*/null;

// Requests that arrive before the runtime is ready wait here, in order.
const queue = [];
let api = null;
let runtime = null;

// The pure-Python ciphers for a PKCS#12 certificate part (pinned wheels in the lock file),
// loaded on the first request with a password, not at start-up.
const PKCS12_PACKAGES = ["pyaes", "pydes", "rc2"];
let pkcs12Loaded = null;
function pkcs12Ciphers() {
  pkcs12Loaded = pkcs12Loaded || runtime.loadPackage(PKCS12_PACKAGES, { messageCallback: () => {} });
  return pkcs12Loaded;
}
const hasPassword = (msg) => typeof msg.password === "string";

self.onmessage = (event) => {
  if (api) handle(event.data);
  else queue.push(event.data);
};

// Bytes of the runtime received so far, counted as the bodies stream in (after any
// Content-Encoding is undone, so they add up to the files' sizes), posted at most ~8
// times a second.
let received = 0;
let expected = 0;
let lastPost = 0;
let counting = true; // until ready: later downloads (packages loaded on demand) show no start progress
function progress(force = false) {
  if (!counting) return;
  const now = performance.now();
  if (!force && now - lastPost < 120) return;
  lastPost = now;
  post({ type: "progress", stage: "runtime", bytes: received, total: Math.max(expected, received) });
}
const nativeFetch = self.fetch.bind(self);
self.fetch = async (input, init) => {
  const response = await nativeFetch(input, init);
  if (!response.ok || !response.body) return response;
  // A copy of the body is read only to count; Pyodide gets the response itself, so that
  // the browser can still keep the compiled WebAssembly in its code cache (it does that
  // only for a response that came from the network or a cache, not for one made here).
  const reader = response.clone().body.getReader();
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      progress();
    }
  })().catch(() => {});
  return response;
};

function sizeOf(...names) {
  const sizes = (START && START.sizes) || {};
  return names.reduce((n, name) => n + (sizes[name] || 0), 0);
}

async function fetchBytes(url, options) {
  const r = await fetch(url, options);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

// The build ships the snapshot without its all-zero pages (hooks/snapshot_pages.py: magic,
// full length and page size as little-endian uint32, a bitmap of the pages kept, the kept
// pages); this puts the zeros back. Anything else throws, and the worker starts in full.
const PACKED_MAGIC = "OCESZP1\0";
function expandSnapshot(packed) {
  if (String.fromCharCode(...packed.subarray(0, 8)) !== PACKED_MAGIC) throw new Error("snapshot: not packed");
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const total = view.getUint32(8, true);
  const page = view.getUint32(12, true);
  const count = Math.ceil(total / page);
  const bitmap = packed.subarray(16, 16 + Math.ceil(count / 8));
  const out = new Uint8Array(total);
  let at = 16 + bitmap.length;
  for (let n = 0; n < count; n++) {
    if (!((bitmap[n >> 3] >> (n & 7)) & 1)) continue;
    const size = Math.min(page, total - n * page);
    if (at + size > packed.length) throw new Error("snapshot: cut short");
    out.set(packed.subarray(at, at + size), n * page);
    at += size;
  }
  if (at !== packed.length) throw new Error("snapshot: wrong length");
  return out;
}

// The snapshot's bytes: straight from the service worker's cache when it holds them (it
// stores only bytes that passed this same digest, under a key that names it: sw.js keyFor),
// which saves the trip through the service worker and hashing the snapshot again on every
// repeat visit; otherwise from the network, checked by Subresource Integrity.
let snapshotFrom = null; // "cache" or "network", for the ready message
async function snapshotBytes() {
  const { file, integrity } = START.snapshot;
  try {
    const key = new URL(`${file}?sha256=${encodeURIComponent(integrity)}`, base).href;
    const hit = self.caches && (await caches.match(key));
    if (hit) {
      const bytes = new Uint8Array(await hit.arrayBuffer());
      received += bytes.byteLength;
      snapshotFrom = "cache";
      return expandSnapshot(bytes);
    }
  } catch (err) {
    // No Cache Storage here (a private window, a storage error): the network then.
  }
  snapshotFrom = "network";
  return expandSnapshot(await fetchBytes(new URL(file, base), { integrity }));
}

// The quick start: Pyodide's memory as it was right after our modules were imported and
// the anchors parsed, made at build time with the same Pyodide. Its digest is checked
// before it is used (above); any failure means the full start instead.
async function fromSnapshot() {
  const snapshot = snapshotBytes();
  const pyodide = await loadPyodide({
    indexURL: base.href,
    lockFileURL: new URL("pyodide-lock.json", base).href,
    _loadSnapshot: snapshot,
    stderr: (line) => console.warn(line),
  });
  runtime = pyodide; // loadPackage on demand (the .p12 ciphers) works after a snapshot start too
  const browser = pyodide.pyimport("checks.browser");
  // The snapshot was made after init(): its anchors are those the build bundled.
  if (!browser._state.has("trust")) throw new Error("snapshot without trust anchors");
  return browser;
}

async function fullStart() {
  // The anchors are fetched while Python starts.
  const anchors = fetchBytes(new URL("trust-anchors.pem", base));
  const pyodide = await loadPyodide({
    indexURL: base.href,
    lockFileURL: new URL("pyodide-lock.json", base).href,
    // Listed here, the wheels download while the runtime boots (integrity-checked).
    packages: ["oces-checks"],
    stderr: (line) => console.warn(line),
  });
  post({ type: "progress", stage: "trust" });
  runtime = pyodide;
  const browser = pyodide.pyimport("checks.browser");
  await browser.init(await anchors);
  return browser;
}

async function start() {
  let how = "full";
  if (START && START.snapshot) {
    expected = sizeOf("pyodide.asm.wasm", "python_stdlib.zip", START.snapshot.file);
    progress(true);
    try {
      api = await fromSnapshot();
      how = "snapshot";
    } catch (err) {
      console.warn("snapshot start failed, starting in full:", err);
    }
  }
  if (!api) {
    received = 0;
    expected = sizeOf("pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "trust-anchors.pem")
      + Object.entries((START && START.sizes) || {}).filter(([n]) => n.endsWith(".whl")).reduce((n, [, s]) => n + s, 0);
    progress(true);
    api = await fullStart();
  }
  counting = false;
  post({ type: "ready", ms: performance.now() - t0, start: how, snapshot: how === "snapshot" ? snapshotFrom : null });
  while (queue.length) await handle(queue.shift());
}

async function handle(msg) {
  try {
    let json;
    if ((msg.type === "check" || msg.type === "files") && hasPassword(msg)) await pkcs12Ciphers();
    const password = hasPassword(msg) ? msg.password : undefined;
    if (msg.type === "check") {
      json = await api.check(new Uint8Array(msg.data), msg.name || "", msg.at || "", msg.lang || "da", password);
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
      json = api.files(new Uint8Array(msg.data), JSON.stringify(msg.path || []), password);
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
    // A request that could not be cloned arrives as null: it still gets an answer of its own.
    post({ type: "error", id: msg && msg.id, error: String(err && err.message ? err.message : err) });
  }
}

start().catch((err) => post({ type: "failed", error: String(err && err.stack ? err.stack : err) }));
