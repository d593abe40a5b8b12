// Small progressive enhancements; the pages work without them.
// 1. Copy-link buttons (steps, support page): copy the permanent /go/ link or the step link.
// 2. The language switcher keeps the current #anchor, so /…#step lands on the same step.
// 3. The support page's filter box: typing hides the links that do not match (rows,
//    and a topic's heading and table when none of its rows match).
// 4. Copy buttons under the flows' commands and programs: they copy the box's text as is.
// 5. On a phone the closed navigation drawer is `inert`: Tab does not land in it.
// 6. Search results in the page's language first (one index holds both languages).
(function () {
  "use strict";

  function siteRoot() {
    var el = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(el.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function linkFor(button) {
    var slug = button.getAttribute("data-slug");
    var lang = button.getAttribute("data-lang") || document.documentElement.lang || "da";
    if (slug) {
      return new URL((lang === "da" ? "" : lang + "/") + "go/" + slug + "/", siteRoot()).href;
    }
    var url = new URL(location.href);
    url.hash = button.getAttribute("data-anchor") || "";
    return url.href;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  var status;
  function announce(text) {
    if (!status) {
      status = document.createElement("div");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  function setUp() {
    var buttons = document.querySelectorAll("button.copy-link");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      // A step's tools line: the button replaces the plain link (see site.css).
      var tools = button.closest(".step__tools");
      if (tools) { tools.classList.add("step__tools--js"); }
      button.addEventListener("click", function () {
        var url = linkFor(button);
        button.setAttribute("data-url", url);
        copyText(url).then(function () {
          button.classList.add("copy-link--done");
          announce((button.getAttribute("data-copied") || "Copied") + ": " + url);
          setTimeout(function () { button.classList.remove("copy-link--done"); }, 2000);
        }, function () {
          window.prompt("", url);
        });
      });
    });
  }

  // Keep the #anchor when switching language (same page paths and anchors in both).
  // Material's own handler would go to the other language's page without the anchor,
  // so this one runs first (capture phase) and navigates itself.
  document.addEventListener("click", function (event) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) { return; }
    var a = event.target.closest && event.target.closest(".md-select a[hreflang]");
    if (!a) { return; }
    var url = new URL(a.getAttribute("href"), location.href);
    if (!url.hash && location.hash) { url.hash = location.hash; }
    event.preventDefault();
    event.stopPropagation();
    location.href = url.href;
  }, true);

  function setUpFilter() {
    var root = document.querySelector("[data-support-links]");
    if (!root) { return; }
    var box = root.querySelector("#support-filter");
    var count = root.querySelector(".support-filter__count");
    var tables = Array.prototype.slice.call(root.querySelectorAll("table"));
    var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
    function words(text) { return text.toLocaleLowerCase().split(/\s+/).filter(Boolean); }
    function apply() {
      var wanted = words(box.value);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLocaleLowerCase();
        var match = wanted.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      tables.forEach(function (table) {
        var any = table.querySelector("tbody tr:not([hidden])") !== null;
        var wrap = table.closest(".md-typeset__scrollwrap") || table;
        wrap.hidden = !any;
        var heading = wrap.previousElementSibling;
        if (heading && /^H[2-6]$/.test(heading.tagName)) { heading.hidden = !any; }
      });
      count.textContent = wanted.length ? count.getAttribute("data-shown")
        .replace("{shown}", String(shown)).replace("{total}", String(rows.length)) : "";
    }
    box.addEventListener("input", apply);
    box.closest(".support-filter").hidden = false;
  }

  function setUpCodeCopy() {
    var buttons = document.querySelectorAll("button.copy-code");
    Array.prototype.forEach.call(buttons, function (button) {
      var box = button.parentNode.previousElementSibling;
      if (!box || box.tagName !== "PRE") { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = box.textContent;
        copyText(text).then(function () {
          button.classList.add("copy-link--done");
          announce(button.getAttribute("data-copied") || "Copied");
          setTimeout(function () { button.classList.remove("copy-link--done"); }, 2000);
        }, function () { window.prompt("", text); });
      });
    });
  }

  // Material's drawer is a checkbox (#__drawer) and an off-screen sidebar; closed, its links
  // still take Tab presses on a phone. `inert` while closed at the drawer's widths only.
  function setUpDrawer() {
    var toggle = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !drawer || !window.matchMedia) { return; }
    var phone = window.matchMedia("(max-width: 76.234375em)");
    function apply() {
      var closed = phone.matches && !toggle.checked;
      if (closed) { drawer.setAttribute("inert", ""); } else { drawer.removeAttribute("inert"); }
    }
    toggle.addEventListener("change", apply);
    if (phone.addEventListener) { phone.addEventListener("change", apply); }
    apply();
  }

  // The page's language from its address: English pages are under <site>/en/.
  function searchLanguageFirst() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || !window.MutationObserver) { return; }
    var en = new URL("en/", siteRoot()).href;
    var here = location.href.indexOf(en) === 0;
    function mine(item) {
      var a = item.querySelector("a[href]");
      return a ? (a.href.indexOf(en) === 0) === here : true;
    }
    var busy = false;
    function order() {
      if (busy) { return; }
      var items = Array.prototype.slice.call(list.children);
      var first = items.filter(mine);
      var rest = items.filter(function (i) { return !mine(i); });
      var sorted = first.concat(rest);
      if (sorted.every(function (item, n) { return item === items[n]; })) { return; }
      busy = true;
      sorted.forEach(function (item) { list.appendChild(item); });
      busy = false;
    }
    new MutationObserver(order).observe(list, { childList: true });
  }

  function start() {
    setUp();
    setUpFilter();
    setUpCodeCopy();
    setUpDrawer();
    searchLanguageFirst();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
