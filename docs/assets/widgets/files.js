// What leaves the widget: the clipboard (with visible feedback on the button itself)
// and files made in the browser (Blob downloads). Nothing is sent anywhere.

import { announce, el } from "./dom.js";
import { withoutControls } from "./textsafe.js";

// A download's file name from a name the input gave (the chosen file's): controls, bidi
// overrides and line breaks removed, path separators and the characters Windows refuses
// replaced, no leading dot, at most 100 characters; `fallback` when nothing is left.
export function safeFileName(name, fallback) {
  const cleaned = withoutControls(name).replace(/[\\/:*?"<>|]+/g, "_").replace(/\s+/g, " ")
    .trim().replace(/^[.\s_]+/, "").slice(0, 100).trim();
  return cleaned || fallback;
}

export async function copyText(root, button, text, copiedText) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", { "aria-hidden": "true", class: "oces-offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  announce(root, copiedText);
  if (!button) return;
  // The button says so for a moment: a sighted user sees that the copy happened.
  if (!button.dataset.label) button.dataset.label = button.textContent;
  button.textContent = copiedText;
  button.dataset.copied = "true";
  clearTimeout(button._copiedTimer);
  button._copiedTimer = setTimeout(() => {
    button.textContent = button.dataset.label;
    delete button.dataset.copied;
  }, 2000);
}

export function download(name, parts, type) {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Base64 of bytes and back, with the browser's own btoa/atob (sessionStorage holds text).
export function b64(buffer) {
  let s = "";
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function unb64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out.buffer;
}

export function textBytes(text) {
  return new TextEncoder().encode(text).buffer;
}
