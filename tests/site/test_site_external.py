"""No request leaves the origin: the built HTML, CSS and JS load nothing from another
site. Links in text to other sites (<a href>) are fine."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host
LOADING_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "prefetch",
                     "manifest", "apple-touch-icon", "mask-icon", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
JS_LOAD = re.compile(
    r"""(?:importScripts|import|fetch|new\s+Worker|new\s+SharedWorker|new\s+EventSource|new\s+WebSocket"""
    r"""|sendBeacon)\s*\(\s*(['"`])((?:[a-z][a-z0-9+.-]*:)?//[^'"`]*)\1"""
    r"""|\bfrom\s*(['"])((?:https?:)?//[^'"]*)\3""", re.I)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._style = False

    def _check(self, tag, attr, value):
        if value and EXTERNAL.match(value):
            self.found.append(f"<{tag} {attr}={value}>")

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag in {"script", "img", "iframe", "embed", "audio", "video", "source", "track", "input", "frame"}:
            self._check(tag, "src", a.get("src"))
        if tag in {"img", "source"} and a.get("srcset"):
            for part in a["srcset"].split(","):
                self._check(tag, "srcset", part.strip().split(" ")[0])
        if tag == "link" and set(a.get("rel", "").lower().split()) & LOADING_LINK_RELS:
            self._check(tag, "href", a.get("href"))
        if tag == "object":
            self._check(tag, "data", a.get("data"))
        if tag in {"image", "use"}:
            self._check(tag, "href", a.get("href") or a.get("xlink:href"))
        if tag in {"video"}:
            self._check(tag, "poster", a.get("poster"))
        if tag == "form":
            self._check(tag, "action", a.get("action"))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url=(.*)$", a.get("content", ""), re.I)
            if m:
                self._check(tag, "refresh", m.group(1))
        if "style" in a:
            self.found += css_external(a["style"])
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if self._style:
            self.found += css_external(data)


def css_external(text: str) -> list[str]:
    out = []
    for m in CSS_URL.finditer(text):
        url = m.group(2) or m.group(4)
        if url and EXTERNAL.match(url):
            out.append(f"css {url}")
    return out


def js_external(text: str) -> list[str]:
    return [f"js {m.group(2) or m.group(4)}" for m in JS_LOAD.finditer(text)]


def html_external(text: str) -> list[str]:
    s = _Scanner()
    s.feed(text)
    return s.found


def scan(site: Path) -> dict[str, list[str]]:
    problems = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix not in {".html", ".css", ".js", ".mjs"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = {".html": html_external, ".css": css_external}.get(suffix, js_external)(text)
        if found:
            problems[str(path.relative_to(site))] = sorted(set(found))
    return problems


def test_scanner_catches_external_resources():
    html = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
            '<script src="//cdn.example/x.js"></script><img src="http://x/y.png">'
            '<div style="background:url(https://x/b.png)"></div><a href="https://ok.example/">fine</a>'
            '<link rel="alternate" href="https://ok.example/en/" hreflang="en">')
    assert len(html_external(html)) == 4
    assert css_external("@import 'https://x/y.css'; a{background:url(data:image/png;base64,xx)}") == [
        "css https://x/y.css"]
    assert js_external('importScripts("https://cdn.jsdelivr.net/x.js"); fetch("./local.json")') == [
        "js https://cdn.jsdelivr.net/x.js"]
    assert js_external("import x from 'https://esm.sh/x'") == ["js https://esm.sh/x"]
    assert html_external('<a href="https://tilslutning.stil.dk">text</a><script src="../a.js"></script>') == []


def test_built_site_loads_nothing_from_elsewhere(built_site):
    assert any(built_site.rglob("*.html"))
    assert scan(built_site) == {}
