"""Permanent support links: writes /go/<slug>/ (and /en/go/<slug>/) redirect pages
from docs/_data/slugs.yml after each language's build, and fails the build when a
slug's target page or anchor is not in the built site.

Each redirect page has a meta refresh (keeps the #anchor), a canonical link, a plain
link for people, and a same-origin script (assets/go.js) that does location.replace.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from hooks import csp as _csp
from macros import data, render

ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "da": {"title": "Videresender", "body": "Linket fører til", "go": "Gå videre"},
    "en": {"title": "Redirecting", "body": "This link leads to", "go": "Go on"},
}


def redirect_html(lang: str, root_rel: str, target_rel: str, target_label: str) -> str:
    t = TEXTS[lang]
    target = html.escape(target_rel, quote=True)
    doc = (
        "<!doctype html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{t['title']}: {html.escape(target_label)}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<script src="{root_rel}assets/go.js"></script>\n'
        "</head>\n<body>\n<main>\n"
        f'<p>{t["body"]} <a href="{target}">{html.escape(target_label)}</a>.</p>\n'
        "</main>\n</body>\n</html>\n"
    )
    return _csp.add_csp(doc)


def _has_anchor(page_file: Path, anchor: str) -> bool:
    text = page_file.read_text(encoding="utf-8")
    return re.search(rf"""\bid=["']?{re.escape(anchor)}["'\s>]""", text) is not None


def write_go_pages(site_dir: Path, lang: str, default_lang: str) -> list[Path]:
    prefix = "" if lang == default_lang else f"{lang}/"
    written, problems = [], []
    for s in data.slugs():
        page_path = render.page_url(s["page"])
        anchor = s.get("anchor")
        built = site_dir / prefix / page_path / "index.html"
        if not built.is_file():
            problems.append(f"/{prefix}go/{s['slug']}/: page {s['page']} was not built ({built})")
            continue
        if anchor and not _has_anchor(built, anchor):
            problems.append(f"/{prefix}go/{s['slug']}/: no #{anchor} on {s['page']}")
            continue
        here = f"{prefix}go/{s['slug']}/"
        depth = len(here.strip("/").split("/"))
        root_rel = "../" * depth
        target_rel = root_rel + prefix + page_path + (f"#{anchor}" if anchor else "")
        label = "/" + prefix + page_path + (f"#{anchor}" if anchor else "")
        out = site_dir / here / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(redirect_html(lang, root_rel, target_rel, label), encoding="utf-8")
        written.append(out)
    if problems:
        raise PluginError("Published support links point nowhere:\n  " + "\n  ".join(problems))
    return written


def on_post_build(config):
    lang = config["theme"]["language"]
    i18n = config["plugins"].get("i18n")
    default_lang = getattr(i18n, "default_language", None) or "da"
    write_go_pages(Path(config["site_dir"]), lang, default_lang)
