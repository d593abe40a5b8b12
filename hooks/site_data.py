"""Hands docs/_data/site.yml (the footer and 404 texts, both languages) to the theme
templates as `config.extra.site`; overrides/ picks the build's language from it."""

from __future__ import annotations

from macros import data


def on_config(config):
    config.extra["site"] = data.site_texts()
    return config
