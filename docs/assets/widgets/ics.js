// A calendar reminder (RFC 5545) to renew a certificate, made in the browser: one all-day
// event some weeks before the certificate expires, with an alarm on the day.

// RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT;
// CONTROL characters are not allowed there (§3.1, TSAFE-CHAR) and are removed, as are the
// other line separators and bidi overrides (a name must not forge a line or reorder one).
const NOT_TEXT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
export function escapeText(text) {
  return String(text).replace(/\r\n|\r|\n|\u2028|\u2029|\x85/g, "\n").replace(NOT_TEXT, "")
    .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
}

// §3.1: lines longer than 75 octets are folded with CRLF and one space, never inside a
// UTF-8 character.
export function fold(line) {
  const enc = new TextEncoder();
  const out = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    if (size + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join("\r\n ");
}

const basicDate = (d) => d.toISOString().slice(0, 10).replace(/-/g, "");
const basicTime = (d) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");

// {uid, summary, description, url, expires (ISO), weeksBefore, now (the validation time)}
// → the .ics text. A reminder day already past moves to `now`.
export function reminder({ uid, summary, description, url, expires, weeksBefore = 8, now = new Date() }) {
  const end = new Date(expires);
  let day = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - 7 * weeksBefore);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (day < today) day = today; // already inside the window: remind today
  const next = new Date(day);
  next.setUTCDate(next.getUTCDate() + 1);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//oces-checks//certificate reminder//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${String(uid).replace(/[^A-Za-z0-9@._+\/=-]/g, "").slice(0, 200)}`,
    `DTSTAMP:${basicTime(new Date())}`,
    `DTSTART;VALUE=DATE:${basicDate(day)}`,
    `DTEND;VALUE=DATE:${basicDate(next)}`,
    `SUMMARY:${escapeText(summary)}`,
    `DESCRIPTION:${escapeText(description)}`,
    ...(url ? [`URL:${url}`] : []),
    "TRANSP:TRANSPARENT",
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    `DESCRIPTION:${escapeText(summary)}`,
    "TRIGGER:PT9H",
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}
