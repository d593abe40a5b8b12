// What survives following a link and coming back, and switching language: the checker's
// results and the builder's inputs, in sessionStorage (this tab only, gone when it
// closes). Only certificates are kept (the leaf as PEM, never the file as chosen, so no
// private key or PKCS#12 is stored); nothing is ever written to localStorage.

export const CHECKER_KEY = "oces-checker";
export const BUILDER_KEY = "oces-builder";

export function load(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

// What one key may hold. A certificate with a 1 MB name would otherwise be stored (and
// parsed and drawn again on every visit) whole: long texts are cut first, and what is
// still too large is not kept at all (the page works on; it forgets on leaving).
export const MAX_STORED = 256 * 1024;
const MAX_TEXT = 2000;
const FILE_KEYS = new Set(["pem", "der", "chain"]);

// `value` with every text longer than MAX_TEXT cut; a certificate file too long to keep
// whole (`pem`, `der`, `chain`) is left out rather than cut, so it is never re-read broken.
export function bounded(value) {
  if (typeof value === "string") return value.length > MAX_TEXT ? value.slice(0, MAX_TEXT - 1) + "…" : value;
  if (Array.isArray(value)) return value.map(bounded);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (FILE_KEYS.has(k) && typeof v === "string" && v.length > MAX_STORED / 4) continue;
      out[k] = bounded(v);
    }
    return out;
  }
  return value;
}

export function save(key, value) {
  try {
    let text = JSON.stringify(value);
    if (text.length > MAX_STORED) text = JSON.stringify(bounded(value));
    if (text.length > MAX_STORED) {
      sessionStorage.removeItem(key);
      return;
    }
    sessionStorage.setItem(key, text);
  } catch {
    // Storage full or switched off: the page works on, it just forgets on leaving.
  }
}

export function clear(key) {
  sessionStorage.removeItem(key);
}

// The checker hands certificates to the builder: {test|prod: {name, pem}}.
export function handOver(slots) {
  const state = load(BUILDER_KEY) || {};
  state.slots = { ...(state.slots || {}), ...slots };
  state.handed = Object.keys(slots);
  save(BUILDER_KEY, state);
}
