"""The real corpus (../shared/corpus): every file gives the facts in its manifest."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from checks import check
from support.paths import SHARED

MANIFEST = SHARED / "corpus" / "manifest.json"
ENTRIES = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else []
RETIRED = datetime(2023, 11, 1, tzinfo=timezone(timedelta(hours=1)))


def middle(entry) -> datetime:
    start, end = (datetime.fromisoformat(entry[k]) for k in ("not_before", "not_after"))
    return start + (end - start) / 2


def run(shared, trust, entry, at, **kw):
    path = shared / "corpus" / entry["file"]
    password = b"Test1234" if entry["format"] == "pkcs12" else None
    return check(path.read_bytes(), at=at, trust=trust, name=entry["file"], password=password, **kw)


def codes(report) -> set[str]:
    return {f["code"] for f in report["findings"]}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_facts_match_manifest(shared, trust, entry):
    report = run(shared, trust, entry, middle(entry))
    cert = report["certificate"]
    assert report["input"]["certificates"] == entry["certificates"]
    expected_format = "pem" if entry["format"] == "pem-bundle" else entry["format"]
    assert report["input"]["format"] == expected_format
    for key in ("subject_cn", "issuer_cn", "generation", "kind", "cvr", "fid", "uuid"):
        assert cert[key] == entry[key], key
    assert datetime.fromisoformat(cert["not_before"]) == datetime.fromisoformat(entry["not_before"])
    assert datetime.fromisoformat(cert["not_after"]) == datetime.fromisoformat(entry["not_after"])
    expected_env = entry["chain"].split("-")[1] if entry["chain"] else None
    assert report["chain"]["environment"] == expected_env
    assert report["chain"]["trusted"] is (expected_env is not None)


FOCES_TEST = [e for e in ENTRIES if e["kind"] == "function" and e["chain"] == "oces2-test"]
OCES3 = [e for e in ENTRIES if e["generation"] == "oces3"]


@pytest.mark.parametrize("entry", FOCES_TEST, ids=[e["file"] for e in FOCES_TEST])
def test_foces_test_accepted_for_test_until_retirement(shared, trust, entry):
    before = run(shared, trust, entry, min(middle(entry), RETIRED - timedelta(days=1)))
    assert before["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}
    assert "policy.wrong-environment" in codes(before)
    after = run(shared, trust, entry, max(middle(entry), RETIRED))
    assert after["environments"] == {"test": {"accepted": False}, "prod": {"accepted": False}}
    assert "policy.oces2-retired" in codes(after)


@pytest.mark.parametrize("entry", OCES3, ids=[e["file"] for e in OCES3])
def test_oces3_accepted_for_exactly_its_chain(shared, trust, entry):
    report = run(shared, trust, entry, middle(entry))
    env = entry["chain"].split("-")[1]
    other = "prod" if env == "test" else "test"
    assert report["environments"][env]["accepted"] is True
    assert report["environments"][other]["accepted"] is False
    assert "policy.wrong-environment" in codes(report)


def test_no_corpus_file_is_forgotten(shared):
    files = {
        str(p.relative_to(shared / "corpus"))
        for p in (shared / "corpus").rglob("*")
        if p.is_file() and p.suffix not in (".json", ".md")
    }
    assert files == {e["file"] for e in ENTRIES}


@pytest.mark.parametrize(
    "name",
    ["fake-person-cert.pem", "fake-trust2408-systemtest-vii-primary-ca.pem", "fake-trust2408-systemtest-xxii-ca.pem"],
)
def test_spoofed_never_trusted(shared, trust, name):
    data = (shared / "corpus" / "spoofed" / name).read_bytes()
    for at in (datetime(2020, 6, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)):
        report = check(data, at=at, trust=trust)
        assert report["chain"]["trusted"] is False
        assert "chain.untrusted" in codes(report)
        assert not any(e["accepted"] for e in report["environments"].values())


def test_spoofed_chain_bundled_with_its_leaf_is_still_untrusted(shared, trust):
    spoofed = shared / "corpus" / "spoofed"
    bundle = b"".join(
        (spoofed / n).read_bytes()
        for n in (
            "fake-person-cert.pem",
            "fake-trust2408-systemtest-xxii-ca.pem",
            "fake-trust2408-systemtest-vii-primary-ca.pem",
        )
    )
    report = check(bundle, at=datetime(2020, 6, 1, tzinfo=UTC), trust=trust)
    assert report["chain"]["trusted"] is False
    assert "chain.untrusted" in codes(report)


@pytest.mark.parametrize(
    "name",
    [
        "pkcs12-foces-gyldig-Test1234.p12",
        "pkcs12-legacy-foces-udloebet-Test1234.p12",
        "pkcs12-oces3-testwsc-Test1234.pfx",
    ],
)
def test_pkcs12_password(shared, trust, name):
    data = (shared / "corpus" / "formats" / name).read_bytes()
    at = datetime(2020, 1, 1, tzinfo=UTC)
    assert check(data, at=at, trust=trust, password=b"Test1234")["certificate"] is not None
    wrong = check(data, at=at, trust=trust, password=b"wrong")
    assert wrong["certificate"] is None
    assert codes(wrong) == {"input.pkcs12-password"}
    closed = check(data, at=at, trust=trust)
    assert codes(closed) == {"input.pkcs12"}


def test_done_when_oces2_example(shared, trust):
    data = (shared / "corpus" / "oces2-foces-test" / "tu-generel-foces-gyldig.pem").read_bytes()
    r = check(data, at=datetime(2019, 6, 1, tzinfo=UTC), trust=trust)
    c = r["certificate"]
    assert (c["generation"], c["kind"], c["cvr"], c["fid"]) == ("oces2", "function", "30808460", "94731315")
    assert r["chain"]["environment"] == "test"
    assert r["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}
    today = check(data, at=datetime(2026, 11, 28, tzinfo=UTC), trust=trust)
    assert today["environments"] == {"test": {"accepted": False}, "prod": {"accepted": False}}
    assert {"policy.oces2-retired", "cert.expired"} <= codes(today)


def test_done_when_oces3_example(shared, trust):
    data = (shared / "corpus" / "oces3-prod" / "kombit-adg-exttest-adgangsstyring-2.cer").read_bytes()
    r = check(data, at=datetime(2027, 1, 1, tzinfo=UTC), trust=trust)
    c = r["certificate"]
    assert (c["generation"], c["kind"], c["cvr"], c["uuid"]) == (
        "oces3",
        "organisation",
        "19435075",
        "9b499a4d-4374-41de-8540-504682ec1e46",
    )
    assert r["chain"]["environment"] == "prod"
    assert r["environments"] == {"test": {"accepted": False}, "prod": {"accepted": True}}


def test_unlisted_oces2_test_issuer_warns_but_accepts(shared, trust):
    data = (shared / "corpus" / "oces2-foces-test" / "kombit-sp-signing-test-xxii.pem").read_bytes()
    r = check(data, at=datetime(2020, 6, 1, tzinfo=UTC), trust=trust)
    assert r["environments"]["test"]["accepted"] is True
    warning = [f for f in r["findings"] if f["code"] == "policy.unlisted-test-ca"]
    assert warning and warning[0]["severity"] == "warning"
    listed = check(
        (shared / "corpus" / "oces2-foces-test" / "tu-generel-foces-gyldig.pem").read_bytes(),
        at=datetime(2019, 6, 1, tzinfo=UTC),
        trust=trust,
    )
    assert "policy.unlisted-test-ca" not in codes(listed)
