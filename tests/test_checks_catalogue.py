"""The findings catalogue and the data files: complete in both languages, consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.catalogue import LANGUAGES, SEVERITIES, Finding, Phrase, PhraseList, Size, catalogue, placeholders, render
from checks.datafiles import load
from checks.trust import pins

DESIGN_CODES = [
    "input.empty",
    "input.too-large",
    "input.unrecognised",
    "input.private-key",
    "input.csr",
    "input.pkcs12",
    "input.pkcs12-password",
    "cert.expired",
    "cert.not-yet-valid",
    "cert.wrong-kind",
    "cert.not-oces",
    "chain.untrusted",
    "chain.bad-signature",
    "policy.oces2-retired",
    "policy.wrong-environment",
]


def test_design_codes_exist():
    assert set(DESIGN_CODES) <= set(catalogue())


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_code_complete_in_both_languages(code):
    entry = catalogue()[code]
    assert re.fullmatch(r"[a-z0-9]+\.[a-z0-9-]+", code)
    # the code is also its support link /go/<code>/: a name like "input.html" is taken for a file there
    assert not re.search(r"\.html?$", code), code
    assert entry["severity"] in SEVERITIES
    for lang in LANGUAGES:
        assert entry[lang]["message"].strip() and entry[lang]["hint"].strip(), (code, lang)

    # the same parameters in both languages: a rule's parameters are in no language
    def facts(lang):
        return placeholders(entry[lang]["message"] + entry[lang]["hint"])

    assert facts("da") == facts("en"), code
    assert not [n for n in facts("da") if n.endswith(("_da", "_en"))], code


def test_render_fills_placeholders_and_rejects_unknown_language():
    from checks.load import too_large

    f = too_large(2_000_000)
    assert "1,9 MB" in render(f, "da")["message"] and "1.9 MB" in render(f, "en")["message"]
    with pytest.raises(ValueError):
        render(f, "de")
    with pytest.raises(KeyError):
        _ = Finding("no.such-code").severity


def test_code_used_in_source_exists_in_catalogue():
    source = "\n".join(p.read_text() for p in Path("checks").glob("*.py"))
    used = set(re.findall(r'Finding\(\s*"([a-z0-9.-]+)"', source)) | set(re.findall(r'"(message\.[a-z-]+)"', source))
    assert used and used <= set(catalogue())


def test_trust_pins_are_complete():
    ids = [p["id"] for p in pins()]
    assert len(ids) == len(set(ids))
    for p in pins():
        assert re.fullmatch(r"[0-9a-f]{64}", p["sha256"])
        assert p["generation"] in ("oces2", "oces3") and p["environment"] in ("test", "prod")
        assert p["role"] in ("root", "issuing")
    for env in ("test", "prod"):
        for gen in ("oces2", "oces3"):
            assert any(p["role"] == "root" and p["environment"] == env and p["generation"] == gen for p in pins())


def test_policy_refers_to_known_pins():
    policy = load("policy")
    ids = {p["id"] for p in pins()}
    for listed in policy["listed_test_issuers"].values():
        assert set(listed) <= ids
    assert set(policy["accepted_kinds"]) == {"oces2", "oces3"}


# Codes whose texts core-input owns (input.* and cert.malformed): examples are theirs to add.
def _owned_here(code: str) -> bool:
    return not code.startswith("input.") and code != "cert.malformed"


@pytest.mark.parametrize("code", sorted(c for c in catalogue() if _owned_here(c)))
def test_every_placeholder_has_an_example_in_both_languages(code):
    from checks.catalogue import example

    entry = catalogue()[code]
    for lang in LANGUAGES:
        names = placeholders(entry[lang]["message"] + entry[lang]["hint"])
        assert names <= set(entry.get("example", {}).get(lang, {})), (code, lang)
        shown = example(code, lang)
        for part in ("message", "hint"):
            assert "{" not in shown[part] and "[" not in shown[part], (code, lang, shown[part])
            assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", shown[part]), f"an ISO date in {shown[part]!r}"


def test_example_reads_naturally_with_dates_in_words():
    from checks.catalogue import example

    assert example("cert.expired", "da")["message"] == "Certifikatet udløb 12. marts 2026."
    assert example("cert.expired", "en")["message"] == "The certificate expired on 12 March 2026."
    assert (
        example("policy.wrong-environment", "da")["message"]
        == "Det er et testcertifikat, så det kan ikke bruges til produktion."
    )


def test_dates_in_sentences_per_language():
    import datetime as dt

    from checks.catalogue import format_date

    assert format_date(dt.date(2023, 10, 31), "da") == "31. oktober 2023"
    assert format_date(dt.date(2026, 3, 12), "en") == "12 March 2026"
    assert format_date(dt.date(2026, 5, 1), "da") == "1. maj 2026"
    with pytest.raises(ValueError):
        format_date(dt.date(2026, 1, 1), "de")
    f = Finding("cert.expired", {"not_after": dt.date(2026, 3, 12)})
    assert render(f, "da")["message"] == "Certifikatet udløb 12. marts 2026."


def test_long_names_are_shortened_in_messages_only():
    from checks.catalogue import MAX_NAME_CHARS

    long_name = "CN=" + "x" * 5000
    msg = render(Finding("chain.untrusted", {"issuer": long_name}), "en")["message"]
    assert len(msg) < MAX_NAME_CHARS + 200 and "…" in msg
    names = ", ".join(f"CA {i}" for i in range(100))  # not a certificate name: kept whole
    assert names in render(Finding("chain.anchor-missing", {"count": 100, "names": names}), "en")["message"]


def test_severity_override_for_a_note():
    f = Finding(
        "policy.wrong-environment",
        {
            "actual": Phrase("words.environment", "test", form="certificate"),
            "wanted": Phrase("words.environment", "prod"),
        },
        level="info",
    )
    assert f.severity == "info" and render(f, "en")["severity"] == "info"


def test_findings_page_shows_example_values():
    from macros.render import render_findings

    out = render_findings(catalogue(), "da")
    assert "<var>testcertifikat</var>, så det kan ikke bruges til <var>produktion</var>" in out
    assert "<var>12. marts 2026</var>" in out
    assert not re.search(r"<var>(actual|wanted|not_after|subject|issuer)</var>", out)
    en = render_findings(catalogue(), "en")
    assert "<var>a test certificate</var>, so it cannot be used for <var>production</var>" in en


def test_danish_texts_address_the_reader_as_i():
    for code, entry in catalogue().items():
        if _owned_here(code):
            text = entry["da"]["message"] + " " + entry["da"]["hint"]
            assert not re.search(r"\b(du|dit|din|dig|dine)\b", text, re.I), (code, text)


def _page_title(page: str, lang: str) -> str:
    """The H1 of a guide page given as its address relative to a language's root."""
    source = Path("docs") / (page.rstrip("/") + (".md" if lang == "da" else f".{lang}.md"))
    first = source.read_text(encoding="utf-8").splitlines()[0]
    return re.sub(r"\s*\{[^}]*\}\s*$", "", first.removeprefix("# "))


