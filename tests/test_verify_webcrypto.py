"""The WebCrypto backend's conversion of ECDSA signatures (pure Python, no browser): DER
SEQUENCE {r, s} → raw r||s with each half as long as the curve's size. Checked against
`cryptography`, which reads the raw halves back and verifies them."""

from __future__ import annotations

import pytest
from asn1crypto import algos
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from checks.signatures import SignatureCheck
from checks.verify_webcrypto import _signature_bytes
from support.aio import run_coroutine

SIZES = {"secp256r1": 32, "secp384r1": 48, "secp521r1": 66}


def _check(curve: str, signature: bytes) -> SignatureCheck:
    return SignatureCheck(
        key=("a", "b"),
        algorithm="ecdsa",
        hash="sha512",
        salt_length=None,
        mgf_hash=None,
        curve=curve,
        public_key=b"",
        signature=signature,
        message=b"",
    )


@pytest.mark.parametrize("curve", sorted(SIZES))
def test_both_halves_short_are_padded_to_the_curve_size(curve):
    # r and s far below the curve size: asn1crypto's to_p1363 alone gives 2 + 2 bytes here
    der = algos.DSASignature({"r": 0x1234, "s": 0xAB}).dump()
    raw = _signature_bytes(_check(curve, der))
    size = SIZES[curve]
    assert len(raw) == 2 * size
    assert int.from_bytes(raw[:size], "big") == 0x1234 and int.from_bytes(raw[size:], "big") == 0xAB


def test_real_p521_signature_with_both_halves_short_still_verifies():
    """Sign until r and s are both shorter than 66 bytes (about one signature in four on P-521),
    then verify the raw halves, as WebCrypto reads them, with `cryptography`."""
    key = ec.generate_private_key(ec.SECP521R1())
    message = b"tbsCertificate stand-in"
    for _ in range(400):
        der = key.sign(message, ec.ECDSA(hashes.SHA512()))
        r, s = decode_dss_signature(der)
        if r.bit_length() <= 520 and s.bit_length() <= 520:
            break
    else:
        pytest.fail("no signature with both halves short in 400 tries")
    raw = _signature_bytes(_check("secp521r1", der))
    assert len(raw) == 132
    key.public_key().verify(
        encode_dss_signature(int.from_bytes(raw[:66], "big"), int.from_bytes(raw[66:], "big")),
        message,
        ec.ECDSA(hashes.SHA512()),
    )


@pytest.mark.parametrize(
    "signature",
    [
        b"",
        b"\x30\x00",
        b"not der",
        algos.DSASignature({"r": -1, "s": 1}).dump(),
        algos.DSASignature({"r": 1 << 600, "s": 1}).dump(),
    ],
)
def test_unreadable_or_oversized_signature_is_none(signature):
    assert _signature_bytes(_check("secp256r1", signature)) is None


def test_unknown_curve_is_none():
    assert _signature_bytes(_check("brainpoolP256r1", algos.DSASignature({"r": 1, "s": 1}).dump())) is None


# --- a browser whose WebCrypto lacks an algorithm -----------------------------------------


class _JsError(Exception):
    """What Pyodide raises for a rejected JS promise: the error's name is on it."""

    def __init__(self, name: str):
        super().__init__(f"{name}: refused")
        self.name = name


class _Subtle:
    def __init__(self, error: str | None):
        self.error = error

    async def importKey(self, *args):
        if self.error:
            raise _JsError(self.error)
        return "key"

    async def verify(self, *args):
        return True


@pytest.fixture()
def no_pyodide(monkeypatch):
    """Just enough of Pyodide's `pyodide.ffi` and `js` for the backend to run on CPython."""
    import sys
    import types

    ffi = types.ModuleType("pyodide.ffi")
    ffi.to_js = lambda value, **_: value
    js = types.ModuleType("js")
    js.Object = types.SimpleNamespace(fromEntries=dict)
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)
    monkeypatch.setitem(sys.modules, "js", js)


@pytest.mark.parametrize(
    ("error", "expected"), [(None, True), ("NotSupportedError", None), ("DataError", False), ("OperationError", False)]
)
def test_an_algorithm_the_browser_lacks_is_none_not_false(no_pyodide, error, expected):
    from checks.verify_webcrypto import WebCryptoVerifier

    check = SignatureCheck(
        key=("a", "b"),
        algorithm="ed25519",
        hash=None,
        salt_length=None,
        mgf_hash=None,
        curve=None,
        public_key=b"k",
        signature=b"s",
        message=b"m",
    )
    assert run_coroutine(WebCryptoVerifier(subtle=_Subtle(error)).averify(check)) is expected


class _CannotVerify:
    """A backend that cannot check anything: every edge None."""

    def verify(self, check):
        return None


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_browser_gap_says_so_and_blames_neither_certificate_nor_issuer(shared, trust, lang):
    from datetime import UTC, datetime

    from checks import check as check_report

    data = (shared / "corpus" / "oces3-test" / "nemlogin-idp-test.cer").read_bytes()
    report = check_report(data, at=datetime(2024, 1, 1, tzinfo=UTC), trust=trust, lang=lang, verifier=_CannotVerify())
    found = [f["code"] for f in report["findings"]]
    assert "chain.browser-cannot-verify" in found
    assert not {"chain.untrusted", "chain.bad-signature"} & set(found)
    assert not report["environments"]["test"]["accepted"] and not report["environments"]["prod"]["accepted"]
    finding = next(f for f in report["findings"] if f["code"] == "chain.browser-cannot-verify")
    # A newer browser is the way out; the site shows no CLI command (issue 15, developer text).
    assert ("recent version" if lang == "en" else "nyere version") in finding["hint"]
    assert "python -m checks" not in finding["hint"]
    assert "rsassa" in finding["message"] or "ecdsa" in finding["message"]
