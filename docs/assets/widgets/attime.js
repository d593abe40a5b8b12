// The validation time given in the page address (?at=, a test and support hook), checked
// on the page before anything is sent: a bad one is a visible, lasting message on the tool
// pages, not a failed check. The forms are those checks/clock.py accepts (Python's
// datetime.fromisoformat, a trailing Z for UTC), in the page's words.

import { el, validationTime } from "./dom.js";

const ISO = new RegExp(
  "^(\\d{4})-?(\\d{2})-?(\\d{2})" // date, extended or basic
  + "(?:[T ](\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,]\\d{1,6})?)?)?)?" // time
  + "(?:[Zz]|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2}(?:\\.\\d{1,6})?)?)?)?$", // zone
);

// Whether `text` is a time the checks can use ("" = now).
export function validTime(text) {
  const s = String(text || "").trim();
  if (!s) return true;
  const m = ISO.exec(s);
  if (!m) return false;
  const [, y, mo, d, h = "0", mi = "0", se = "0"] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return Number(y) >= 1 && day.getUTCMonth() === Number(mo) - 1 && day.getUTCDate() === Number(d)
    && Number(h) < 24 && Number(mi) < 60 && Number(se) < 60;
}

// Shows the lasting message when the validation time is bad; true when it is.
export function badValidationTime(root, t) {
  const at = validationTime(root);
  let note = root.querySelector("[data-at-error]");
  if (validTime(at)) {
    if (note) note.remove();
    return false;
  }
  if (!note) {
    note = el("p", { "data-at-error": "", role: "alert", class: "oces-progress oces-failed" });
    root.prepend(note);
  }
  // The value is shown as text (textContent), cut short: it comes from the address.
  const shown = at.length > 60 ? at.slice(0, 59) + "…" : at;
  note.textContent = t.at_invalid.replace("{at}", shown);
  return true;
}