@pytest.mark.parametrize("code", sorted(c for c in catalogue() if "guide" in catalogue()[c]))
def test_a_guide_link_names_a_page_by_its_own_title(code):
    entry = catalogue()[code]
    for lang in LANGUAGES:
        title = load("guides")[entry["guide"]][lang]
        assert title == _page_title(entry["guide"], lang), (code, lang)
        assert render(
            Finding(code, {k: "x" for k in placeholders(entry[lang]["message"] + entry[lang]["hint"])}), lang
        )["guide"] == {"page": entry["guide"], "title": title}
        # The hint reads on its own: no site address written into the text, where it would
        # be wrong for a site served under another path and dead on the command line.
        assert not re.search(r"(^|\s|\()/[a-z]", entry[lang]["hint"]), (code, lang)


def test_guide_pages_have_a_title_in_both_languages_and_are_used():
    guides = load("guides")
    for page, titles in guides.items():
        assert set(titles) == set(LANGUAGES) and all(t.strip() for t in titles.values()), page
    assert {e["guide"] for e in catalogue().values() if "guide" in e} == set(guides)
    assert "guide" not in render(Finding("input.empty"), "da")


def test_findings_page_links_the_guide_page():
    from macros.render import render_findings

    assert '<a href="../oces3/export/">Tag det offentlige certifikat ud af .p12-filen</a>' in render_findings(
        catalogue(), "da"
    )
    assert '<a href="../oces3/export/">Take the public certificate out of the .p12 file</a>' in render_findings(
        catalogue(), "en"
    )


def test_rules_give_values_in_no_language_and_render_words_per_language():
    """A Phrase, a PhraseList and a Size are keys and numbers; the words come at render time."""
    f = Finding(
        "policy.wrong-environment",
        {
            "actual": Phrase("words.environment", "prod", form="certificate"),
            "wanted": Phrase("words.environment", "test"),
        },
    )
    assert render(f, "da")["message"] == "Det er et produktionscertifikat, så det kan ikke bruges til test/preprod."
    assert render(f, "en")["message"] == "This is a production certificate, so it cannot be used for test/preprod."
    missing = Finding(
        "cert.missing-identifier",
        {"fields": PhraseList((Phrase("words.identifier", "cvr"), Phrase("words.identifier", "fid")))},
    )
    assert "CVR-nummer og FID" in render(missing, "da")["message"]
    assert "CVR number and FID" in render(missing, "en")["message"]
    big = Finding("input.too-large", {"size": Size(3 * 1024**3)})
    assert "3 GB" in render(big, "da")["message"] and "3 GB" in render(big, "en")["message"]
    assert "mere end 1 MB" in render(Finding("input.too-large", {"size": Size(None)}), "da")["message"]
    with pytest.raises(KeyError):
        render(Finding("cert.malformed", {"reason": Phrase("input.malformed", "no-such-reason")}), "en")


def test_no_rule_module_computes_words_for_both_languages():
    """The words live in data and are chosen at render time, in catalogue.py alone: no other
    module of checks/ builds a parameter per language (the `*_da`/`*_en` pairs of before)."""
    for path in sorted(Path("checks").glob("*.py")):
        if path.name != "catalogue.py":
            found = re.findall(r"""\w+_(?:da|en)["']|\w*_\{lang\}""", path.read_text(encoding="utf-8"))
            assert not found, (path.name, found)
