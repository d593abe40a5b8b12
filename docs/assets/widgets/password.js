// The password field for a PKCS#12 (.p12/.pfx) file whose certificate part is encrypted,
// shown with the file's result (checker) or in its slot (builder). The password goes to
// the worker with that file for one check and is then forgotten: the field is emptied at
// once, and the password is never stored, logged, announced or written into the page.

import { el, format } from "./dom.js";

let counter = 0;

// Whether a report asks for the password (locked) or for it again (wrong password).
export function needsPassword(report) {
  return !!report && report.findings.some((f) => f.code === "input.pkcs12" || f.code === "input.pkcs12-password");
}

// A form; `onPassword(password)` is called on submit (an empty password is a password too).
export function passwordForm(t, name, onPassword) {
  const id = `oces-password-${++counter}`;
  const form = el("form", { class: "oces-password", "data-password-form": "", novalidate: true });
  const label = el("label", { for: id }, format(t.password.label, { name }));
  const input = el("input", {
    id, type: "password", autocomplete: "off", autocapitalize: "off", spellcheck: "false",
    "data-input": "password", "aria-describedby": `${id}-note`,
  });
  const button = el("button", { type: "submit", class: "md-button md-button--primary", "data-action": "open-pkcs12" },
    t.password.submit);
  const note = el("p", { id: `${id}-note`, class: "oces-password__note" }, t.password.note);
  const row = el("div", { class: "oces-password__row" });
  row.append(input, button);
  form.append(label, row, note);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    e.stopPropagation();
    const value = input.value;
    input.value = "";
    onPassword(value);
  });
  return form;
}
