"""One name for each thing (STYLE.md, newcomer review n7), on the built pages in both
languages: the verdict word of the tools, one name for Integrationsplatformen's test
environment and one for MitID Erhverv's (the others explained once), one name for the
message builder, "findings" in English, and the tools' own labels where the guide quotes
them. Pages that render the checker's own finding texts (checks/data, not the guide's)
are named where a term is allowed there."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from site_helpers import ROOT, built_page, doc_pages
from test_site_style import article_text

# Pages whose text is partly the checker's catalogue (checks/data/findings.toml): its wording
# is not the guide's to change (see the report of this change).
CATALOGUE_PAGES = {"findings.md", "support.md", "support/answers.md"}

# term (regular expression) → the pages where it may stand, and why
DANISH_BANNED = {
    # the verdict word is the tools' "Godkendes/Afvises" ("acceptere betingelserne" is another verb)
    r"\baccepter(?:es|er|et|ede)\b": CATALOGUE_PAGES,
    # the environment pair has one name, as in the tools and the message: test/preprod
    r"\btest-? og preprod": set(),
    # MitID Erhverv's name for its test environment: explained once on the test page
    r"integrationstestmiljø": {"oces3/test-certificate.md"},
    # calques STYLE.md names
    r"\bByg beskeden\b|\bFund\b|\bAlvor\b": set(),
}
ENGLISH_BANNED = {
    r"\b[Tt]est and preprod\b": set(),
    r"\bremarks?\b": set(),
    r"\bintegration[- ]test environment\b": {"oces3/test-certificate.md"},
    r"\bthat is to\b|\bis to be\b": set(),
}


def _hits(text: str, pattern: str) -> list[str]:
    return [text[max(0, m.start() - 50): m.end() + 30] for m in re.finditer(pattern, text)]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_one_term_for_each_thing(built_site, lang):
    banned = DANISH_BANNED if lang == "da" else ENGLISH_BANNED
    problems = []
    for page in doc_pages():
        text = article_text(built_page(built_site, page, lang).read_text(encoding="utf-8"))
        for pattern, allowed in banned.items():
            if page in allowed:
                continue
            problems += [f"{page}: {pattern}: …{hit}…" for hit in _hits(text, pattern)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_other_names_of_the_test_environment_are_explained_once(built_site, lang):
    text = article_text(built_page(built_site, "oces3/test-certificate.md", lang).read_text(encoding="utf-8"))
    names = ("integrationstestmiljøet", "devtest4", "NemLog-ins testportal") if lang == "da" else (
        "integration test environment", "devtest4", "NemLog-in's test portal")
    first = text.index("devtest4")
    intro = text[: text.index("Trin for trin" if lang == "da" else "Step by step")]
    assert all(n in intro for n in names), intro
    assert first < len(intro)


def _widget_texts() -> dict:
    return tomllib.loads((ROOT / "macros" / "widgets.toml").read_text(encoding="utf-8"))


def test_the_tools_name_the_environments_alike():
    w = _widget_texts()
    for lang in ("da", "en"):
        # the checker's verdict rows and the summary's labels: one spelling
        assert w["checker"]["verdict_test"][lang] == w["js"]["labels"]["verdict_test"][lang] == "Test/preprod"
        assert w["checker"]["verdict_prod"][lang] == w["js"]["labels"]["verdict_prod"][lang]
        assert w["js"]["environment"]["test"][lang] == "test/preprod"
    # English lists are findings in both tools
    assert w["checker"]["findings_title"]["en"] == w["message"]["findings_title"]["en"] == "Findings"
    assert "remarks" not in w["js"]["not_built"]["en"].lower()


def test_findings_page_types_match_the_checker_labels():
    """The findings page's type words are the checker's severity labels (Fejl, Advarsel,
    Bemærk) in their noun forms; "oplysning" is not one of them."""
    ui = yaml.safe_load((ROOT / "docs" / "_data" / "ui.yml").read_text(encoding="utf-8"))
    w = _widget_texts()["js"]["severity"]
    words = {k: ui["labels"][k] for k in ("error", "warning", "info")}
    assert words["info"]["da"] == "bemærkning" and w["info"]["da"] == "Bemærk:"
    assert words["info"]["en"] == "note" and w["info"]["en"] == "Note:"
    assert words["warning"]["da"].lower() + ":" == w["warning"]["da"].lower()
    assert words["error"]["da"].startswith(w["error"]["da"].rstrip(":").lower())


@pytest.mark.parametrize("lang", ["da", "en"])
def test_journey_quotes_the_checker_verdict_as_on_screen(built_site, lang):
    w = _widget_texts()
    text = article_text(built_page(built_site, "journey.md", lang).read_text(encoding="utf-8"))
    accepted, prod = w["js"]["verdict"]["accepted"][lang], w["checker"]["verdict_prod"][lang]
    assert f"{accepted} " in text and prod in text
    task = re.search(rf"{re.escape(accepted)} \S+ \S+ {re.escape(prod)}", text)
    assert task, "the production task should quote the verdict and its row"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_builder_has_one_name(built_site, lang):
    name = "Beskedbyggeren" if lang == "da" else "Message builder"
    html = built_page(built_site, "message.md", lang).read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert h1.startswith(name), h1
    # running text everywhere calls the tool by that name, not by the page's old title
    for page in doc_pages():
        text = article_text(built_page(built_site, page, lang).read_text(encoding="utf-8"))
        assert "Registreringsbesked til STIL" not in text and "Registration message to STIL" not in text, page
