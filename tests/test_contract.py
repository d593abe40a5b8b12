"""The report's types (checks/contract.py) are the report: the keys a real report carries are
the keys its TypedDicts declare, so a type cannot drift from what the CLI and the worker send."""

from __future__ import annotations

import datetime as dt

from checks import build_message, check, contract

CERT = "corpus/oces3-test/nemlogin-lookupservices-testwsc.pem"  # a real OCES3 test certificate


def _keys(typed) -> tuple[set[str], set[str]]:
    return set(typed.__required_keys__), set(typed.__optional_keys__)


def _assert_shape(value: dict, typed) -> None:
    required, optional = _keys(typed)
    assert required <= set(value) <= required | optional, (typed.__name__, sorted(set(value) ^ required))


def test_a_report_has_exactly_the_contract_keys(shared, trust):
    at = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
    report = check((shared / CERT).read_bytes(), at=at, trust=trust, lang="en", name="x.pem")
    assert report["environments"]["test"]["accepted"]
    _assert_shape(report, contract.Report)
    _assert_shape(report["input"], contract.InputFacts)
    _assert_shape(report["certificate"], contract.CertificateFacts)
    _assert_shape(report["certificate"]["key"], contract.KeyFacts)
    _assert_shape(report["chain"], contract.ChainFacts)
    for verdict in report["environments"].values():
        _assert_shape(verdict, contract.Verdict)
    for finding in report["findings"]:
        _assert_shape(finding, contract.RenderedFinding)
    message = build_message(test=(report, "ws-1"), lang="da")
    _assert_shape(message, contract.MessageResult)


def test_an_unreadable_input_has_no_certificate_and_no_chain(trust):
    report = check(b"", at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), trust=trust, lang="da")
    _assert_shape(report, contract.Report)
    assert report["certificate"] is None and report["chain"] is None
