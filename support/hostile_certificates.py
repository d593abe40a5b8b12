"""The hostile certificates as data (odd keys, odd names, odd times, odd algorithms), each
with the findings it must give: tests/test_hostile_certificates.py runs them through the
public API, bench/hostile.py times them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from . import pki as P

AT = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
REV, WRONG_ENV = "revocation.not-checked", "policy.wrong-environment"
OK_TEST = {WRONG_ENV, REV}
UNTRUSTED = {"chain.untrusted", REV}


@dataclass
class Hostile:
    id: str
    make: Callable  # PKI → (DER or PEM bytes, TrustStore or None)
    codes: set[str]
    test: bool = False
    facts: dict = field(default_factory=dict)
    reason: str | None = None  # cert.malformed: the input.toml [malformed] reason its message gives


CASES: list[Hostile] = []


def case(id, make, codes, **kw):
    CASES.append(Hostile(id, make, set(codes), **kw))


def resigned(mutate, *more):
    """An OCES3 test leaf changed by `mutate` and signed again by its issuing CA; `more` are
    extra certificates (PKI → certificate) for the bundle."""

    def make(p):
        leaf = P.resign(p.oces3().cert, p["oces3-test-ca-1"], mutate)
        return P.pem(leaf, *(m(p) for m in more)), None

    return make


def _key(generate):
    return resigned(lambda tbs: P.set_spki(P.spki_of(generate()))(tbs))


def _ed25519():
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519.Ed25519PrivateKey.generate()


def _ed448():
    from cryptography.hazmat.primitives.asymmetric import ed448

    return ed448.Ed448PrivateKey.generate()


def _x25519():
    from cryptography.hazmat.primitives.asymmetric import x25519

    return x25519.X25519PrivateKey.generate()


def _x448():
    from cryptography.hazmat.primitives.asymmetric import x448

    return x448.X448PrivateKey.generate()


def _dsa():
    from cryptography.hazmat.primitives.asymmetric import dsa

    return dsa.generate_private_key(2048)


# --- odd keys: the leaf's own key is only reported, never a traceback ---------------------------
case("leaf-key-ed25519", _key(_ed25519), OK_TEST, test=True, facts={"key": {"type": "ed25519", "size": 256}})
case("leaf-key-ed448", _key(_ed448), OK_TEST, test=True, facts={"key": {"type": "ed448", "size": 456}})
case("leaf-key-x25519", _key(_x25519), OK_TEST, test=True, facts={"key": {"type": "x25519", "size": 255}})
case("leaf-key-x448", _key(_x448), OK_TEST, test=True, facts={"key": {"type": "x448", "size": 448}})
case("leaf-key-dsa", _key(_dsa), OK_TEST, test=True, facts={"key": {"type": "dsa", "size": 2048}})
case(
    "leaf-key-ec-explicit-curve",
    resigned(P.set_spki(P.explicit_p256_spki())),
    {"cert.invalid", WRONG_ENV, REV},
    facts={"key": {"type": "ec", "size": 256}},
)


def _issuing_ca_with_explicit_curve(p):
    """An issuing CA whose EC key has explicit parameters: its leaves cannot be verified."""
    from cryptography.hazmat.primitives.asymmetric import ec

    sub = P.make_key_sub(
        "oces3-test-explicit",
        P.oces3_ca_name("Syntetisk EC-CA", True),
        p["oces3-test-root"],
        ec.generate_private_key(ec.SECP256R1()),
        "ecdsa-sha256",
    )
    leaf = p.oces3(issuer=sub).cert
    ca_der = P.resign(sub.cert, p["oces3-test-root"], P.set_spki(P.explicit_p256_spki()))
    return P.pem(leaf, ca_der), None


case(
    "issuing-ca-key-ec-explicit-curve",
    _issuing_ca_with_explicit_curve,
    {"input.bundle", "chain.unsupported-algorithm", "chain.untrusted", REV},
)


# --- odd names --------------------------------------------------------------------------------
def _cn(value):
    from cryptography.x509.oid import NameOID as N

    subject = P.name(
        (N.COUNTRY_NAME, "DK"),
        (N.ORGANIZATION_IDENTIFIER, "NTRDK-98765432"),
        (N.ORGANIZATION_NAME, "Syntetisk Testorganisation"),
        (N.SERIAL_NUMBER, "UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab"),
        (N.COMMON_NAME, value),
    )
    return P.set_subject(subject)


def _plain_named(cn):
    """PKI → a self-signed certificate whose subject CN is `cn` (e.g. one RFC 4518 refuses)."""

    def make(p):
        from cryptography.x509.oid import NameOID as N

        key = P.rsa_key("hostile-name")
        subject = P.name((N.COMMON_NAME, cn))
        return P.build(
            subject,
            key.public_key(),
            subject,
            key,
            scheme="pkcs1-sha256",
            not_before=P.d("2020-01-01"),
            not_after=P.d("2030-01-01"),
            ca=True,
        )

    return make


# RFC 4518 string preparation refuses private-use characters, U+FFFD and broken bidirectional text.
REFUSED = {"private-use": "CA \ue000", "replacement-char": "CA \ufffd", "bidi": "\u05d0a CA"}
for label, value in REFUSED.items():
    case(f"leaf-cn-rfc4518-refused-{label}", resigned(_cn(value)), OK_TEST, test=True, facts={"subject_cn": value})
    case(
        f"leaf-issuer-rfc4518-refused-{label}",
        resigned(P.set_issuer(P.oces3_ca_name("Den Danske Stat OCES udstedende-CA 1" + value, True))),
        UNTRUSTED,
    )
    # one such certificate in a bundle does not take the valid leaf's report with it
    case(
        f"bundle-with-rfc4518-refused-ca-{label}",
        resigned(lambda tbs: None, _plain_named(value)),
        {"input.bundle", WRONG_ENV, REV},
        test=True,
        facts={"subject_cn": "SYNTETISK_SYSTEM_1"},
    )

FORGERY = "SYS\x1b[32m\r\nTest: godkendt\nProd: godkendt\x1b[0m\x9b2J"
case("leaf-cn-with-control-characters", resigned(_cn(FORGERY)), OK_TEST, test=True, facts={"subject_cn": FORGERY})
case("leaf-cn-very-long", resigned(_cn("S" * 64)), OK_TEST, test=True)


# --- sizes no real certificate has: refused by their shape before the full parse (checks/shape.py),
# each beside one at the bound, which is read as usual ------------------------------------------
# Built as raw DER: asn1crypto would take seconds to write (and to read) tens of thousands of parts.
def _tlv(tag: int, body: bytes) -> bytes:
    from asn1crypto import parser

    return parser.emit(tag >> 6, (tag >> 5) & 1, tag & 0x1F, body)


def _attribute(value: bytes = b"A") -> bytes:  # OU=<value>
    return _tlv(0x30, _tlv(0x06, bytes([0x55, 0x04, 0x0B])) + _tlv(0x0C, value))


def _raw_name(parts: int, per_rdn: int = 1) -> bytes:
    rdns = [
        _tlv(0x31, b"".join(_attribute(b"A %d" % (i + j) if per_rdn == 1 else b"A") for j in range(per_rdn)))
        for i in range(0, parts, per_rdn)
    ]
    return _tlv(0x30, b"".join(rdns))


def _extension(oid: bytes, value: bytes) -> bytes:
    return _tlv(0x30, _tlv(0x06, oid) + _tlv(0x04, value))


PRIVATE_ARC = bytes([0x2B, 0x06, 0x01, 0x04, 0x01, 0x83, 0xB2, 0x23])  # 1.3.6.1.4.1.55555
SAN_OID, POLICIES_OID = bytes([0x55, 0x1D, 0x11]), bytes([0x55, 0x1D, 0x20])
LEAF_ISSUER, LEAF_SUBJECT, LEAF_EXTENSIONS = 3, 5, 7  # tbsCertificate fields (version present)


def _raw_leaf(field_index: int, change):
    """PKI → the OCES3 test leaf, its tbsCertificate field `field_index` replaced by
    `change(old field DER)`, signed again by its issuing CA."""

    def make(p):
        from asn1crypto import parser
        from asn1crypto import x509 as ax

        c = ax.Certificate.load(p.oces3().der)
        rest, fields = parser.parse(c["tbs_certificate"].dump())[4], []
        while rest:
            length = parser.peek(rest)
            fields.append(rest[:length])
            rest = rest[length:]
        fields[field_index] = change(fields[field_index])
        tbs = _tlv(0x30, b"".join(fields))
        ca = p["oces3-test-ca-1"]
        h, pad = P._scheme(ca.leaf_scheme)
        return P.assemble(tbs, c["signature_algorithm"].dump(), ca.key.sign(tbs, pad, h)), None

    return make


def _name(parts: int, per_rdn: int = 1):
    return lambda old: _raw_name(parts, per_rdn)


def _more_extensions(*extensions: bytes):
    """The [3] extensions field with `extensions` added at the end."""

    def change(old):
        from asn1crypto import parser

        inner = parser.parse(parser.parse(old)[4])[4]  # [3] { SEQUENCE { Extension... } }
        return _tlv(0xA3, _tlv(0x30, inner + b"".join(extensions)))

    return change


def _without_extension(oid: bytes, *extensions: bytes):
    """As _more_extensions, with the existing extension `oid` (if any) left out first."""

    def change(old):
        from asn1crypto import parser

        inner, kept = parser.parse(parser.parse(old)[4])[4], []
        while inner:
            length = parser.peek(inner)
            if parser.parse(inner[:length])[4][2 : 2 + len(oid)] != oid:
                kept.append(inner[:length])
            inner = inner[length:]
        return _tlv(0xA3, _tlv(0x30, b"".join(kept) + b"".join(extensions)))

    return change


def _san(count: int) -> bytes:
    return _extension(SAN_OID, _tlv(0x30, b"".join(_tlv(0x82, b"h%d.example.dk" % i) for i in range(count))))


def _policies(count: int) -> bytes:
    return _extension(
        POLICIES_OID,
        _tlv(0x30, b"".join(_tlv(0x30, _tlv(0x06, PRIVATE_ARC + bytes([1, i % 128]))) for i in range(count))),
    )


def _nested(depth: int) -> bytes:
    value = b""
    for _ in range(depth):
        value = _tlv(0x30, value)
    return _extension(PRIVATE_ARC + b"\x03", value)


MALFORMED = {"cert.malformed"}
MOST_NAME_PARTS = (1024 * 1024 - 4000) // 18  # "OU=A 12345": 18 bytes each; the rest of the leaf fits beside them

case("issuer-of-100-name-parts", _raw_leaf(LEAF_ISSUER, _name(100)), UNTRUSTED)
case("issuer-of-101-name-parts", _raw_leaf(LEAF_ISSUER, _name(101)), MALFORMED, reason="name-parts")
case("issuer-of-20000-name-parts", _raw_leaf(LEAF_ISSUER, _name(20000)), MALFORMED, reason="name-parts")
case(
    "issuer-of-the-most-name-parts-in-1-mib",
    _raw_leaf(LEAF_ISSUER, _name(MOST_NAME_PARTS)),
    MALFORMED,
    reason="name-parts",
)
case(
    "issuer-of-one-part-of-30000-attributes",
    _raw_leaf(LEAF_ISSUER, _name(30000, 30000)),
    MALFORMED,
    reason="name-parts",
)
case("subject-of-20000-name-parts", _raw_leaf(LEAF_SUBJECT, _name(20000)), MALFORMED, reason="name-parts")
case("1000-alternative-names", _raw_leaf(LEAF_EXTENSIONS, _without_extension(SAN_OID, _san(1000))), OK_TEST, test=True)
case(
    "40000-alternative-names",
    _raw_leaf(LEAF_EXTENSIONS, _without_extension(SAN_OID, _san(40000))),
    MALFORMED,
    reason="parts",
)
case(
    "40000-extensions",
    _raw_leaf(
        LEAF_EXTENSIONS,
        _more_extensions(*(_extension(PRIVATE_ARC + bytes([2, 0x81, i % 128]), b"\x05\x00") for i in range(40000))),
    ),
    MALFORMED,
    reason="parts",
)
case("40000-policies", _raw_leaf(LEAF_EXTENSIONS, _more_extensions(_policies(40000))), MALFORMED, reason="parts")


def _bundle_with_oversized(p):
    """The leaf and, after it, a certificate of 20 000 name parts: that one is left out, as a
    damaged certificate in a bundle is (the report is the leaf's alone)."""
    return P.pem(p.oces3().der, _raw_leaf(LEAF_SUBJECT, _name(20000))(p)[0]), None


case(
    "bundle-with-oversized-certificate",
    _bundle_with_oversized,
    OK_TEST,
    test=True,
    facts={"subject_cn": "SYNTETISK_SYSTEM_1"},
)


def _with_long_part(old: bytes) -> bytes:
    """The name with one more part, an OU of 1 000 000 characters."""
    from asn1crypto import parser

    return _tlv(0x30, parser.parse(old)[4] + _tlv(0x31, _attribute(b"S" * 1000000)))


# one long value is read as it is: it is a single part
case("subject-with-a-value-of-1000000-characters", _raw_leaf(LEAF_SUBJECT, _with_long_part), OK_TEST, test=True)
case("extension-nested-16-deep", _raw_leaf(LEAF_EXTENSIONS, _more_extensions(_nested(16))), OK_TEST, test=True)
case(
    "extension-nested-50000-deep",
    _raw_leaf(LEAF_EXTENSIONS, _more_extensions(_nested(50000))),
    MALFORMED,
    reason="nesting",
)


# --- long names and names that grow under Unicode normalisation (issue 16) -----------------------
# Each is one attribute at the size limit: read as it is, but never normalised (RFC 4518 takes
# tens of seconds on them; checks/chain.py compares names over 4 KB byte for byte). The
# issuer's name then matches no CA's: untrusted, as a 1 MB issuer is.
def _one_value_name(value: bytes, tag: int = 0x0C):
    """A name of one CN attribute with `value` (UTF8String by default)."""
    return lambda old: _tlv(0x30, _tlv(0x31, _tlv(0x30, _tlv(0x06, bytes([0x55, 4, 3])) + _tlv(tag, value))))


NEAR_LIMIT = 1000 * 1024
GROWS = "\ufdfa"  # ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM: 18 characters under NFKC


def _with_part(value: bytes, tag: int = 0x0C):
    """The name with one more part: an OU holding `value`."""

    def change(old: bytes) -> bytes:
        from asn1crypto import parser

        ou = _tlv(0x30, _tlv(0x06, bytes([0x55, 0x04, 0x0B])) + _tlv(tag, value))
        return _tlv(0x30, parser.parse(old)[4] + _tlv(0x31, ou))

    return change


case("subject-with-a-part-of-50000-characters", _raw_leaf(LEAF_SUBJECT, _with_part(b"S" * 50000)), OK_TEST, test=True)
case("issuer-of-1-mb", _raw_leaf(LEAF_ISSUER, _one_value_name(b"S" * NEAR_LIMIT)), UNTRUSTED)
case(
    "issuer-that-grows-under-nfkc",
    _raw_leaf(LEAF_ISSUER, _one_value_name(GROWS.encode() * (NEAR_LIMIT // 3))),
    UNTRUSTED,
)
case(
    "issuer-bmpstring-that-grows-under-nfkc",
    _raw_leaf(LEAF_ISSUER, _one_value_name(GROWS.encode("utf-16-be") * (NEAR_LIMIT // 2), tag=0x1E)),
    UNTRUSTED,
)
case(
    "subject-that-grows-under-nfkc",
    _raw_leaf(LEAF_SUBJECT, _with_part(GROWS.encode() * (NEAR_LIMIT // 3))),
    OK_TEST,
    test=True,
)


# --- odd times ----------------------------------------------------------------------------------
def _times(not_before=None, not_after=None):
    def make(p):
        return P.pem(P.with_raw_validity(p.oces3().cert, p["oces3-test-ca-1"], not_before, not_after)), None

    return make


case(
    "not-after-generalized-time-without-z",
    _times(not_after=b"\x18\x0e20270101000000"),
    {"cert.invalid", WRONG_ENV, REV},
    facts={"not_after": "2027-01-01T00:00:00+00:00"},
)
case(
    "not-before-generalized-time-without-z",
    _times(not_before=b"\x18\x0e20240101000000"),
    {"cert.invalid", WRONG_ENV, REV},
)
case(
    "not-after-year-9999",
    _times(not_after=b"\x18\x0f99991231235959Z"),
    OK_TEST,
    test=True,
    facts={"not_after": "9999-12-31T23:59:59+00:00"},
)
case(
    "validity-reversed",
    _times(b"\x17\x0d270101000000Z", b"\x17\x0d240101000000Z"),
    {"cert.invalid", "cert.expired", WRONG_ENV, REV},
)


# --- odd algorithms -------------------------------------------------------------------------------
def _raw_algorithm(algorithm):
    def make(p):
        return P.pem(P.with_raw_algorithm(p.oces3().cert, algorithm)), None

    return make


UNSUPPORTED = {"chain.unsupported-algorithm", "chain.untrusted", REV}
case(
    "signature-algorithm-unknown-oid",
    _raw_algorithm(P.unknown_algorithm("1.2.3.4.5")),
    UNSUPPORTED,
    facts={"signature_algorithm": "1.2.3.4.5"},
)
case("signature-algorithm-pss-without-parameters", _raw_algorithm({"algorithm": "rsassa_pss"}), UNSUPPORTED)
case("signature-algorithm-dsa", _raw_algorithm({"algorithm": "sha256_dsa"}), UNSUPPORTED)
case("signature-algorithm-ed448", _raw_algorithm({"algorithm": "ed448"}), UNSUPPORTED)
case("signature-algorithm-md5-rsa", _raw_algorithm({"algorithm": "md5_rsa", "parameters": None}), UNSUPPORTED)
case(
    "signature-algorithm-ecdsa-under-rsa-ca",
    _raw_algorithm({"algorithm": "sha256_ecdsa"}),
    {"chain.bad-signature", "chain.untrusted", REV},
)
