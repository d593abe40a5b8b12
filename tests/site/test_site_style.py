"""STYLE.md in the Danish texts: the reader is addressed as I/jeres, never du/dit/din/dine/dig,
and the genitive is "STILs", never "STIL's". Checked on the built pages' main content and on
every data file that holds Danish texts (flows, site data, findings, words, input, widgets,
the CLI's words). Labels quoted from other systems stay as on screen: the few that use du
forms are allowed here, each with where it comes from."""

from __future__ import annotations

import ast
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from site_helpers import ROOT, built_page, doc_pages

# On-screen labels of other systems that contain du forms, kept exactly as shown there.
SCREEN_LABELS = {
    "Bekræft dine kontaktoplysninger":
        "NemID's test environment, the order form for an employee certificate: the heading of "
        "its confirmation screen (the seed guide, step 'Bekræft dine kontaktoplysninger'); "
        "quoted in docs/_data/steps/test-employee.yml",
}

DU = re.compile(r"\b(du|dit|din|dine|dig)\b", re.IGNORECASE)
APOSTROPHE_GENITIVE = re.compile(r"\bSTIL['’]s\b")


def style_problems(text: str) -> list[str]:
    """The du forms and apostrophe genitives in a Danish text, once the allowed screen labels
    are taken out (each quoted with some context)."""
    for label in SCREEN_LABELS:
        text = text.replace(label, " ")
    found = []
    for pattern in (DU, APOSTROPHE_GENITIVE):
        for m in pattern.finditer(text):
            found.append(text[max(0, m.start() - 40): m.end() + 40].replace("\n", " "))
    return found


# --- Danish strings of the data files ---------------------------------------------------

DATA_FILES = sorted((ROOT / "docs" / "_data").rglob("*.yml"))
TOML_FILES = [ROOT / "checks" / "data" / n for n in ("findings.toml", "words.toml", "input.toml")]
TOML_FILES.append(ROOT / "macros" / "widgets.toml")


def _danish_strings(node, danish: bool = False, path: str = ""):
    """(path, text) of every string under a Danish key: `da`, `*_da`, or an on-screen label
    (`screen`, and the plain labels of `where`, `fields` and `buttons`, which are Danish)."""
    if isinstance(node, dict):
        for key, value in node.items():
            key = str(key)
            if key == "en" or key.endswith("_en"):
                continue
            yield from _danish_strings(
                value, danish or key in ("da", "screen", "where", "buttons", "label")
                or key.endswith("_da"), f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _danish_strings(value, danish, f"{path}[{i}]")
    elif isinstance(node, str) and danish:
        yield path, node


def _cli_texts() -> dict:
    """checks/cli.py's TEXTS, read as a literal (no import, so nothing of the CLI runs)."""
    tree = ast.parse((ROOT / "checks" / "cli.py").read_text(encoding="utf-8"))
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == "TEXTS" for t in stmt.targets):
            return ast.literal_eval(stmt.value)
    raise AssertionError("checks/cli.py has no TEXTS")


def _data_sources():
    for f in DATA_FILES:
        yield f.relative_to(ROOT), yaml.safe_load(f.read_text(encoding="utf-8"))
    for f in TOML_FILES:
        yield f.relative_to(ROOT), tomllib.loads(f.read_text(encoding="utf-8"))
    yield Path("checks/cli.py"), _cli_texts()


def test_danish_data_texts_address_the_reader_as_i_and_write_stils():
    problems = [f"{name}{path}: …{hit}…"
                for name, data in _data_sources()
                for path, text in _danish_strings(data)
                for hit in style_problems(text)]
    assert not problems, "\n".join(problems)


def test_the_data_files_hold_danish_texts_to_check():
    # Guards the collector: a change of keys must not leave it checking nothing.
    counts = {str(name): sum(1 for _ in _danish_strings(data)) for name, data in _data_sources()}
    for name in ("docs/_data/steps/test-function.yml", "docs/_data/ui.yml",
                 "checks/data/findings.toml", "macros/widgets.toml", "checks/cli.py"):
        assert counts[name] > 5, (name, counts[name])


# --- the built Danish pages -----------------------------------------------------------------


class _ArticleText(HTMLParser):
    """The text of a page's <article> (its main content), without scripts, styles and code:
    commands are not Danish prose (`dig` is a DNS tool)."""

    SKIP = {"script", "style", "code", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag in self.SKIP:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag in self.SKIP:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(html_text: str) -> str:
    p = _ArticleText()
    p.feed(html_text)
    return re.sub(r"\s+", " ", " ".join(p.parts))


@pytest.mark.parametrize("page", doc_pages())
def test_built_danish_page_addresses_the_reader_as_i_and_writes_stils(built_site, page):
    text = article_text(built_page(built_site, page, "da").read_text(encoding="utf-8"))
    assert len(text) > 100, f"no main content found on {page}"
    problems = style_problems(text)
    assert not problems, f"{page}:\n" + "\n".join(problems)


# --- the check itself ---------------------------------------------------------------------


def test_style_problems_finds_du_forms_and_stil_apostrophe_but_not_screen_labels():
    assert style_problems("Når du har bestilt, ser I dit certifikat.") != []
    assert len(style_problems("Du kan gøre dig klar med dine og din fil.")) == 4
    assert style_problems("Skriv til STIL's servicedesk.") != []
    assert style_problems("Tryk på **Bekræft dine kontaktoplysninger**, og vent.") == []
    # Words that only contain the letters are fine.
    assert style_problems("Duplikér dialogen; STILs digitale dump, durable, dinosaur.") == []
    assert style_problems("I ser jeres certifikat i STILs liste.") == []


def test_every_allowed_label_is_quoted_somewhere_and_says_where_it_comes_from():
    steps = "".join(f.read_text(encoding="utf-8") for f in DATA_FILES)
    for label, source in SCREEN_LABELS.items():
        assert label in steps, f"{label!r} is no longer quoted: take it off the allow-list"
        assert len(source) > 20, label
