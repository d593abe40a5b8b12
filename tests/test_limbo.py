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
import os
import tomllib
from pathlib import Path

import pytest
from asn1crypto import pem

SHARED = Path(os.environ.get("OCES_SHARED_DIR", Path(__file__).resolve().parent.parent.parent / "shared"))
LIMBO = SHARED / "conformance" / "limbo-tierA.json"
EXCEPTIONS_FILE = Path(__file__).with_name("limbo_exceptions.toml")


def _exceptions() -> dict[str, str]:
    data = tomllib.loads(EXCEPTIONS_FILE.read_text(encoding="utf-8"))
    return {case["id"]: case["reason"] for case in data.get("case", [])}


EXCEPTIONS = _exceptions()


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
        return dt.datetime.now(dt.timezone.utc)
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def validate(case: dict):
    from checks import TrustStore, validate_path

    trust = TrustStore.from_entries([
        {"der": _der(t), "id": f"limbo-root-{i}", "name": f"limbo root {i}",
         "generation": None, "environment": None, "role": "root"}
        for i, t in enumerate(case["trusted_certs"])
    ])
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
        f"trusted={result.trusted} findings={codes}\n{case['description']}")
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


def test_every_case_runs(cases):
    # guards against the harness silently collecting nothing
    assert len(cases) == 67
    assert set(_case_ids()) == set(cases)
