"""x509-limbo tier A (../shared/conformance/limbo-tierA.json): path validation alone.

Each case: validate `peer_certificate` against `trusted_certs` (trust anchors with no
generation or environment) with `untrusted_intermediates` at `validation_time` (None:
now) and compare `ChainResult.ok` with `expected_result`. Every case must agree except
those listed, each with its reason, in tests/limbo_exceptions.toml; those are strict
xfails, so one that starts agreeing fails the run until it is taken off the list.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from asn1crypto import pem

from support.paths import SHARED

LIMBO = SHARED / "conformance" / "limbo-tierA.json"
EXCEPTIONS_FILE = Path(__file__).with_name("limbo_exceptions.toml")


def _exceptions() -> dict[str, str]:
    data = tomllib.loads(EXCEPTIONS_FILE.read_text(encoding="utf-8"))
    return {case["id"]: case["reason"] for case in data.get("case", [])}


EXCEPTIONS = _exceptions()

# Why each FAILURE case must fail, from its description: the result must carry at least one
# of these codes, so a case that fails for an unrelated reason does not count as agreement.
UNTRUSTED = {"chain.untrusted"}
REASONS = {
    "invalid::invalid-issuer-key": {"chain.untrusted", "chain.bad-signature"},
    "pathlen::intermediate-violates-pathlen-0": {"chain.invalid-ca"},
    "pathlen::intermediate-pathlen-too-long": {"chain.invalid-ca"},
    "pathological::intermediate-cycle-distinct-cas": UNTRUSTED,
    "pathological::intermediate-cycle-distinct-cas-max-depth": UNTRUSTED,
    "pathological::intermediate-cycle-same-logical-ca": UNTRUSTED,
    "rfc5280::eku::ee-eku-empty": {"cert.invalid"},
    "rfc5280::validity::expired-root": {"chain.ca-expired"},
    "rfc5280::validity::expired-intermediate": {"chain.ca-expired"},
    "rfc5280::validity::expired-leaf": {"cert.expired"},
    "rfc5280::validity::expired-1-second": {"cert.expired"},
    "rfc5280::validity::expired-5-seconds": {"cert.expired"},
    "rfc5280::validity::notbefore-fractional": {"cert.not-yet-valid"},
    "rfc5280::validity::not-yet-valid-1-second": {"cert.not-yet-valid"},
    "rfc5280::validity::not-yet-valid-5-seconds": {"cert.not-yet-valid"},
    "rfc5280::ee-empty-issuer": {"chain.untrusted", "cert.invalid"},
    "rfc5280::ca-empty-subject": {"chain.invalid-ca"},
    "rfc5280::unknown-critical-extension-ee": {"chain.unknown-critical-extension"},
    "rfc5280::unknown-critical-extension-root": {"chain.unknown-critical-extension"},
    "rfc5280::unknown-critical-extension-intermediate": {"chain.unknown-critical-extension"},
    "rfc5280::chain-untrusted-root": UNTRUSTED,
    "rfc5280::intermediate-ca-without-ca-bit": {"chain.invalid-ca"},
    # In this subset these two cases carry no untrusted_intermediates: the ICA the
    # description speaks of is absent, so they fail as untrusted. tests/test_golden.py
    # covers the rules themselves (invalid-ca-without-basic-constraints / -keycertsign).
    "rfc5280::intermediate-ca-missing-basic-constraints": {"chain.invalid-ca", "chain.untrusted"},
    "rfc5280::ica-ku-keycertsign": {"chain.invalid-ca", "chain.untrusted"},
    "rfc5280::root-missing-basic-constraints": {"chain.invalid-ca"},
    "rfc5280::root-inconsistent-ca-extensions": {"chain.invalid-ca"},
    "rfc5280::leaf-ku-keycertsign": {"cert.invalid"},
    "rfc5280::ee-critical-aia-invalid": {"cert.invalid"},
    "rfc5280::duplicate-extensions": {"cert.invalid"},
    "rfc5280::mismatching-signature-algorithm": {"chain.algorithm-mismatch"},
    "webpki::explicit-curve": {"cert.invalid"},
    "webpki::cryptographydotio-chain-missing-intermediate": UNTRUSTED,
    "webpki::malformed-aia": {"cert.malformed", "cert.invalid"},
    "webpki::v1-cert": {"cert.invalid"},
    "webpki::ee-basicconstraints-ca": {"cert.ca-certificate", "cert.invalid"},
}


def _case_ids() -> list[str]:
    # Collected at import time so each case is its own test; when ../shared is absent the
    # single placeholder parameter skips through the `shared` fixture.
    if not LIMBO.is_file():
        return ["<no conformance data>"]
    return [c["id"] for c in json.loads(LIMBO.read_text(encoding="utf-8"))["testcases"]]


def _params() -> list:
    return list(_iter_params())


def _iter_params():
    for case_id in _case_ids():
        marks = []
        if case_id in EXCEPTIONS:
            marks.append(pytest.mark.xfail(strict=True, reason=EXCEPTIONS[case_id]))
        yield pytest.param(case_id, id=case_id, marks=marks)


@pytest.fixture(scope="module")
def cases(shared) -> dict[str, dict]:
    data = json.loads((shared / "conformance" / "limbo-tierA.json").read_text(encoding="utf-8"))
    return {c["id"]: c for c in data["testcases"]}


def _der(text: str) -> bytes:
    kind, _, der = pem.unarmor(text.encode("ascii"))
    assert kind == "CERTIFICATE"
    return der


def _time(value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC)
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def validate(case: dict):
    from checks import TrustStore, validate_path

    trust = TrustStore.from_entries(
        [
            {
                "der": _der(t),
                "id": f"limbo-root-{i}",
                "name": f"limbo root {i}",
                "generation": None,
                "environment": None,
                "role": "root",
            }
            for i, t in enumerate(case["trusted_certs"])
        ]
    )
    return validate_path(
        _der(case["peer_certificate"]),
        [_der(t) for t in case["untrusted_intermediates"]],
        trust,
        _time(case["validation_time"]),
    )


@pytest.mark.parametrize("case_id", _params())
def test_limbo_case(cases, case_id):
    case = cases[case_id]
    result = validate(case)
    expected = case["expected_result"] == "SUCCESS"
    codes = sorted(f.code for f in result.findings)
    assert result.ok is expected, (
        f"{case_id}: expected {case['expected_result']}, got ok={result.ok} "
        f"trusted={result.trusted} findings={codes}\n{case['description']}"
    )
    if not result.ok:
        # every failure says why, with a stable code
        assert codes and all(code.split(".")[0] in ("cert", "chain") for code in codes), codes
    if not expected and case_id not in EXCEPTIONS:
        assert set(codes) & REASONS[case_id], f"{case_id} failed, but not for its reason: {codes}"
    if expected:
        # a success is a trusted path from the peer certificate to one of the case's anchors
        assert result.trusted
        anchors = {_der(t) for t in case["trusted_certs"]}
        assert result.path[0].dump() == _der(case["peer_certificate"])
        assert result.path[-1].dump() in anchors


def test_exceptions_name_existing_cases_with_reasons(cases):
    unknown = sorted(set(EXCEPTIONS) - set(cases))
    assert not unknown, f"limbo_exceptions.toml lists ids that are not cases: {unknown}"
    for case_id, reason in EXCEPTIONS.items():
        assert reason.strip(), f"{case_id} is listed without a reason"


def test_exceptions_file_has_no_duplicates():
    data = tomllib.loads(EXCEPTIONS_FILE.read_text(encoding="utf-8"))
    ids = [c["id"] for c in data.get("case", [])]
    assert len(ids) == len(set(ids)), "an id is listed twice"


def test_every_failure_case_has_a_reason(cases):
    failures = {i for i, c in cases.items() if c["expected_result"] == "FAILURE"} - set(EXCEPTIONS)
    assert failures == set(REASONS)


def test_every_case_runs(cases):
    # guards against the harness silently collecting nothing
    assert len(cases) == 67
    assert set(_case_ids()) == set(cases)
