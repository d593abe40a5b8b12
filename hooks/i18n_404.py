"""Keeps the default language's 404 page at the site root.

Each language build writes Material's 404.html to the root of the site, so the last
build (English) would win. After the default-language build this hook remembers its
404 page; after another language's build it moves that build's 404 into the
language's folder (e.g. en/404.html) and puts the default one back.

The 404 page has no page of its own, so its language selector would point at the
last page the i18n plugin saw; while the 404 template renders, each language's
entry points at that language's home page instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

_saved: dict[str, str] = {}
_alternates: list = []  # the page alternates set aside while the 404 page renders
_MISSING = object()


def _default_language(config) -> str:
    i18n = config["plugins"].get("i18n")
    return getattr(i18n, "default_language", None) or config["theme"]["language"]


def on_pre_template(template, template_name, config):
    # The i18n plugin keeps the configured alternates (each language's home page) as the
    # item and sets each page's own as an attribute, which the template reads first.
    if template_name == "404.html" and config.extra.get("alternate"):
        _alternates[:] = [getattr(config.extra, "alternate", _MISSING)]
        config.extra.alternate = config.extra["alternate"]
    return template


def on_post_template(output_content, template_name, config):
    if template_name == "404.html" and _alternates:
        before = _alternates.pop()
        if before is _MISSING:
            delattr(config.extra, "alternate")
        else:
            config.extra.alternate = before
    return output_content


def on_post_build(config):
    site = Path(config["site_dir"])
    page = site / "404.html"
    if not page.is_file():
        return
    lang = config["theme"]["language"]
    default = _default_language(config)
    if lang == default:
        _saved[str(site)] = page.read_text(encoding="utf-8")
        return
    saved = _saved.get(str(site))
    if saved is None:
        return
    target = site / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    page.write_text(saved, encoding="utf-8")
    answer_alternate_sitemaps(site)  # after the last language's build: every page is there


# Material's language selector fetches `sitemap.xml` beside every `link rel=alternate`
# of a page, as if each alternate were a language's root; with the i18n plugin they are
# the page's own counterparts, so every page logged two 404s (issue 15, review n22) that
# hide real errors in support screenshots. assets/site.js switches language itself, so
# Material needs no map: an empty sitemap answers those requests. Crawlers read the root's.
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<!-- Not a sitemap: the site's sitemap is /sitemap.xml. This file only answers the theme's"
    " language selector. -->\n"
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)
_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="[^"]*">')


def answer_alternate_sitemaps(site: Path) -> list[Path]:
    """Writes the empty sitemap beside every alternate that has none; returns those written."""
    written = []
    for html in site.rglob("*.html"):
        rel = html.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        base = f"http://site/{rel}"
        for href in _ALTERNATE.findall(html.read_text(encoding="utf-8")):
            path = urlsplit(urljoin(base, href)).path.lstrip("/")
            target = site / path / "sitemap.xml"
            if not target.exists() and (site / path).is_dir():
                target.write_text(EMPTY_SITEMAP, encoding="utf-8")
                written.append(target)
    return written
