// A finding as the page shows it.

import { el, format } from "./dom.js";

function findingsUrl(t, code) {
  // The findings page anchors each section by the code itself (macros/render.py).
  return t.findings_url + "#" + encodeURIComponent(code);
}

export function renderFinding(t, f) {
  const li = el("li", { "data-code": f.code, "data-severity": f.severity, class: "oces-finding oces-" + f.severity });
  const head = el("p", { class: "oces-finding-message" });
  head.append(el("span", { class: "oces-severity" }, t.severity[f.severity] || f.severity), " ");
  head.append(el("span", {}, f.message));
  li.append(head);
  if (f.hint) li.append(el("p", { class: "oces-finding-hint" }, f.hint));
  if (f.guide) {
    const how = el("p", { class: "oces-finding-guide" });
    how.append(el("a", { href: t.lang_root + f.guide.page }, f.guide.title));
    li.append(how);
  }
  const more = el("p", { class: "oces-finding-link" });
  more.append(el("a", { href: findingsUrl(t, f.code) }, format(t.finding_link, { code: f.code })));
  li.append(more);
  return li;
}

export function unreadable(t, report) {
  // A .p12 whose certificate its password locks is no unreadable file: say what locks it.
  const has = (code) => report.findings.some((f) => f.code === code);
  if (has("input.pkcs12")) return t.headline.locked;
  return has("input.pkcs12-password") ? t.headline.wrong_password : t.headline.unreadable;
}

// The support summary is the worker's (checks/summary.py; checker.js asks for it).
