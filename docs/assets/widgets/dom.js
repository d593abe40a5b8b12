// Small DOM and text helpers shared by the two widgets. Certificate data is always
// written with textContent, never innerHTML.

export function texts(root) {
  return JSON.parse(root.querySelector("script[type='application/json'][data-texts]").textContent);
}

export function validationTime(root) {
  return new URLSearchParams(location.search).get("at") || root.dataset.at || "";
}

export function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  if (text !== null && text !== undefined) node.textContent = String(text);
  return node;
}

export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

export function announce(root, text) {
  const live = root.querySelector("[data-announce]");
  if (!live) return;
  live.textContent = "";
  // A fresh text node makes screen readers read it again even when it repeats.
  setTimeout(() => { live.textContent = text; }, 30);
}

// "12. marts 2026" / "12 March 2026": the page language's own long date, in UTC as the
// certificate states it.
export function longDate(iso, lang) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "da-DK",
    { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(iso));
}

// Brings a result into view and moves focus to its heading (tabindex="-1").
export function reveal(heading) {
  heading.scrollIntoView({ block: "start" });
  heading.focus({ preventScroll: true });
}

export function bump(root, name) {
  root.dataset[name] = String(Number(root.dataset[name] || 0) + 1);
}
