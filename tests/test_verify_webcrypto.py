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

SIZES = {"secp256r1": 32, "secp384r1": 48, "secp521r1": 66}


def _check(curve: str, signature: bytes) -> SignatureCheck:
    return SignatureCheck(key=("a", "b"), algorithm="ecdsa", hash="sha512", salt_length=None, mgf_hash=None,
                          curve=curve, public_key=b"", signature=signature, message=b"")


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
    key.public_key().verify(encode_dss_signature(int.from_bytes(raw[:66], "big"), int.from_bytes(raw[66:], "big")),
                            message, ec.ECDSA(hashes.SHA512()))


@pytest.mark.parametrize("signature", [b"", b"\x30\x00", b"not der", algos.DSASignature({"r": -1, "s": 1}).dump(),
                                       algos.DSASignature({"r": 1 << 600, "s": 1}).dump()])
def test_unreadable_or_oversized_signature_is_none(signature):
    assert _signature_bytes(_check("secp256r1", signature)) is None


def test_unknown_curve_is_none():
    assert _signature_bytes(_check("brainpoolP256r1", algos.DSASignature({"r": 1, "s": 1}).dump())) is None
