"""Small helpers for the site tests: the built pages, their ids and headings."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from macros import render

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def doc_pages() -> list[str]:
    """Danish source pages (docs-relative), i.e. every *.md that is not *.en.md."""
    return sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")
                  if not p.name.endswith(".en.md") and "_data" not in p.parts)


def url_of(page: str) -> str:
    return render.page_url(page)


def built_page(site: Path, page: str, lang: str) -> Path:
    return site / ("" if lang == "da" else f"{lang}/") / url_of(page) / "index.html"


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    """Ids, the article's h2–h6 headings (outside widgets, whose markup is their own) and steps."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.headings: list[tuple[str, str | None]] = []  # (tag, id)
        self.steps: list[str] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in article, in widget)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        in_article, in_widget = self.stack[-1][1:] if self.stack else (False, False)
        in_article = in_article or tag == "article"
        in_widget = in_widget or "data-widget" in a
        if "id" in a:
            self.ids.append(a["id"])
        step_title = "step__title" in (a.get("class") or "").split()  # a step's heading and anchor
        if in_article and not in_widget and not step_title and re.fullmatch(r"h[2-6]", tag):
            self.headings.append((tag, a.get("id")))
        if step_title:
            self.steps.append(a.get("id"))
        if tag not in VOID:
            self.stack.append((tag, in_article, in_widget))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def collect(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(pg) -> list[dict]:
    """axe-core's violations on the page as it is now (injected from node_modules)."""
    pg.add_script_tag(path=str(AXE))
    return pg.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))""")
