"""Hands docs/_data/site.yml (the footer and 404 texts, both languages) to the theme
templates as `config.extra.site`; overrides/ picks the build's language from it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import data  # noqa: E402


def on_config(config):
    config.extra["site"] = data.site_texts()
    return config
