// The journey checklist (docs/journey.md): shows the tick boxes that the page renders
// hidden, and keeps the ticks in this browser's localStorage under one key, as a list
// of task ids. Nothing else is stored and nothing is sent. Without this script the
// page is a plain ordered list of links.
(function () {
  "use strict";

  var KEY = "oces-journey";

  function load() {
    try {
      var ids = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (e) {
      return []; // storage blocked or the value damaged: start with no ticks
    }
  }

  function save(ids) {
    try {
      if (ids.length) { localStorage.setItem(KEY, JSON.stringify(ids)); } else { localStorage.removeItem(KEY); }
    } catch (e) { /* storage blocked: the ticks last as long as the page */ }
  }

  function setUp(root) {
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox][data-task]"));
    var progress = root.querySelector(".journey__progress");
    var template = root.getAttribute("data-progress") || "{done} / {total}";

    function ticked() {
      return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute("data-task"); });
    }

    function show() {
      var done = ticked();
      boxes.forEach(function (b) { b.closest("li").classList.toggle("journey__task--done", b.checked); });
      progress.textContent = template.replace("{done}", String(done.length)).replace("{total}", String(boxes.length));
    }

    var stored = load();
    boxes.forEach(function (b) {
      b.checked = stored.indexOf(b.getAttribute("data-task")) !== -1;
      b.closest(".journey__tick").hidden = false;
      b.addEventListener("change", function () { save(ticked()); show(); });
    });
    root.querySelector("[data-action=reset]").addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      save([]);
      show();
    });
    root.querySelector(".journey__controls").hidden = false;
    root.setAttribute("data-ready", "true");
    show();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-widget=journey]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
