"""Wrappings a supplier's file may come in that the contract covers by its general words
("PEM with text around it", "any line endings") but the golden cases do not spell out."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from support import pki as P

AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def synthetic():
    p = P.PKI.create()
    return p, p.trust(), p.oces3()


def verdict(synthetic, data: bytes) -> tuple[set[str], dict]:
    from checks import check

    _p, trust, _ = synthetic
    report = check(data, at=AT, lang="en", trust=trust)
    return {f["code"] for f in report["findings"]}, report["environments"]


ACCEPTED_TEST = (
    {"policy.wrong-environment", "revocation.not-checked"},
    {"test": {"accepted": True}, "prod": {"accepted": False}},
)


def test_pem_after_a_utf8_byte_order_mark(synthetic):
    """Windows editors save UTF-8 with a byte order mark before the first line."""
    _, _, leaf = synthetic
    assert verdict(synthetic, b"\xef\xbb\xbf" + leaf.pem) == ACCEPTED_TEST


def test_pem_after_a_byte_order_mark_and_crlf(synthetic):
    _, _, leaf = synthetic
    assert verdict(synthetic, b"\xef\xbb\xbf" + leaf.pem.replace(b"\n", b"\r\n")) == ACCEPTED_TEST


def test_openssl_trusted_certificate(synthetic, tmp_path):
    """`openssl x509 -trustout` writes BEGIN TRUSTED CERTIFICATE: the certificate followed by
    OpenSSL's trust settings. checks.load lists the label; the certificate must be read."""
    _, _, leaf = synthetic
    (tmp_path / "l.pem").write_bytes(leaf.pem)
    out = subprocess.run(
        ["openssl", "x509", "-in", str(tmp_path / "l.pem"), "-trustout", "-addtrust", "clientAuth"],
        capture_output=True,
        check=True,
    ).stdout
    assert b"BEGIN TRUSTED CERTIFICATE" in out
    assert verdict(synthetic, out) == ACCEPTED_TEST


def test_pgp_key_is_not_a_damaged_certificate(synthetic):
    """An armoured PGP key is not a certificate at all: input.unrecognised, not cert.malformed."""
    data = b"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBFxyz\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----\n"
    codes, _envs = verdict(synthetic, data)
    assert codes == {"input.unrecognised"}


@pytest.mark.parametrize("bom,encoding", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_pem_saved_as_utf16(synthetic, bom, encoding):
    """PowerShell 5 redirection writes UTF-16 text files, with a byte order mark."""
    _, _, leaf = synthetic
    data = bom + leaf.pem.decode("ascii").replace("\n", "\r\n").encode(encoding)
    assert verdict(synthetic, data) == ACCEPTED_TEST


@pytest.mark.parametrize("tail", [b"\n", b"\r\n"])
def test_der_with_a_trailing_newline(synthetic, tail):
    _, _, leaf = synthetic
    assert verdict(synthetic, leaf.der + tail) == ACCEPTED_TEST


def test_der_with_trailing_garbage_is_not_accepted(synthetic):
    _, _, leaf = synthetic
    codes, envs = verdict(synthetic, leaf.der + b"\x00garbage")
    assert not envs["test"]["accepted"] and not envs["prod"]["accepted"]
    assert codes & {"cert.malformed", "input.unrecognised"}


def test_naive_time_is_utc(synthetic):
    """check(at=naive datetime) reads it as UTC rather than failing."""
    from checks import check

    _p, trust, leaf = synthetic
    last = check(leaf.pem, at=dt.datetime(2027, 1, 1, 0, 0, 0), lang="en", trust=trust)
    after = check(leaf.pem, at=dt.datetime(2027, 1, 1, 0, 0, 1), lang="en", trust=trust)
    assert last["environments"]["test"]["accepted"] is True
    assert "cert.expired" in {f["code"] for f in after["findings"]}
