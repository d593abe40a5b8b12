"""One definition each (issue 19): the list of languages, the date in words, the HTML escape
and the month names live in one place; checks/ and macros/ import them."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "checks").glob("*.py"), *(ROOT / "macros").glob("*.py"), *(ROOT / "hooks").glob("*.py")])


def _definitions(name: str) -> list[str]:
    """Where a module-level constant or a function called `name` is defined."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            defined = (isinstance(node, ast.FunctionDef) and node.name == name) or (
                isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            )
            if defined:
                found.append(path.relative_to(ROOT).as_posix())
    return found


def test_one_definition_each():
    assert _definitions("LANGUAGES") == ["checks/catalogue.py"]
    assert _definitions("DEFAULT_LANGUAGE") == ["checks/catalogue.py"]
    assert _definitions("format_date") == ["checks/catalogue.py"]
    assert _definitions("check_lang") == ["checks/catalogue.py"]
    assert _definitions("esc") == ["macros/render.py"]


def test_month_names_only_in_words_toml():
    assert (ROOT / "checks" / "data" / "words.toml").read_text(encoding="utf-8").count("februar") == 1
    for path in [
        *SOURCES,
        ROOT / "checks" / "data" / "words.toml",
        *(ROOT / "docs" / "_data").glob("*.yml"),
        *(ROOT / "macros").glob("*.toml"),
    ]:
        text = path.read_text(encoding="utf-8")
        listed = all(m in text.lower() for m in ("januar", "februar", "marts", "april"))  # a list of months
        assert not listed or path.name == "words.toml", path


def test_the_site_and_the_checker_write_a_date_alike():
    from checks.catalogue import LANGUAGES, format_date
    from macros import render, widgets

    assert widgets.LANGUAGES is LANGUAGES and render.format_date is format_date
    assert format_date(dt.date(2026, 12, 1), "da") == "1. december 2026"
    assert format_date(dt.date(2026, 12, 1), "en") == "1 December 2026"
    assert render.esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;" and widgets.esc(3) == "3"
