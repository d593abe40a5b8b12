// Values from the input (file names, subjects, CNs) made safe for a line of text on the
// page: the JavaScript twin of checks/textsafe.py. Controls, format characters (bidi
// overrides), line and paragraph separators are written as visible escapes; long values
// are cut for people (the JSON report and the downloaded certificates keep them whole).

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/gu;
export const ELLIPSIS = "…";

function escape(ch) {
  const code = ch.codePointAt(0);
  const hex = (n, w) => n.toString(16).padStart(w, "0");
  return code < 0x100 ? `\\x${hex(code, 2)}` : code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
}

// `value` on one line: unsafe characters escaped, cut to `limit` characters with "…".
export function oneLine(value, limit = 200) {
  let text = value === null || value === undefined ? "" : String(value);
  if (limit && text.length > limit * 4) text = text.slice(0, limit * 4); // bound the work first
  const out = text.replace(UNSAFE, escape);
  return limit && out.length > limit ? out.slice(0, Math.max(limit - 1, 0)) + ELLIPSIS : out;
}

// Cut only (for text that is shown whole otherwise): long values shortened, nothing escaped.
export function shorten(value, limit = 300) {
  const text = value === null || value === undefined ? "" : String(value);
  return text.length > limit ? text.slice(0, limit - 1) + ELLIPSIS : text;
}

// Removed, not escaped: for file names and calendar text, where a visible escape helps nobody.
export function withoutControls(value) {
  return String(value === null || value === undefined ? "" : value).replace(UNSAFE, "");
}
