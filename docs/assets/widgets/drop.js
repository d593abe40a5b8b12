// Drop targets: a zone highlights while files are dragged over it and hands them on.
// Files dropped anywhere else on the page are ignored instead of making the browser
// leave the page to open them.

let guarded = false;

function hasFiles(e) {
  return e.dataTransfer && [...e.dataTransfer.types].includes("Files");
}

export function guardPage() {
  if (guarded) return;
  guarded = true;
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (e) => { if (hasFiles(e)) e.preventDefault(); });
  }
}

export function dropZone(zone, onFiles) {
  guardPage();
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      zone.classList.add("oces-dragging");
    });
  }
  zone.addEventListener("dragleave", (e) => {
    if (!zone.contains(e.relatedTarget)) zone.classList.remove("oces-dragging");
  });
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    e.stopPropagation(); // an inner zone (a builder slot) takes it, not the widget around it
    zone.classList.remove("oces-dragging");
    const files = e.dataTransfer ? [...e.dataTransfer.files] : [];
    if (files.length) onFiles(files, performance.now());
  });
}
