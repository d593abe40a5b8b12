"""Inputs built to make path building slow: the checker must still answer quickly.

A PEM file is small, but path building over a bundle can explode: k CA certificates that
share a name and a key all verify as issuers of one another (a complete graph), and when
no root is reachable a naive depth-first search walks every simple path. Each check runs
in a forked process with a time limit so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue

import pytest

from support import pki as P

AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
LIMIT_S = 60  # the blow-up this guards against takes hours; a sound run takes a few seconds


@pytest.fixture(scope="module")
def synthetic():
    p = P.PKI.create()
    return p, p.trust()


def run_isolated(synthetic, data: bytes) -> dict:
    """check() on `data` in a forked child process (which inherits the trust store) with a
    time limit, so that a blow-up fails instead of hanging the suite."""
    _, trust = synthetic
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()

    def child():
        from checks import check

        try:
            results.put(("ok", check(data, at=AT, lang="en", trust=trust)))
        except BaseException as e:  # report it to the parent, whatever it is
            results.put(("error", repr(e)))

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    try:
        status, value = results.get(timeout=LIMIT_S)
    except queue.Empty:
        proc.kill()
        proc.join()
        pytest.fail(f"check() took more than {LIMIT_S} s")
    proc.join()
    assert status == "ok", value
    return value


ACCEPTED_FOR_TEST = {"test": {"accepted": True}, "prod": {"accepted": False}}
ACCEPTED_CODES = {"input.bundle", "policy.wrong-environment", "revocation.not-checked"}


@pytest.mark.parametrize("k", [4, 12])
def test_complete_graph_of_same_name_cas_is_decided_quickly(synthetic, k):
    p, _ = synthetic
    leaf, cas = P.same_name_loop(p, k)
    report = run_isolated(synthetic, P.pem(leaf.cert, *cas))
    codes = {f["code"] for f in report["findings"]}
    assert codes == {"input.bundle", "chain.untrusted", "revocation.not-checked"}
    assert report["input"]["certificates"] == k + 1
    assert report["environments"] == {"test": {"accepted": False}, "prod": {"accepted": False}}


def _bridge(p, subject, public_key):
    """A CA certificate of the given name and key, issued by the synthetic OCES3 test root."""
    root = p["oces3-test-root"]
    return P.build(
        subject,
        public_key,
        root.name,
        root.key,
        scheme="pss-sha512",
        not_before=P.d("2020-01-01"),
        not_after=P.d("2035-01-01"),
        ca=True,
    )


def test_loop_with_a_way_out_finds_the_short_path(synthetic):
    """The same loop plus one certificate of the loop's name and key issued by the real
    root: the leaf has a path out through it, and the short one is reported."""
    p, _ = synthetic
    leaf, cas = P.same_name_loop(p, 12)
    report = run_isolated(synthetic, P.pem(leaf.cert, *cas, _bridge(p, cas[0].subject, cas[0].public_key())))
    assert report["environments"] == ACCEPTED_FOR_TEST
    assert report["chain"]["path"] == ["SYNTETISK_SYSTEM_1", "Sløjfe CA", "Den Danske Stat OCES rod-CA"]


def test_many_unrelated_certificates_in_one_bundle(synthetic):
    """A bundle with hundreds of unrelated CA certificates."""
    p, _ = synthetic
    others = [p["oces2-test-ca-xix"].cert, p["oces3-prod-ca-1"].cert, p["oces2-prod-root"].cert] * 150
    report = run_isolated(synthetic, P.pem(p.oces3().cert, *others))
    assert report["environments"] == ACCEPTED_FOR_TEST


@pytest.mark.parametrize("k", [4, 12])
def test_expired_copies_in_the_bundle_do_not_hide_the_valid_path(synthetic, k):
    """k expired certificates of the issuing CA's name and key, bundled before one valid
    one that the root issued: the valid path leaf → CA → root must be found, however many
    longer paths through the expired copies there are."""
    p, _ = synthetic
    leaf, cas = P.same_name_loop(p, 1)
    key = P.rsa_key("loop-Sløjfe CA")
    expired = [
        P.build(
            cas[0].subject,
            key.public_key(),
            cas[0].subject,
            key,
            scheme="pss-sha512",
            not_before=P.d("2015-01-01"),
            not_after=P.d("2020-01-01"),
            ca=True,
        )
        for _ in range(k)
    ]
    report = run_isolated(synthetic, P.pem(leaf.cert, *expired, _bridge(p, cas[0].subject, key.public_key())))
    assert {f["code"] for f in report["findings"]} == ACCEPTED_CODES
    assert report["environments"] == ACCEPTED_FOR_TEST


@pytest.mark.parametrize("k", [15, 40])
def test_look_alikes_copying_name_and_key_id_cannot_crowd_out_the_pinned_ca(synthetic, k):
    """k self-issued look-alikes that copy the pinned issuing CA's name and key identifier,
    bundled with a genuine certificate: the genuine path through the pinned CAs must still
    be found (the look-alikes use up the candidate and signature-check budgets otherwise)."""
    p, _ = synthetic
    ca1 = p["oces3-test-ca-1"]
    ski = P.ski_of(ca1)
    key = P.rsa_key("crowd")
    looks = [
        P.build(
            ca1.name,
            key.public_key(),
            ca1.name,
            key,
            scheme="pss-sha512",
            not_before=P.d("2020-01-01"),
            not_after=P.d("2035-01-01"),
            ca=True,
            ski=ski,
            aki=ski,
        )
        for _ in range(k)
    ]
    report = run_isolated(synthetic, P.pem(p.oces3().cert, *looks))
    assert {f["code"] for f in report["findings"]} == ACCEPTED_CODES
    assert report["environments"] == ACCEPTED_FOR_TEST
