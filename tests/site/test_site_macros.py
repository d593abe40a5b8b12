"""The render functions in macros.render, as plain functions on small data."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

import pytest

from macros import data, message, render

FLOW = {
    "id": "demo",
    "page": "demo.md",
    "steps": [
        {
            "id": "fill",
            "title": {"da": "Udfyld formularen", "en": "Fill in the form"},
            "where": ["Forside", {"screen": "BESTIL", "en": "order"}],
            "action": {"da": "Tryk på **BESTIL**.", "en": "Press **BESTIL**."},
            "fields": [{"label": {"screen": "Navn", "en": "name"},
                        "enter": {"da": "Systemets navn", "en": "The system's name"}, "required": True},
                       {"label": "EAN-nummer", "enter": {"da": "Vælg", "en": "Choose"}, "required": False}],
            "buttons": [{"screen": "BESTIL", "en": "order"}, "OK"],
            "notes": [{"da": "Gratis i test.", "en": "Free in test."}],
            "result": {"da": "Bestilt.", "en": "Ordered."},
        },
        {"id": "done", "title": {"da": "Færdig", "en": "Done"}},
    ],
}


def test_t_picks_language_and_refuses_empty():
    assert render.t({"da": "Ja", "en": "Yes"}, "en") == "Yes"
    assert render.t("BESTIL", "en") == "BESTIL"
    with pytest.raises(ValueError):
        render.t({"da": "Ja", "en": "  "}, "en")
    with pytest.raises(ValueError):
        render.t({"da": "Ja"}, "en")
    with pytest.raises(ValueError):
        render.t({"da": "Ja", "en": "Yes"}, "de")


def test_label_glosses_only_in_english():
    item = {"screen": "HENT CVR-OPLYSNINGER", "en": "fetch CVR details"}
    da = render.label(item, "da")
    en = render.label(item, "en")
    assert "HENT CVR-OPLYSNINGER" in da and "fetch" not in da
    assert 'lang="da"' in en and "(fetch CVR details)" in en


def test_steps_are_an_ordered_list_with_anchored_headings():
    out = render.render_steps(FLOW, "da", [{"slug": "demo-fill", "page": "demo.md", "anchor": "fill"}])
    assert out.startswith('<ol class="steps"') and out.endswith("</ol>")
    assert re.findall(r'<li class="step">\n<h3 class="step__title" id="([^"]+)"', out) == ["fill", "done"]
    assert out.count('<li class="step">') == 2
    assert out.count("<h3") == 2
    assert 'href="#fill"' in out and 'data-slug="demo-fill"' in out
    # the second step has no slug: its copy button copies the page link with the anchor
    assert 'data-anchor="done"' in out and out.count("data-slug=") == 1
    for piece in ("Forside", "BESTIL", "Systemets navn", "Gratis i test.", "Bestilt.", "<strong>BESTIL</strong>",
                  "<caption>", "Bemærk"):
        assert piece in out, piece
    assert "\n\n" not in out  # a raw HTML block must not be split by blank lines


def test_steps_english_has_glosses_and_no_danish_prose():
    out = render.render_steps(FLOW, "en")
    assert "Fill in the form" in out and "Udfyld" not in out
    assert "(order)" in out and "Free in test." in out and "Gratis" not in out


def test_steps_fail_on_missing_translation():
    broken = {**FLOW, "steps": [{**FLOW["steps"][0], "title": {"da": "Kun dansk"}}]}
    with pytest.raises(ValueError):
        render.render_steps(broken, "en")


def test_findings_sections_anchor_each_code():
    cat = {"chain.untrusted": {"severity": "error", "cause": "trust",
                               "da": {"message": "Ukendt udsteder: {issuer}", "hint": "Brug et andet."},
                               "en": {"message": "Unknown issuer: {issuer}", "hint": "Use another."}},
           "input.empty": {"severity": "info", "cause": "input",
                           "da": {"message": "Tom.", "hint": "Vælg igen."},
                           "en": {"message": "Empty.", "hint": "Choose again."}}}
    out = render.render_findings(cat, "en")
    assert "### `chain.untrusted` { #chain.untrusted }" in out
    assert "## The certificate chain and its signatures { #trust }" in out
    assert "<var>issuer</var>" in out and "{issuer}" not in out
    assert 'data-code="input.empty"' in out and "Choose again." in out


def test_finding_anchor_refuses_odd_codes():
    assert render.finding_anchor("policy.oces2-retired") == "policy.oces2-retired"
    with pytest.raises(ValueError):
        render.finding_anchor("bad code")


def test_oces2_cutoff_is_the_day_before_retirement():
    policy = {"oces2_retired_from": "2023-11-01T00:00:00+01:00"}
    assert render.oces2_last_day(policy) == dt.date(2023, 10, 31)
    assert render.oces2_cutoff(policy, "da") == "31. oktober 2023"
    assert render.oces2_cutoff(policy, "en") == "31 October 2023"


def test_accepted_chains_from_trust_and_policy():
    trust = {"anchor": [
        {"id": "r", "name": "Root T", "generation": "oces2", "environment": "test", "role": "root"},
        {"id": "a", "name": "Issuer A", "generation": "oces2", "environment": "test", "role": "issuing"},
        {"id": "b", "name": "Issuer B", "generation": "oces2", "environment": "test", "role": "issuing"},
        {"id": "r3", "name": "Root 3", "generation": "oces3", "environment": "prod", "role": "root"},
        {"id": "c", "name": "Issuer C", "generation": "oces3", "environment": "prod", "role": "issuing"},
    ]}
    policy = {"oces2_retired_from": "2023-11-01T00:00:00+01:00", "listed_test_issuers": {"oces2": ["a"]}}
    rows = render.chain_rows(trust, policy)
    assert [(r["issuing"], r["status"]) for r in rows] == [
        ("Issuer C", "accepted"), ("Issuer A", "listed"), ("Issuer B", "unlisted")]
    assert rows[1]["root"] == "Root T"
    html = render.render_accepted_chains(trust, policy, "da", "oces3")
    assert "Issuer C" in html and "Issuer A" not in html
    html = render.render_accepted_chains(trust, policy, "en")
    assert "policy.unlisted-test-ca" in html and "No longer. Up to and including 31 October 2023:" in html
    assert html.count("No longer") == 2 and "Ikke længere" in render.render_accepted_chains(trust, policy, "da")


def test_accepted_chains_real_data_has_no_seed_typo():
    html = render.render_accepted_chains(data.checks_data("trust"), data.checks_data("policy"), "da")
    assert "TRUST2408 Systemtest XIX CA" in html and "TRUST2408 Systemtest VIII CA" in html
    assert "Systemtest VII CA" not in html


def test_prices_render_once_each_observation():
    prices = data.facts()["prices"]
    da = render.render_prices(prices, "da")
    en = render.render_prices(prices, "en")
    assert "254,00 kr." in da and "173,00 kr." in da
    assert "DKK 252.00" in en and "DKK 174.00" in en
    assert da.count("<tr>") == 1 + len(prices["observations"])


def test_support_table_links_and_copy_buttons():
    slugs = [{"slug": "x.y", "page": "findings.md", "anchor": "x.y", "finding": "x.y", "topic": "findings",
              "description": {"da": "Fejl i {thing}", "en": "Error in {thing}"}},
             {"slug": "register", "page": "register.md", "topic": "registration",
              "description": {"da": "Registrér", "en": "Register"}}]
    en = render.render_support_table(slugs, "en", "en/support/")
    # grouped in the topics' order (registration before findings), empty topics left out
    assert re.findall(r"^### (.+) \{ #topic-([a-z]+) \}$", en, re.M) == [
        ("Registration with STIL", "registration"), ("The certificate checker and its findings", "findings")]
    hrefs = re.findall(r'<a href="([^"]+)"', en)
    assert [urljoin("http://h/en/support/", h) for h in hrefs] == ["http://h/en/go/register/", "http://h/en/go/x.y/"]
    assert "[`/en/findings/#x.y`](findings.md#x.y)" in en
    assert 'data-lang="da"' in en and 'data-lang="en"' in en
    assert "<var>thing</var>" in en
    da = render.render_support_table(slugs, "da", "support/")
    assert urljoin("http://h/support/", re.findall(r'<a href="([^"]+)"', da)[1]) == "http://h/go/x.y/"
    assert "Registrér" in da and "[`/findings/#x.y`](findings.md#x.y)" in da


def test_relative_and_page_url():
    assert render.page_url("index.md") == ""
    assert render.page_url("oces2/index.md") == "oces2/"
    assert render.page_url("oces2/test-function.md") == "oces2/test-function/"
    assert render.relative("en/go/x/", "en/register/") == "../../../en/register/"
    assert render.go_path("x", "en") == "en/go/x/" and render.go_path("x", "da") == "go/x/"


def test_example_message_comes_from_the_builder():
    ex = data.facts()["message_example"]
    oces2 = message.example_text("oces2", ex)
    oces3 = message.example_text("oces3", ex)
    assert oces2.startswith("Emne: Registrering af funktionssignatur til Integrationsplatformen")
    assert "FID: " + ex["fid"] in oces2 and "UUID" not in oces2
    assert "UUID: " + ex["uuid"] in oces3 and "FID:" not in oces3
    assert "wsBrugerId: " + ex["ws_test"] in oces2 and "wsBrugerId: " + ex["ws_prod"] in oces2
    html = message.render_example("oces2", "en")
    assert html.startswith("<pre") and "&lt;" in html and "\n\n" in html


def test_flow_refs_resolve_and_override():
    prod = data.flow("prod-function")
    test = data.flow("test-function")
    assert [s["id"] for s in prod["steps"]] == [s["id"] for s in test["steps"]]
    fill_prod = next(s for s in prod["steps"] if s["id"] == "fill-form")
    fill_test = next(s for s in test["steps"] if s["id"] == "fill-form")
    assert fill_prod["fields"] == fill_test["fields"]
    assert fill_prod["notes"] != fill_test["notes"]


def test_support_page_shows_finding_examples_not_placeholder_names():
    """The support page's finding descriptions read as sentences: every placeholder shows the
    catalogue's example value, never its variable name."""
    from checks.catalogue import catalogue, placeholders

    for lang in ("da", "en"):
        out = render.render_support_table(data.slugs(), lang, "support/" if lang == "da" else "en/support/")
        names = {re.sub(r"_(da|en)$", "", n) for e in catalogue().values()
                 for n in placeholders(e[lang]["message"])}
        raw = sorted(n for n in names if f"<var>{n}</var>" in out)
        assert raw == [], f"{lang}: placeholders shown by name on the support page: {raw}"
