"""Keeps the default language's 404 page at the site root.

Each language build writes Material's 404.html to the root of the site, so the last
build (English) would win. After the default-language build this hook remembers its
404 page; after another language's build it moves that build's 404 into the
language's folder (e.g. en/404.html) and puts the default one back.
"""

from __future__ import annotations

from pathlib import Path

_saved: dict[str, str] = {}


def on_post_build(config):
    site = Path(config["site_dir"])
    page = site / "404.html"
    if not page.is_file():
        return
    lang = config["theme"]["language"]
    i18n = config["plugins"].get("i18n")
    default = getattr(i18n, "default_language", None) or lang
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
