"""Texts for people (issue 15, items 6 and 7): every {da, en} text in the site's data
files parses as exactly those keys (an unquoted comma in a YAML flow mapping once cut
the 404 page's support link to "Find det trin"), and no developer text reaches a page."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs" / "_data"
LANGS = {"da", "en"}
# A screen label is {screen: <Danish, as on screen>, en: <gloss>} (docs/_data/README.md).
LABEL = {"screen", "en"}


def _texts(node, where):
    """Every dict that looks like a text in both languages, with where it is."""
    if isinstance(node, dict):
        keys = {str(k) for k in node}
        if keys & LANGS:
            yield where, node
            if "screen" in keys and isinstance(node.get("note"), dict):  # a button with a note
                yield from _texts(node["note"], f"{where}.note")
            return
        for k, v in node.items():
            yield from _texts(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(v, f"{where}[{i}]")


def text_problems(tree, where: str) -> list[str]:
    out = []
    for at, node in _texts(tree, where):
        keys = {str(k) for k in node}
        if keys in (LABEL, LABEL | {"note"}):
            continue
        if keys != LANGS:
            out.append(f"{at}: keys {sorted(keys)}, not exactly da and en")
            continue
        if all(isinstance(node[lang], list) for lang in LANGS):  # e.g. the months
            if len(node["da"]) != len(node["en"]) or not all(
                    isinstance(x, str) and x.strip() for lang in LANGS for x in node[lang]):
                out.append(f"{at}: lists of different length or with an empty text")
            continue
        for lang in LANGS:
            if not isinstance(node[lang], str) or not node[lang].strip():
                out.append(f"{at}.{lang}: {node[lang]!r} is not a text")
    return out


def _data_files() -> list[Path]:
    return sorted([*DATA.glob("*.yml"), *DATA.glob("**/*.yml")])


def test_the_data_files_are_found():
    names = {p.name for p in _data_files()}
    assert {"site.yml", "ui.yml", "oces3-export.yml"} <= names


@pytest.mark.parametrize("path", sorted(set(_data_files())), ids=lambda p: str(p.relative_to(DATA)))
def test_every_bilingual_text_has_exactly_both_languages(path):
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert text_problems(tree, path.name) == []


def test_the_check_catches_a_cut_flow_mapping():
    cut = yaml.safe_load("support: {da: Find det trin, I leder efter, blandt supportlinkene, en: Find it}")
    assert cut["support"]["da"] == "Find det trin"
    problems = text_problems(cut, "site.yml")
    assert len(problems) == 1 and "I leder efter" in problems[0]
    assert text_problems(yaml.safe_load("x: {da: Hej, en: ''}"), "y") == ["y.x.en: '' is not a text"]
    assert text_problems(yaml.safe_load("x: {da: Hej}"), "y") != []
    assert text_problems(yaml.safe_load("x: {screen: GEM, en: Save}"), "y") == []


def test_the_404_support_link_is_whole():
    site = yaml.safe_load((DATA / "site.yml").read_text(encoding="utf-8"))
    assert site["not_found"]["support"]["da"] == "Find det trin, I leder efter, blandt supportlinkene"
