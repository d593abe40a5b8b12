// The page's side of the Pyodide worker: one worker for the page, requests answered by id,
// and the worker's progress messages passed on to whoever listens.

let worker = null;
let failed = null;
let nextId = 1;
const pending = new Map();
const listeners = new Set();

export const state = { ready: false };

export function onWorker(fn) {
  listeners.add(fn);
}

function tell(msg) {
  for (const fn of listeners) fn(msg);
}

export function startWorker() {
  worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data: msg }) => {
    if (msg.type === "result" || msg.type === "error") {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (p) (msg.type === "result" ? p.resolve(msg.result) : p.reject(new Error(msg.error)));
      return;
    }
    if (msg.type === "ready") state.ready = true;
    if (msg.type === "failed") {
      failed = msg.error;
      console.error(msg.error);
      for (const p of pending.values()) p.reject(new Error(msg.error));
      pending.clear();
    }
    tell(msg);
  };
  worker.onerror = (event) => {
    failed = event.message || "worker error";
    tell({ type: "failed", error: failed });
  };
}

// Sends a request; the worker itself queues it until the runtime is ready.
export function request(msg, transfer = []) {
  if (failed) return Promise.reject(new Error(failed));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...msg, id }, transfer);
  });
}
