"""Hostile wrappings as data: the worst inputs at the size limit, each with the findings it
must give, and a bundle of more CA certificates than are read (tests/test_hostile_input.py
runs them, bench/hostile.py times them)."""

from __future__ import annotations

from checks.load import MAX_BYTES

from . import pki as P


def self_made_carrying(payload: bytes) -> bytes:
    """A self-signed DER certificate whose extension holds `payload` (a genuine leaf as PEM
    or base64): the DER must be read as itself, not as the text inside it (issue 16)."""
    from cryptography import x509 as cx
    from cryptography.x509.oid import NameOID as N

    key = P.rsa_key("self-made")
    name = P.name((N.COMMON_NAME, "Selvlavet"))
    ext = cx.UnrecognizedExtension(cx.ObjectIdentifier("1.3.6.1.4.1.55555.1"), payload)
    return P.der(
        P.build(
            name,
            key.public_key(),
            name,
            key,
            scheme="pkcs1-sha256",
            not_before=P.d("2024-01-01"),
            not_after=P.d("2027-01-01"),
            ca=False,
            extra=((ext, False),),
        )
    )


def many_cas_then_leaf(p, leaf, count: int) -> bytes:
    """`count` different CA certificates, the leaf last: more than are fully parsed."""
    cas = [p.sub(f"extra-{i}", "oces3-test-root", f"Ekstra CA {i}", key_label="extra") for i in range(count)]
    return P.pem(*[c.cert for c in cas]) + P.pem(p["oces3-test-ca-1"].cert) + leaf.pem


def _at_limit(unit: bytes) -> bytes:
    return (unit * (MAX_BYTES // len(unit) + 1))[:MAX_BYTES]


WORST_CASES = {
    "begin-lines-without-end": (_at_limit(b"-----BEGIN CERTIFICATE-----\n"), {"cert.malformed"}),
    "begin-markers-on-one-line": (_at_limit(b"-----BEGIN CERTIFICATE-----"), {"cert.malformed"}),
    "begin-without-dashes": (_at_limit(b"-----BEGIN "), {"input.unrecognised"}),
    "end-lines-only": (_at_limit(b"-----END CERTIFICATE-----\n"), {"input.unrecognised"}),
    "escaped-begin": (_at_limit(b"-----BEGIN CERTIFICATE-----\\n"), {"cert.malformed"}),
    "xml-open-tags": (_at_limit(b"<X509Certificate>"), {"input.unrecognised"}),  # never closed
    "xml-tag-names": (_at_limit(b"<a:X509Certificate"), {"input.unrecognised"}),
    "json-strings": (b"[" + _at_limit(b'"-----BEGIN CERTIFICATE-----",')[:-40] + b'""]', {"cert.malformed"}),
    "one-long-base64-line": (_at_limit(b"QUFB"), {"input.unrecognised"}),
    "quoted-begins": (_at_limit(b"> -----BEGIN CERTIFICATE-----\n"), {"cert.malformed"}),
}
