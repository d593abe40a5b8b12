// A finding as the page shows it, and the plain-text summary for a support request.

import { el, format } from "./dom.js";
import { colonHex, expiryText } from "./facts.js";

function findingsUrl(t, code) {
  // The findings page anchors each section by the code itself (macros/render.py).
  return t.findings_url + "#" + encodeURIComponent(code);
}

function goUrl(t, code) {
  return new URL(t.go_url.replace("{code}", code), document.baseURI).href;
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
  return report.findings.some((f) => f.code === "input.pkcs12") ? t.headline.locked : t.headline.unreadable;
}

export function summaryText(t, lang, report, at) {
  const c = report.certificate || {};
  const yes = (env) => (report.environments[env].accepted ? t.verdict.accepted : t.verdict.rejected);
  const lines = [t.summary_title];
  if (report.file) lines.push(`${t.labels.file}: ${report.file}`);
  if (!report.certificate) {
    lines.push(unreadable(t, report));
  } else {
    lines.push(`${t.labels.verdict_test}: ${yes("test")}`, `${t.labels.verdict_prod}: ${yes("prod")}`);
    lines.push(`${t.labels.generation}: ${c.generation || "-"}`);
    lines.push(`${t.labels.kind}: ${c.kind || "-"}`);
    lines.push(`${t.labels.cvr}: ${c.cvr || "-"}`);
    if (c.fid) lines.push(`FID: ${c.fid}`);
    if (c.uuid) lines.push(`UUID: ${c.uuid}`);
    lines.push(`${t.labels.validity}: ${c.not_before} – ${c.not_after} (${expiryText(t, lang, report)})`);
    lines.push(`${t.labels.subject}: ${c.subject}`);
    lines.push(`${t.labels.issuer}: ${c.issuer_cn || "-"}`);
    if (c.serial) lines.push(`${t.fields.serial}: ${colonHex(c.serial, false)}`);
    // Plain hex, as the JSON report has them: support staff search for them as given.
    lines.push(`SHA-256: ${c.sha256}`);
    if (c.sha1) lines.push(`SHA-1: ${c.sha1}`);
  }
  lines.push(`${t.labels.findings}:`);
  // The severity as the page shows it, in the page's language, beside the stable code.
  for (const f of report.findings) {
    lines.push(`- ${f.code} (${(t.severity[f.severity] || f.severity).replace(/:$/, "")}): ${goUrl(t, f.code)}`);
  }
  lines.push(format(t.summary_checked, { at: at || report.checked_at || new Date().toISOString() }));
  return lines.join("\n");
}
