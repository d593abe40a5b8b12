"""Structured hostile certificates (odd keys, odd names, odd times, odd algorithms) through the
whole public API: `check`, `check_async`, `validate_path` and `build_message` never raise, and
each case gives exactly the findings listed. (Hostile *wrappings* of good certificates are
core-input's: tests/test_hostile_input*.py; the cases themselves are data in support/hostile_certificates.py.)"""

from __future__ import annotations

import pytest

from support import pki as P
from support.aio import run_coroutine
from support.hostile_certificates import AT, CASES, FORGERY, WRONG_ENV, Hostile


# --- the runs -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pki():
    return P.PKI.create()


@pytest.fixture(scope="module")
def made(pki):
    """Each case's bytes and trust store, made once."""
    out = {}
    for c in CASES:
        data, trust = c.make(pki)
        out[c.id] = (P.der(data) if not isinstance(data, bytes) else data, trust or pki.trust())
    return out


def codes(report):
    return {f["code"] for f in report["findings"]}


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_check_gives_exactly_the_findings(c: Hostile, made):
    from checks import check

    data, trust = made[c.id]
    for lang in ("da", "en"):
        report = check(data, at=AT, trust=trust, lang=lang, name=c.id)
        assert codes(report) == c.codes, report["findings"]
        assert report["environments"] == {"test": {"accepted": c.test}, "prod": {"accepted": False}}
        for key, value in c.facts.items():
            assert report["certificate"][key] == value, key
        if c.reason:
            from checks.datafiles import load as load_data

            [f] = report["findings"]
            assert load_data("input")["malformed"][c.reason][lang] in f["message"]
        for f in report["findings"]:
            assert f["message"].strip() and f["hint"].strip() and "{" not in f["message"]
            assert len(f["message"]) < 1000, "a long name is shortened in messages"


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_check_async_gives_the_same_report(c: Hostile, made):
    from checks import check, check_async
    from checks.verify_cryptography import CryptographyVerifier

    class AsyncOnly:
        async def averify(self, check_):
            return CryptographyVerifier().verify(check_)

    data, trust = made[c.id]
    got = run_coroutine(check_async(data, at=AT, trust=trust, verifier=AsyncOnly(), lang="en", name=c.id))
    assert got == check(data, at=AT, trust=trust, lang="en", name=c.id)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_validate_path_does_not_raise(c: Hostile, made):
    from asn1crypto import pem

    from checks import validate_path

    data, trust = made[c.id]
    ders = [d for _, _, d in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
    result = validate_path(ders[0], ders[1:], trust, AT)
    assert result.trusted == (WRONG_ENV in c.codes)
    assert result.ok == c.test


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_build_message_does_not_raise(c: Hostile, made):
    from checks import build_message, check

    data, trust = made[c.id]
    report = check(data, at=AT, trust=trust, lang="en")
    result = build_message(test=(report, "ws-1"), prod=(report, "ws-2"), supplier=FORGERY, lang="en")
    got = {f["code"] for f in result["findings"]}
    assert not result["ok"] and result["text"] is None
    assert "message.field-invalid" in got and "message.not-accepted" in got
    alone = build_message(test=(report, "ws-1"), lang="da")
    assert alone["ok"] is c.test
    if c.test:
        assert "\x1b" not in alone["text"] and "\r" not in alone["text"]


def test_long_issuer_is_whole_in_the_facts_and_short_in_the_message(made):
    from checks import check

    data, trust = made["issuer-of-100-name-parts"]
    report = check(data, at=AT, trust=trust, lang="en")
    assert report["certificate"]["issuer"].count("OU=A ") == 100
    untrusted = next(f for f in report["findings"] if f["code"] == "chain.untrusted")
    assert len(untrusted["message"]) < 400 and untrusted["message"].count("…") == 1


def test_shape_of_damaged_bytes_is_left_to_the_full_parse(made):
    from checks import shape
    from checks.load import load

    data, _ = made["issuer-of-20000-name-parts"]
    for damaged in (b"", b"\x30", b"\x30\x03\x02\x01", data[:1000], b"\x30\x80" + data[4:]):
        assert shape.problem(damaged) is None
        assert load(damaged).findings  # a finding, never an exception
