"""Nothing of the seed guide is lost: its on-screen labels, links and facts appear on the
built pages, in both languages (labels stay as on screen; English glosses them)."""

from __future__ import annotations

import html
import re

import pytest

from site_helpers import built_page

# (page, text as it must appear): labels, buttons and menu items exactly as the seed shows them.
SEED = [
    ("oces2/test-employee.md", "NemID tjenesteudbydersupport"),
    ("oces2/test-employee.md", "Bestil medarbejdersignatur"),
    ("oces2/test-employee.md", "CVR-nummer"),
    ("oces2/test-employee.md", "HENT CVR-OPLYSNINGER"),
    ("oces2/test-employee.md", "Jeg bekræfter, at ovenstående CVR-oplysninger er korrekte."),
    ("oces2/test-employee.md", "NÆSTE"),
    ("oces2/test-employee.md", "Nøglefil (straksudstedt)"),
    ("oces2/test-employee.md", "Vælg signaturtype"),
    ("oces2/test-employee.md", "BEKRÆFT OPLYSNINGER"),
    ("oces2/test-function.md", "Øvrige signaturer"),
    ("oces2/test-function.md", "Bestil funktionssignatur"),
    ("oces2/test-function.md", "Navn i funktionssignatur"),
    ("oces2/test-function.md", "Kontaktpersonens navn"),
    ("oces2/test-function.md", "Kontaktpersonens e-mail-adresse"),
    ("oces2/test-function.md", "Knyt signatur til gruppe"),
    ("oces2/test-function.md", "Vis certifikat i offentlig certifikatdatabase."),
    ("oces2/test-function.md", "EAN-nummer"),
    ("oces2/test-function.md", "BESTIL"),
    ("oces2/test-function.md", "BEKRÆFT BESTILLING AF FUNKTIONSSIGNATUR"),
    ("oces2/test-function.md", "VIS MIDLERTIDIG ADGANGSKODE"),
    ("oces2/test-function.md", "FUNKTIONSSIGNATUREN ER BESTILT"),
    ("oces2/test-function.md", "AFSLUT BESTILLING"),
    ("oces2/test-function.md", "MIDLERTIDIG ADGANGSKODE"),
    ("oces2/test-function.md", "Nets DanID"),
    ("oces2/prod-function.md", "https://www.nets.eu/dk-da/kundeservice/medarbejdersignatur/ovrige-signaturer/Pages/bestil-funktionssignatur.aspx"),
    ("oces2/prod-function.md", "Bestil funktionssignatur"),
    ("register.md", "tilslutning.stil.dk"),
    ("register.md", "Udbydersystemadministration"),
    ("register.md", "Systemlogin"),
    ("register.md", "wsBrugerId"),
    ("register.md", "https://jira.stil.dk/servicedesk/customer/portal/15/"),
    ("register.md", "Emne: Registrering af funktionssignatur til Integrationsplatformen"),
    ("register.md", "Funktionssignatur til test/preprod:"),
    ("register.md", "Funktionssignatur til prod:"),
    ("register.md", "TRUST2408 Systemtest VII Primary CA"),
    ("register.md", "TRUST2408 Systemtest XIX CA"),
    ("oces3.md", "OU=Test - cti"),
    ("oces3.md", "UI:DK-O:G:"),
    ("oces3.md", "UUID: "),
]

PRICES = {"da": ["254,00 kr.", "174,00 kr.", "252,00 kr.", "173,00 kr."],
          "en": ["DKK 254.00", "DKK 174.00", "DKK 252.00", "DKK 173.00"]}


def _text(path) -> str:
    raw = path.read_text(encoding="utf-8")
    raw = raw[raw.find("<article"): raw.find("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_seed_labels_links_and_facts_are_on_the_pages(built_site, lang):
    missing = [(page, text) for page, text in SEED if text not in _text(built_page(built_site, page, lang))]
    assert missing == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_prices_appear_once_on_the_production_page_only(built_site, lang):
    prod = _text(built_page(built_site, "oces2/prod-function.md", lang))
    test = _text(built_page(built_site, "oces2/test-function.md", lang))
    for price in PRICES[lang]:
        assert prod.count(price) >= 1, price
        assert price not in test, price
    assert prod.count(PRICES[lang][0]) == 1


def test_three_hand_over_rules_and_two_password_presses(built_site):
    for lang in ("da", "en"):
        page = built_page(built_site, "oces2/test-function.md", lang).read_text(encoding="utf-8")
        step = page[page.find('id="note-password"'): page.find('id="activate"')]
        rules = step[step.find('class="step__rules"'):]
        assert rules[: rules.find("</ol>")].count("<li>") == 3
        show = page[page.find('id="show-password"'): page.find('id="note-password"')]
        assert show.count("VIS MIDLERTIDIG ADGANGSKODE</span>") >= 2


# DESIGN.md "Words": the glossary. English pages use these terms, not literal translations.
WRONG_ENGLISH = ["function signature", "employee signature", "company signature", "support case",
                 "support ticket", "business signature", "temporary code", "technical contact person"]


def test_english_pages_follow_the_glossary(built_site):
    from site_helpers import doc_pages

    found = []
    for page in doc_pages():
        if page in ("checker.md", "message.md"):
            continue  # the widgets' own pages
        text = _text(built_page(built_site, page, "en")).lower()
        found += [(page, w) for w in WRONG_ENGLISH if w in text]
    assert found == []
