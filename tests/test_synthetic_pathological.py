"""Inputs built to make path building slow: the checker must still answer quickly.

A PEM file is small, but path building over a bundle can explode: k CA certificates that
share a name and a key all verify as issuers of one another (a complete graph), and when
no root is reachable a naive depth-first search walks every simple path. Each check runs
in a subprocess with a time limit so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
LIMIT_S = 30


def run_isolated(body: str) -> dict:
    """Run `body` (which sets `report`) in a fresh interpreter with tests/pki importable."""
    script = textwrap.dedent("""
        import datetime as dt, json, sys
        sys.path[:0] = [{tests!r}, {root!r}]
        import pki as P
        from checks import check
        p = P.PKI.create()
        trust = p.trust()
        AT = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
    """).format(tests=str(TESTS), root=str(ROOT)) + textwrap.dedent(body) + "\nprint(json.dumps(report))\n"
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=LIMIT_S, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"check() took more than {LIMIT_S} s")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("k", [4, 12])
def test_complete_graph_of_same_name_cas_is_decided_quickly(k):
    report = run_isolated(f"""
        leaf, cas = P.same_name_loop(p, {k})
        report = check(P.pem(leaf.cert, *cas), at=AT, lang="en", trust=trust)
    """)
    codes = {f["code"] for f in report["findings"]}
    assert codes == {"input.bundle", "chain.untrusted", "revocation.not-checked"}
    assert report["input"]["certificates"] == k + 1
    assert report["environments"] == {"test": {"accepted": False}, "prod": {"accepted": False}}


def test_loop_with_a_way_out_finds_the_short_path():
    """The same loop plus one certificate of the loop's name and key issued by the real
    root: the leaf has a path out through it, and it is found quickly."""
    report = run_isolated("""
        leaf, cas = P.same_name_loop(p, 12)
        root = p["oces3-test-root"]
        bridge = P.build(cas[0].subject, cas[0].public_key(), root.name, root.key, scheme="pss-sha512",
                         not_before=P.d("2020-01-01"), not_after=P.d("2035-01-01"), ca=True)
        report = check(P.pem(leaf.cert, *cas, bridge), at=AT, lang="en", trust=trust)
    """)
    assert report["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}
    assert report["chain"]["path"] == ["SYNTETISK_SYSTEM_1", "Sløjfe CA", "Den Danske Stat OCES rod-CA"]


def test_many_unrelated_certificates_in_one_bundle():
    """A bundle near the size limit with hundreds of unrelated CA certificates."""
    report = run_isolated("""
        leaf = p.oces3()
        others = [p["oces2-test-ca-xix"].cert, p["oces3-prod-ca-1"].cert, p["oces2-prod-root"].cert] * 150
        report = check(P.pem(leaf.cert, *others), at=AT, lang="en", trust=trust)
    """)
    assert report["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}


@pytest.mark.parametrize("k", [4, 12])
def test_expired_copies_in_the_bundle_do_not_hide_the_valid_path(k):
    """k expired certificates of the issuing CA's name and key, bundled before one
    valid one that the root issued: the valid path leaf → CA → root must be found, however
    many longer paths through the expired copies there are."""
    report = run_isolated(f"""
        leaf, cas = P.same_name_loop(p, 1)
        key = P.rsa_key("loop-Sløjfe CA")
        expired = [P.build(cas[0].subject, key.public_key(), cas[0].subject, key, scheme="pss-sha512",
                           not_before=P.d("2015-01-01"), not_after=P.d("2020-01-01"), ca=True) for _ in range({k})]
        root = p["oces3-test-root"]
        bridge = P.build(cas[0].subject, key.public_key(), root.name, root.key, scheme="pss-sha512",
                         not_before=P.d("2020-01-01"), not_after=P.d("2035-01-01"), ca=True)
        report = check(P.pem(leaf.cert, *expired, bridge), at=AT, lang="en", trust=trust)
    """)
    assert {f["code"] for f in report["findings"]} == {"input.bundle", "policy.wrong-environment",
                                                        "revocation.not-checked"}
    assert report["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}


@pytest.mark.parametrize("k", [15, 40])
def test_look_alikes_copying_name_and_key_id_cannot_crowd_out_the_pinned_ca(k):
    """k self-issued look-alikes that copy the pinned issuing CA's name and key identifier,
    bundled with a genuine certificate: the genuine path through the pinned CAs must still
    be found (the look-alikes use up the candidate and signature-check budgets otherwise)."""
    report = run_isolated(f"""
        ca1 = p["oces3-test-ca-1"]
        ski = P.ski_of(ca1)
        key = P.rsa_key("crowd")
        looks = [P.build(ca1.name, key.public_key(), ca1.name, key, scheme="pss-sha512",
                         not_before=P.d("2020-01-01"), not_after=P.d("2035-01-01"), ca=True,
                         ski=ski, aki=ski) for _ in range({k})]
        report = check(P.pem(p.oces3().cert, *looks), at=AT, lang="en", trust=trust)
    """)
    assert {f["code"] for f in report["findings"]} == {"input.bundle", "policy.wrong-environment",
                                                        "revocation.not-checked"}
    assert report["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}
