"""The findings catalogue and the data files: complete in both languages, consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.catalogue import LANGUAGES, SEVERITIES, Finding, catalogue, placeholders, render
from checks.datafiles import load
from checks.trust import pins

DESIGN_CODES = [
    "input.empty", "input.too-large", "input.unrecognised", "input.private-key", "input.csr", "input.pkcs12",
    "input.pkcs12-password", "cert.expired", "cert.not-yet-valid", "cert.wrong-kind", "cert.not-oces",
    "chain.untrusted", "chain.bad-signature", "policy.oces2-retired", "policy.wrong-environment",
]


def test_design_codes_exist():
    assert set(DESIGN_CODES) <= set(catalogue())


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_code_complete_in_both_languages(code):
    entry = catalogue()[code]
    assert re.fullmatch(r"[a-z0-9]+\.[a-z0-9-]+", code)
    assert entry["severity"] in SEVERITIES
    for lang in LANGUAGES:
        assert entry[lang]["message"].strip() and entry[lang]["hint"].strip(), (code, lang)
    # the same facts are offered to both languages (placeholders differ only by _da/_en suffix)
    def facts(lang):
        names = placeholders(entry[lang]["message"] + entry[lang]["hint"])
        return {n.removesuffix(f"_{lang}") for n in names}
    assert facts("da") == facts("en"), code


def test_render_fills_placeholders_and_rejects_unknown_language():
    f = Finding("input.too-large", {"size": 2_000_000})
    assert "2000000" in render(f, "da")["message"] and "2000000" in render(f, "en")["message"]
    with pytest.raises(ValueError):
        render(f, "de")
    with pytest.raises(KeyError):
        Finding("no.such-code").severity


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
