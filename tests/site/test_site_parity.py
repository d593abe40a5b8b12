"""Language parity: every page, step, field and note exists in Danish and English, and no
translation is empty."""

from __future__ import annotations

import re

import pytest
import yaml

from site_helpers import DOCS, built_page, collect, doc_pages

from macros import data

LANGS = ("da", "en")


def test_every_page_has_both_languages():
    da = set(doc_pages())
    en = {str(p.relative_to(DOCS)).replace(".en.md", ".md") for p in DOCS.rglob("*.en.md")}
    assert da, "no pages"
    assert da == en, f"only Danish: {sorted(da - en)}; only English: {sorted(en - da)}"
    for page in da:
        d = (DOCS / page).read_text(encoding="utf-8").strip()
        e = (DOCS / page.replace(".md", ".en.md")).read_text(encoding="utf-8").strip()
        assert d and e, f"{page}: empty page"
        assert d != e, f"{page}: English page is a copy of the Danish one"


def _texts(node, where=""):
    """Yield (where, node) for every {da, en} text and every {screen, en} label in a data tree."""
    if isinstance(node, dict):
        if "da" in node or ("en" in node and "screen" not in node):
            yield where, node
            return
        if "screen" in node:
            yield where, node
        for k, v in node.items():
            yield from _texts(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(v, f"{where}[{i}]")


def _check_texts(tree, name):
    problems = []
    count = 0
    for where, node in _texts(tree, name):
        count += 1
        if "screen" in node:
            if not str(node.get("en", "")).strip():
                problems.append(f"{where}: on-screen label without an English gloss")
            continue
        for lang in LANGS:
            value = node.get(lang)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: missing or empty {lang!r}")
        if node.get("da") == node.get("en") and len(str(node.get("da"))) > 12:
            problems.append(f"{where}: English is a copy of the Danish text")
    return count, problems


@pytest.mark.parametrize("flow_id", data.flow_ids())
def test_step_data_is_complete_in_both_languages(flow_id):
    raw = yaml.safe_load((data.STEPS / f"{flow_id}.yml").read_text(encoding="utf-8"))
    count, problems = _check_texts(raw, flow_id)
    assert count > 0
    assert problems == []
    flow = data.flow(flow_id)
    ids = [s["id"] for s in flow["steps"]]
    assert len(ids) == len(set(ids)), "duplicate step ids"
    for step in flow["steps"]:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", step["id"]), step["id"]
        assert "title" in step, step["id"]
        for field in step.get("fields", []):
            assert "label" in field and "enter" in field and isinstance(field.get("required"), bool), field


def test_site_data_is_complete_in_both_languages():
    for name in ("facts.yml", "slugs.yml"):
        tree = yaml.safe_load((data.DATA / name).read_text(encoding="utf-8"))
        count, problems = _check_texts(tree, name)
        assert count > 0 and problems == [], problems


def test_parity_check_catches_a_missing_translation():
    count, problems = _check_texts({"steps": [{"title": {"da": "Tryk", "en": ""}},
                                              {"notes": [{"da": "NB"}]},
                                              {"label": {"screen": "BESTIL"}}]}, "x")
    assert count == 3 and len(problems) == 3


def test_built_pages_have_the_same_anchors_steps_and_notes(built_site):
    for page in doc_pages():
        da = collect(built_page(built_site, page, "da"))
        en = collect(built_page(built_site, page, "en"))
        assert da.steps == en.steps, page
        assert da.headings == en.headings, f"{page}: headings/anchors differ"
        assert all(hid for _, hid in da.headings), f"{page}: a heading without an id"
        assert all(da.steps), f"{page}: a step without an id"
        da_html = built_page(built_site, page, "da").read_text(encoding="utf-8")
        en_html = built_page(built_site, page, "en").read_text(encoding="utf-8")
        for marker in ('class="admonition', "<table", "<tr>", '<li class="step"', "<pre"):
            assert da_html.count(marker) == en_html.count(marker), f"{page}: {marker} count differs"
