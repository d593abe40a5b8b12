// The page's side of the Pyodide worker: one worker for the page, requests answered by id,
// and the worker's progress messages passed on to whoever listens.
//
// A worker that fails while it works (Pyodide's fatal error after a stack overflow, a
// worker that dies, a request unanswered past TIMEOUT_MS) is ended and replaced by a new
// one: the request that failed is refused with `err.replaced = true`, listeners hear
// {type: "replaced"}, and the next request waits for the new worker as the first did.

let worker = null;
let failed = null;
let nextId = 1;
const pending = new Map();
const listeners = new Set();

// Bounded work answers in well under 2 s (bench/hostile.py); a request still unanswered
// after this long, counted from when the worker was ready, is taken as a hang.
const TIMEOUT_MS = 20000;
// What Pyodide and the engines say when the runtime can no longer be used.
const FATAL = /fatal error|Maximum call stack|call stack size|too much recursion|out of memory|RangeError|RuntimeError: unreachable|memory access out of bounds/i;

export const state = { ready: false, replaced: 0 };

export function onWorker(fn) {
  listeners.add(fn);
}

function tell(msg) {
  for (const fn of listeners) fn(msg);
}

// A Python traceback is no text for a page: only its last line, without the exception's class.
export function readable(error) {
  const text = String(error || "");
  if (!/Traceback \(most recent call last\)|\n\s+File "/.test(text)) return text.split("\n")[0].slice(0, 300);
  const last = text.trim().split("\n").filter((l) => l.trim()).pop() || "";
  return last.replace(/^(\w+\.)*\w*(Error|Exception):\s*/, "").slice(0, 300);
}

function timeoutMs() {
  // Tests shorten it to see a hang handled (globalThis.OCES_WORKER_TIMEOUT_MS).
  return Number(globalThis.OCES_WORKER_TIMEOUT_MS) || TIMEOUT_MS;
}

function replace(reason) {
  if (worker) worker.terminate();
  worker = null;
  state.ready = false;
  state.replaced += 1;
  console.error("worker replaced:", reason);
  for (const p of pending.values()) {
    clearTimeout(p.timer);
    const err = new Error(reason);
    err.replaced = true;
    p.reject(err);
  }
  pending.clear();
  tell({ type: "replaced", error: reason });
  startWorker();
}

// Each request's clock runs once the worker is ready (booting the runtime is no hang).
function arm(p) {
  if (p.timer || !state.ready) return;
  const ms = timeoutMs();
  p.timer = setTimeout(() => replace(`no answer within ${Math.round(ms / 1000)} s`), ms);
}

function settle(p) {
  clearTimeout(p.timer);
  return p;
}

export function startWorker() {
  const w = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  worker = w;
  failed = null;
  w.onmessage = ({ data: msg }) => {
    if (w !== worker || !msg || typeof msg !== "object") return; // an old worker's last words, or none
    if (msg.type === "result" || msg.type === "error") {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (p) settle(p);
      if (msg.type === "error" && FATAL.test(msg.error)) {
        if (p) pending.set(msg.id, p); // refused by replace(), with the others
        replace(readable(msg.error));
        return;
      }
      if (p) (msg.type === "result" ? p.resolve(msg.result) : p.reject(new Error(readable(msg.error))));
      return;
    }
    if (msg.type === "ready") {
      state.ready = true;
      for (const p of pending.values()) arm(p);
    }
    if (msg.type === "failed") {
      failed = readable(msg.error);
      console.error(msg.error);
      for (const p of pending.values()) settle(p).reject(new Error(failed));
      pending.clear();
    }
    tell(msg);
  };
  w.onerror = (event) => {
    event.preventDefault(); // handled here, also an old worker's: never an uncaught error on the page
    if (w !== worker) return;
    if (state.ready) {
      replace(event.message || "worker error"); // it died while working: a new one
      return;
    }
    failed = event.message || "worker error";
    tell({ type: "failed", error: failed });
  };
}

// Sends a request; the worker itself queues it until the runtime is ready.
export function request(msg, transfer = []) {
  if (failed) return Promise.reject(new Error(failed));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const p = { resolve, reject, timer: null };
    pending.set(id, p);
    worker.postMessage({ ...msg, id }, transfer);
    arm(p);
  });
}
