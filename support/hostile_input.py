"""Hostile wrappings as data: the worst inputs at the size limit, each with the findings it
must give, and a bundle of more CA certificates than are read (tests/test_hostile_input.py
runs them, bench/hostile.py times them)."""

from __future__ import annotations

from checks.load import MAX_BYTES

from . import pki as P


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
