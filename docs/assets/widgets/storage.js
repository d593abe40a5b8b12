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

export function save(key, value) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
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
