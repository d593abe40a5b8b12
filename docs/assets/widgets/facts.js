// What the checker shows about one certificate, worked out from its report: plain values,
// formatted the way people are asked for them. Pure functions: report and texts in, strings out.

import { format, longDate } from "./dom.js";
import { oneLine } from "./textsafe.js";

// Shown values on one line and at most SHOWN_MAX characters: a name of 50 000 characters
// or a 1 MB issuer would block the page's layout for seconds (the JSON report keeps them whole).
export const SHOWN_MAX = 300;
const shortValues = (values) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, oneLine(v, SHOWN_MAX)]));

export function colonHex(hex, upper = true) {
  if (!hex) return "";
  const even = hex.length % 2 ? "0" + hex : hex;
  const pairs = even.match(/../g).join(":");
  return upper ? pairs.toUpperCase() : pairs.toLowerCase();
}

export function daysLeft(report) {
  return report.certificate ? report.certificate.days_left : null;
}

export function expiryText(t, lang, report) {
  if (!report.certificate) return "";
  const days = daysLeft(report); // null once expired
  const date = longDate(report.certificate.not_after, lang);
  if (days === null || days === undefined) return format(t.expiry.expired, { date });
  if (days === 0) return format(t.expiry.today, { date });
  return format(days === 1 ? t.expiry.one : t.expiry.left, { days, date });
}

export function keyText(t, key) {
  if (!key || !key.type) return "";
  const type = key.type.toUpperCase();
  return key.size ? format(t.key_bits, { type, bits: key.size }) : type;
}

export function issuerText(t, issuer, environment) {
  if (!issuer) return "";
  const words = environment && t.issuer_environment ? t.issuer_environment[environment] : "";
  return words ? format(words, { issuer }) : issuer;
}

// Field name → shown value ("" when the certificate does not have it).
export function factValues(t, lang, report) {
  const c = report.certificate || {};
  const chain = report.chain || {};
  return shortValues({
    generation: c.generation ? t.generation[c.generation] || c.generation : "",
    kind: c.kind ? t.kind[c.kind] || c.kind : "",
    cvr: c.cvr || "",
    fid: c.fid || "",
    uuid: c.uuid || "",
    "subject-serial": c.subject_serial || "",
    environment: chain.environment ? t.environment[chain.environment] : "",
    expires: expiryText(t, lang, report),
    // Dates in words, as everywhere else on the page (issue 15: one format per language).
    "not-before": longDate(c.not_before, lang),
    "not-after": longDate(c.not_after, lang),
    serial: colonHex(c.serial, false),
    "serial-decimal": c.serial_decimal || "",
    sha256: colonHex(c.sha256),
    "sha256-hex": c.sha256 || "",
    sha1: colonHex(c.sha1),
    "sha1-hex": c.sha1 || "",
    key: keyText(t, c.key),
    // Key usage in words; a name the texts do not know is shown as the report spells it.
    "key-usage": (c.key_usage || []).map((u) => (t.key_usage || {})[u] || u).join(", "),
    policies: (c.policies || []).join(", "),
    subject: c.subject || "",
    // The issuer's name alone hides test from production (OCES3 test CAs have the same CN):
    // the chain's environment goes beside it (newcomer review m20).
    issuer: issuerText(t, c.issuer_cn, chain.environment),
    chain: chain.path && chain.path.length ? chain.path.join(" → ") : "",
    file: report.file || "",
  });
}

// Two certificates of the same organisation and system: which is newer, what changed.
export function pairKey(report) {
  const c = report.certificate;
  if (!c || !c.cvr || !(c.uuid || c.fid)) return null;
  return `${c.cvr}/${c.uuid || c.fid}`;
}

const COMPARED = ["not-before", "not-after", "serial", "issuer", "key", "key-usage", "policies", "subject", "environment"];

export function changes(t, lang, older, newer) {
  const a = factValues(t, lang, older.report);
  const b = factValues(t, lang, newer.report);
  return COMPARED.filter((f) => a[f] !== b[f]).map((f) => ({ field: f, from: a[f], to: b[f] }));
}

// Entries (each {report, files}) → the role of each: "old", "new" or null.
export function roles(entries) {
  const groups = new Map();
  entries.forEach((e, i) => {
    const key = pairKey(e.report);
    if (key) groups.set(key, [...(groups.get(key) || []), i]);
  });
  const out = entries.map(() => null);
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const time = (i) => entries[i].report.certificate.not_before;
    const newest = members.reduce((best, i) => (time(i) > time(best) ? i : best));
    for (const i of members) out[i] = i === newest ? "new" : "old";
  }
  return out;
}

// A test and a production certificate among the entries: their indices, or null.
export function testAndProd(entries) {
  const only = (env, other) => entries.findIndex((e) => e.report.environments[env].accepted
    && !e.report.environments[other].accepted);
  const test = only("test", "prod");
  const prod = only("prod", "test");
  return test >= 0 && prod >= 0 ? { test, prod } : null;
}
