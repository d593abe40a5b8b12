"""Golden cases: a synthetic certificate (in some wrapping) and the EXACT findings it must
produce, with the verdict per environment, at a given time.

The certificates come from support/pki.py, which mimics the OCES2 and OCES3 profiles
with pin ids from checks/data/trust.toml, so the acceptance policy applies to them.
Every finding code in checks/data/findings.toml is produced by at least one case here
(`test_every_catalogue_code_is_covered`), and every case renders in Danish and English.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import pki as P
from support.aio import run_coroutine
from support.hostile_input import self_made_carrying

MiB = 1024 * 1024
REV = "revocation.not-checked"  # every report on a certificate says revocation was not checked
WRONG_ENV = "policy.wrong-environment"
OCES2_AT = "2020-06-01T12:00:00+00:00"  # inside OCES2 leaves' default validity, before retirement
OCES3_AT = "2025-06-01T12:00:00+00:00"


@dataclass
class Input:
    data: bytes
    trust: object | None = None  # a TrustStore; default: the synthetic PKI's
    password: bytes | None = None


@dataclass
class Case:
    id: str
    make: Callable[[P.PKI], Input | bytes]
    at: str
    codes: set[str]
    test: bool = False
    prod: bool = False
    format: str | None = "pem"
    certificates: int | None = None  # input.certificates; default 1 when a cert is read
    facts: dict = field(default_factory=dict)  # expected subset of report["certificate"]
    chain: dict | None = None  # expected subset of report["chain"]


CASES: list[Case] = []


def case(id, make, at, codes, **kw):
    CASES.append(Case(id, make, at, set(codes), **kw))


def leaf_pem(leaf: P.Leaf, *more) -> bytes:
    return P.pem(leaf.cert, *more)


# ---------------------------------------------------------------------------------------
# Accepted certificates and the acceptance policy
# ---------------------------------------------------------------------------------------

FOCES_FACTS = dict(
    generation="oces2",
    kind="function",
    cvr="12345678",
    fid="94731315",
    uuid=None,
    subject_cn="Syntetisk system (funktionscertifikat)",
)
OCES3_FACTS = dict(
    generation="oces3",
    kind="organisation",
    cvr="98765432",
    fid=None,
    uuid="3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab",
    subject_cn="SYNTETISK_SYSTEM_1",
)

case(
    "oces2-foces-test-xix",
    lambda p: leaf_pem(p.oces2()),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(
        FOCES_FACTS,
        issuer_cn="TRUST2408 Systemtest XIX CA",
        not_before="2019-01-01T00:00:00+00:00",
        not_after="2022-01-01T00:00:00+00:00",
    ),
    chain=dict(
        trusted=True,
        environment="test",
        path=[
            "Syntetisk system (funktionscertifikat)",
            "TRUST2408 Systemtest XIX CA",
            "TRUST2408 Systemtest VII Primary CA",
        ],
    ),
)
case(
    "oces2-foces-test-viii",
    lambda p: leaf_pem(p.oces2(issuer="oces2-test-ca-viii")),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=FOCES_FACTS,
    chain=dict(trusted=True, environment="test"),
)
case(
    "oces2-foces-test-unlisted-xxii",
    lambda p: leaf_pem(p.oces2(issuer="oces2-test-ca-xxii")),
    OCES2_AT,
    {"policy.unlisted-test-ca", WRONG_ENV, REV},
    test=True,
    facts=FOCES_FACTS,
    chain=dict(trusted=True, environment="test"),
)
case(
    "oces2-foces-fid-13-digits",
    lambda p: leaf_pem(p.oces2(ident="1336467092507")),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(FOCES_FACTS, fid="1336467092507"),
)
case(
    "oces2-foces-prod",
    lambda p: leaf_pem(p.oces2(issuer="oces2-prod-ca-iv", policy_version=3)),
    OCES2_AT,
    {WRONG_ENV, REV},
    prod=True,
    facts=FOCES_FACTS,
    chain=dict(
        trusted=True,
        environment="prod",
        path=["Syntetisk system (funktionscertifikat)", "TRUST2408 OCES CA IV", "TRUST2408 OCES Primary CA"],
    ),
)
case(
    "oces3-organisation-test",
    lambda p: leaf_pem(p.oces3()),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(OCES3_FACTS, issuer_cn="Den Danske Stat OCES udstedende-CA 1"),
    chain=dict(
        trusted=True,
        environment="test",
        path=["SYNTETISK_SYSTEM_1", "Den Danske Stat OCES udstedende-CA 1", "Den Danske Stat OCES rod-CA"],
    ),
)
case(
    "oces3-organisation-prod",
    lambda p: leaf_pem(p.oces3(env="prod")),
    OCES3_AT,
    {WRONG_ENV, REV},
    prod=True,
    facts=OCES3_FACTS,
    chain=dict(trusted=True, environment="prod"),
)
case(
    "oces3-uuid-upper-case-is-reported-lower",
    lambda p: leaf_pem(p.oces3(uuid="3F0C6A1E-5B7D-4C2A-9E8F-0123456789AB")),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=OCES3_FACTS,
)
case(
    "oces3-fictitious-test-cvr",
    lambda p: leaf_pem(p.oces3(cvr="91234567")),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(OCES3_FACTS, cvr="91234567"),
)


# Attributes are read by OID, never by position: the same facts from subjects in other orders.
def _reordered_oces2(p):
    from cryptography.x509.oid import NameOID as N

    subject = P.name(
        (N.COMMON_NAME, "Syntetisk system (funktionscertifikat)"),
        (N.SERIAL_NUMBER, "CVR:12345678-FID:94731315"),
        (N.ORGANIZATION_NAME, "Syntetisk Leverandør A/S // CVR:12345678"),
        (N.COUNTRY_NAME, "DK"),
    )
    return P.pem(P.resign(p.oces2().cert, p["oces2-test-ca-xix"], P.set_subject(subject)))


def _reordered_oces3(p):
    from cryptography.x509.oid import NameOID as N

    subject = P.name(
        (N.COMMON_NAME, "SYNTETISK_SYSTEM_1"),
        (N.COUNTRY_NAME, "DK"),
        [
            (N.ORGANIZATION_IDENTIFIER, "NTRDK-98765432"),
            (N.SERIAL_NUMBER, "UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab"),
        ],
        (N.ORGANIZATION_NAME, "Syntetisk Testorganisation"),
    )
    return P.pem(P.resign(p.oces3().cert, p["oces3-test-ca-1"], P.set_subject(subject)))


def _foces_without_serial_number(p):
    from cryptography.x509.oid import NameOID as N

    subject = P.name(
        (N.COUNTRY_NAME, "DK"),
        (N.ORGANIZATION_NAME, "Syntetisk Leverandør A/S"),
        (N.COMMON_NAME, "Syntetisk system (funktionscertifikat)"),
    )
    return P.pem(P.resign(p.oces2().cert, p["oces2-test-ca-xix"], P.set_subject(subject)))


def _oces3_without_organization_identifier(p):
    from cryptography.x509.oid import NameOID as N

    subject = P.name(
        (N.COUNTRY_NAME, "DK"),
        (N.ORGANIZATION_NAME, "Syntetisk Testorganisation"),
        (N.SERIAL_NUMBER, "UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab"),
        (N.COMMON_NAME, "SYNTETISK_SYSTEM_1"),
    )
    return P.pem(P.resign(p.oces3().cert, p["oces3-test-ca-1"], P.set_subject(subject)))


# Recognised by its policy OID or serialNumber alone, without what the registration needs.
case(
    "oces2-foces-known-by-policy-only",
    _foces_without_serial_number,
    OCES2_AT,
    {"cert.missing-identifier", WRONG_ENV, REV},
    facts=dict(generation="oces2", kind="function", cvr=None, fid=None),
)
case(
    "oces3-without-organization-identifier",
    _oces3_without_organization_identifier,
    OCES3_AT,
    {"cert.missing-identifier", WRONG_ENV, REV},
    facts=dict(generation="oces3", kind="organisation", cvr=None, uuid=OCES3_FACTS["uuid"]),
)
case(
    "oces2-subject-attributes-in-other-order",
    _reordered_oces2,
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=FOCES_FACTS,
)
case(
    "oces3-subject-attributes-in-other-order",
    _reordered_oces3,
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=OCES3_FACTS,
)
case(
    "oces2-key-and-algorithm-facts",
    lambda p: leaf_pem(p.oces2()),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(key={"type": "rsa", "size": 2048}, signature_algorithm="rsassa_pkcs1v15-sha256"),
)
case(
    "oces3-key-and-algorithm-facts",
    lambda p: leaf_pem(p.oces3()),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(key={"type": "rsa", "size": 2048}, signature_algorithm="rsassa_pss-sha256"),
)

case(
    "oces3-rfc4514-escaping",
    lambda p: leaf_pem(p.oces3(org='Firma, "Søn" + Co; A/S', cn="#SYS=1 ")),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(
        subject_cn="#SYS=1 ",
        subject=(
            "CN=\\#SYS\\=1\\ ,serialNumber=UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab,"
            'O=Firma\\, \\"Søn\\" \\+ Co\\; A/S,organizationIdentifier=NTRDK-98765432,C=DK'
        ),
    ),
)

# The chain's root decides the environment, not the policy OID in the certificate.
case(
    "oces2-production-policy-oid-under-test-chain",
    lambda p: leaf_pem(p.oces2(policies=("1.2.208.169.1.1.1.4.3",))),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=FOCES_FACTS,
    chain=dict(trusted=True, environment="test"),
)
case(
    "oces2-test-policy-oid-under-production-chain",
    lambda p: leaf_pem(p.oces2(issuer="oces2-prod-ca-iv", policies=("1.3.6.1.4.1.31313.2.4.6.4.2",))),
    OCES2_AT,
    {WRONG_ENV, REV},
    prod=True,
    facts=FOCES_FACTS,
    chain=dict(trusted=True, environment="prod"),
)

# OCES2 retirement: accepted until and including 2023-10-31 (Danish time), never after.
RETIRABLE = dict(not_before="2022-01-01", not_after="2025-01-01")
case(
    "oces2-last-second-before-retirement",
    lambda p: leaf_pem(p.oces2(**RETIRABLE)),
    "2023-10-31T23:59:59+01:00",
    {WRONG_ENV, REV},
    test=True,
)
case(
    "oces2-retired-at-cutoff",
    lambda p: leaf_pem(p.oces2(**RETIRABLE)),
    "2023-11-01T00:00:00+01:00",
    {"policy.oces2-retired", WRONG_ENV, REV},
)
case(
    "oces2-prod-retired",
    lambda p: leaf_pem(p.oces2(issuer="oces2-prod-ca-iv", **RETIRABLE)),
    "2024-06-01T00:00:00+00:00",
    {"policy.oces2-retired", WRONG_ENV, REV},
)
case(
    "oces2-retired-and-expired",
    lambda p: leaf_pem(p.oces2()),
    "2026-01-01T00:00:00+00:00",
    {"policy.oces2-retired", "cert.expired", WRONG_ENV, REV},
)

# ---------------------------------------------------------------------------------------
# The certificate itself
# ---------------------------------------------------------------------------------------

case("oces3-expired", lambda p: leaf_pem(p.oces3()), "2027-01-01T00:00:01+00:00", {"cert.expired", WRONG_ENV, REV})
case(
    "oces3-last-second-of-validity",
    lambda p: leaf_pem(p.oces3()),
    "2027-01-01T00:00:00+00:00",
    {"cert.expires-soon", WRONG_ENV, REV},
    test=True,
    facts=dict(days_left=0),
)
case(
    "oces3-not-yet-valid",
    lambda p: leaf_pem(p.oces3()),
    "2023-12-31T23:59:59+00:00",
    {"cert.not-yet-valid", WRONG_ENV, REV},
)
case(
    "oces3-first-second-of-validity",
    lambda p: leaf_pem(p.oces3(env="prod")),
    "2024-01-01T00:00:00+00:00",
    {WRONG_ENV, REV},
    prod=True,
)
case(
    "oces2-expired-in-test",
    lambda p: leaf_pem(p.oces2()),
    "2022-01-02T00:00:00+00:00",
    {"cert.expired", WRONG_ENV, REV},
)

case(
    "oces2-employee-moces",
    lambda p: leaf_pem(p.oces2("employee")),
    OCES2_AT,
    {"cert.wrong-kind", WRONG_ENV, REV},
    facts=dict(generation="oces2", kind="employee", cvr="12345678", fid=None),
)
case(
    "oces2-business-voces",
    lambda p: leaf_pem(p.oces2("business")),
    OCES2_AT,
    {"cert.wrong-kind", WRONG_ENV, REV},
    facts=dict(generation="oces2", kind="business", cvr="12345678", fid=None),
)
case(
    "oces2-business-voces-prod",
    lambda p: leaf_pem(p.oces2("business", issuer="oces2-prod-ca-iv")),
    OCES2_AT,
    {"cert.wrong-kind", WRONG_ENV, REV},
    facts=dict(kind="business"),
)
case(
    "oces2-person-poces",
    lambda p: leaf_pem(p.oces2("person")),
    OCES2_AT,
    {"cert.wrong-kind", WRONG_ENV, REV},
    facts=dict(generation="oces2", kind="person", cvr=None, fid=None),
)
case(
    "oces3-employee",
    lambda p: leaf_pem(p.oces3("employee")),
    OCES3_AT,
    {"cert.wrong-kind", WRONG_ENV, REV},
    facts=dict(generation="oces3", kind="employee", uuid="3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab"),
)

case(
    "oces2-cvr-mismatch-between-o-and-serial",
    lambda p: leaf_pem(p.oces2(cvr="12345678", cvr_in_o="87654321")),
    OCES2_AT,
    {"cert.cvr-mismatch", WRONG_ENV, REV},
    test=True,
    facts=dict(cvr="12345678"),
)

case(
    "not-oces-self-signed",
    lambda p: leaf_pem(p.plain()),
    OCES3_AT,
    {"cert.not-oces", "chain.untrusted", REV},
    facts=dict(generation=None, kind=None, cvr=None),
    chain=dict(trusted=False, environment=None),
)
case(
    "not-oces-issued-by-oces3-ca",
    lambda p: leaf_pem(p.plain(issuer="oces3-test-ca-1")),
    OCES3_AT,
    {"cert.not-oces", WRONG_ENV, REV},
    facts=dict(generation=None, kind=None),
    chain=dict(trusted=True, environment="test"),
)

case(
    "ca-certificate-issuing-ca-as-leaf",
    lambda p: p["oces2-test-ca-xix"].pem,
    OCES2_AT,
    {"cert.ca-certificate", WRONG_ENV, REV},
    facts=dict(subject_cn="TRUST2408 Systemtest XIX CA"),
)
case(
    "ca-certificate-root-as-leaf", lambda p: p["oces3-prod-root"].pem, OCES3_AT, {"cert.ca-certificate", WRONG_ENV, REV}
)
case(
    "ca-certificate-leaf-with-ca-flag",
    lambda p: leaf_pem(p.oces3(ca=True)),
    OCES3_AT,
    {"cert.ca-certificate", WRONG_ENV, REV},
)


def _truncated_in_pem(p):
    der = p.oces3().der
    return P.pem(der[: len(der) - 40])


def _garbled_validity(p):
    # a certificate whose structure is intact but whose notBefore is not a time
    der = bytearray(p.oces3().der)
    i = der.index(b"\x17\x0d240101")  # UTCTime 240101000000Z
    der[i + 2 : i + 8] = b"24x1y1"
    return P.pem(bytes(der))


case("malformed-truncated-in-pem", _truncated_in_pem, OCES3_AT, {"cert.malformed"}, format="pem", certificates=0)
case("malformed-bad-time-in-pem", _garbled_validity, OCES3_AT, {"cert.malformed"}, format="pem", certificates=0)


# X.509 profile rules (cert.invalid): each case changes one thing and signs again.
def _resigned(mutate):
    def make(p):
        return P.pem(P.resign(p.oces3().cert, p["oces3-test-ca-1"], mutate))

    return make


def _aia(critical: bool):
    from cryptography import x509
    from cryptography.x509.oid import AuthorityInformationAccessOID

    ext = x509.AuthorityInformationAccess(
        [
            x509.AccessDescription(
                AuthorityInformationAccessOID.CA_ISSUERS,
                x509.UniformResourceIdentifier("http://ca1.cti-gov.dk/oces/issuing/1/cacert/issuing.cer"),
            )
        ]
    )
    return ((ext, critical),)


def _empty_eku():
    from cryptography import x509

    return ((x509.ExtendedKeyUsage([]), False),)


case(
    "resigned-unchanged-is-accepted",
    _resigned(lambda tbs: None),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=OCES3_FACTS,
)  # the control for the cases below
case("invalid-duplicate-extension", _resigned(P.duplicate_extension()), OCES3_AT, {"cert.invalid", WRONG_ENV, REV})
case("invalid-version-2", _resigned(P.set_version("v2")), OCES3_AT, {"cert.invalid", WRONG_ENV, REV})
case(
    "invalid-leaf-keycertsign-without-ca",
    lambda p: leaf_pem(p.oces3(key_usage=dict(P.LEAF_KU, key_cert_sign=True))),
    OCES3_AT,
    {"cert.invalid", WRONG_ENV, REV},
)
case("aia-non-critical-is-fine", lambda p: leaf_pem(p.oces3(extra=_aia(False))), OCES3_AT, {WRONG_ENV, REV}, test=True)
case("invalid-critical-aia", lambda p: leaf_pem(p.oces3(extra=_aia(True))), OCES3_AT, {"cert.invalid", WRONG_ENV, REV})
case(
    "invalid-empty-extended-key-usage",
    lambda p: leaf_pem(p.oces3(extra=_empty_eku())),
    OCES3_AT,
    {"cert.invalid", WRONG_ENV, REV},
)

# ---------------------------------------------------------------------------------------
# The chain
# ---------------------------------------------------------------------------------------


def _spoofed(p):
    _, fake = p.spoofed("oces2-test-ca-xix")
    return leaf_pem(p.oces2(issuer=fake, key_label="leaf-spoof"))


def _spoofed_bundle(p):
    fake_root, fake = p.spoofed("oces2-test-ca-xix")
    return leaf_pem(p.oces2(issuer=fake, key_label="leaf-spoof"), fake.cert, fake_root.cert)


def _spoofed_copying_key_ids(p):
    fake_root, fake = p.spoofed("oces2-test-ca-xix", copy_key_ids=True)
    leaf = p.oces2(issuer=fake, key_label="leaf-spoof", aki=P.ski_of(p["oces2-test-ca-xix"]))
    return leaf_pem(leaf, fake.cert, fake_root.cert)


case(
    "spoofed-issuer-copying-names",
    _spoofed,
    OCES2_AT,
    {"chain.untrusted", REV},
    facts=FOCES_FACTS,
    chain=dict(trusted=False, environment=None),
)
case(
    "spoofed-chain-in-bundle",
    _spoofed_bundle,
    OCES2_AT,
    {"input.bundle", "chain.untrusted", REV},
    certificates=3,
    chain=dict(trusted=False, environment=None),
)
case(
    "spoofed-chain-copying-key-identifiers",
    _spoofed_copying_key_ids,
    OCES2_AT,
    {"input.bundle", "chain.bad-signature", "chain.untrusted", REV},
    certificates=3,
    chain=dict(trusted=False, environment=None),
)
case(
    "untrusted-issuer-missing-from-trust",
    lambda p: Input(leaf_pem(p.oces3()), trust=p.trust(without=("oces3-test-ca-1",))),
    OCES3_AT,
    {"chain.untrusted", REV},
    chain=dict(trusted=False),
)
case(
    "untrusted-known-issuing-ca-without-its-root",
    lambda p: Input(leaf_pem(p.oces2()), trust=p.trust(without=("oces2-test-root",))),
    OCES2_AT,
    {"chain.untrusted", REV},
    chain=dict(trusted=False, environment=None),
)
case(
    "untrusted-intermediate-bundled-but-root-missing",
    lambda p: Input(
        leaf_pem(p.oces3(), p["oces3-test-ca-1"].cert), trust=p.trust(without=("oces3-test-ca-1", "oces3-test-root"))
    ),
    OCES3_AT,
    {"input.bundle", "chain.untrusted", REV},
    certificates=2,
)
case(
    "intermediate-supplied-only-in-bundle",
    lambda p: Input(leaf_pem(p.oces3(), p["oces3-test-ca-1"].cert), trust=p.trust(without=("oces3-test-ca-1",))),
    OCES3_AT,
    {"input.bundle", WRONG_ENV, REV},
    test=True,
    certificates=2,
    chain=dict(trusted=True, environment="test"),
)
case(
    "bad-signature-on-leaf",
    lambda p: P.pem(P.flip_signature_bit(p.oces3().cert)),
    OCES3_AT,
    {"chain.bad-signature", "chain.untrusted", REV},
    chain=dict(trusted=False),
)
case(
    "bad-signature-on-oces2-leaf",
    lambda p: P.pem(P.flip_signature_bit(p.oces2().cert)),
    OCES2_AT,
    {"chain.bad-signature", "chain.untrusted", REV},
)


def _bad_sig_intermediate(p):
    sub = p.sub("oces3-test-ca-bad", "oces3-test-root", "Den Danske Stat OCES udstedende-CA 9")
    leaf = p.oces3(issuer=sub)
    return leaf_pem(leaf) + P.pem(P.flip_signature_bit(sub.cert))


case(
    "bad-signature-on-bundled-intermediate",
    _bad_sig_intermediate,
    OCES3_AT,
    {"input.bundle", "chain.bad-signature", "chain.untrusted", REV},
    certificates=2,
)
case(
    "algorithm-mismatch-outer-vs-inner",
    lambda p: P.pem(P.outer_algorithm_mismatch(p.oces2().cert, p["oces2-test-ca-xix"].key)),
    OCES2_AT,
    {"chain.algorithm-mismatch", WRONG_ENV, REV},
)
case(
    "unknown-critical-extension-on-leaf",
    lambda p: leaf_pem(p.oces3(critical_unknown=True)),
    OCES3_AT,
    {"chain.unknown-critical-extension", WRONG_ENV, REV},
)


def _with_sub(defect_id, cn, **kw):
    """A leaf under an extra OCES3 test CA with one defect, the CA given as a known
    intermediate in the trust store (role issuing)."""
    parent = kw.pop("parent", "oces3-test-root")

    def make(p):
        sub = p.sub(defect_id, parent, cn, **kw)
        leaf = p.oces3(issuer=sub, not_before="2022-06-01")
        return Input(leaf_pem(leaf), trust=p.trust(extra=(sub,)))

    return make


def _with_bundled_sub(defect_id, cn, **kw):
    """The same, with the CA bundled in the input instead."""

    def make(p):
        sub = p.sub(defect_id, "oces3-test-root", cn, **kw)
        leaf = p.oces3(issuer=sub, not_before="2022-06-01")
        return leaf_pem(leaf, sub.cert)

    return make


case(
    "ca-expired-intermediate",
    _with_sub("oces3-test-ca-old", "Den Danske Stat OCES udstedende-CA 0", not_after=P.d("2025-01-01")),
    OCES3_AT,
    {"chain.ca-expired", WRONG_ENV, REV},
    chain=dict(trusted=True, environment="test"),
)
case(
    "ca-not-yet-valid-intermediate",
    _with_sub("oces3-test-ca-new", "Den Danske Stat OCES udstedende-CA 5", not_before=P.d("2025-07-01")),
    OCES3_AT,
    {"chain.ca-expired", WRONG_ENV, REV},
)
case(
    "ca-expired-bundled-intermediate",
    _with_bundled_sub("oces3-test-ca-old", "Den Danske Stat OCES udstedende-CA 0", not_after=P.d("2025-01-01")),
    OCES3_AT,
    {"input.bundle", "chain.ca-expired", WRONG_ENV, REV},
    certificates=2,
)
case(
    "invalid-ca-without-ca-flag",
    _with_sub("oces3-test-ca-noflag", "Den Danske Stat OCES udstedende-CA 6", ca=False),
    OCES3_AT,
    {"chain.invalid-ca", WRONG_ENV, REV},
)
case(
    "invalid-ca-without-basic-constraints",
    _with_sub("oces3-test-ca-nobc", "Den Danske Stat OCES udstedende-CA 7", ca=None),
    OCES3_AT,
    {"chain.invalid-ca", WRONG_ENV, REV},
)
case(
    "invalid-ca-without-keycertsign",
    _with_sub(
        "oces3-test-ca-noku", "Den Danske Stat OCES udstedende-CA 8", key_usage=dict(P.CA_KU, key_cert_sign=False)
    ),
    OCES3_AT,
    {"chain.invalid-ca", WRONG_ENV, REV},
)
# RFC 5280 6.1.4 (n): keyCertSign is checked "if a key usage extension is present".
# (openssl verify -x509_strict is stricter here; the real OCES CAs all carry keyUsage.)
case(
    "ca-without-keyusage-is-fine",
    _with_sub("oces3-test-ca-ku-absent", "Den Danske Stat OCES udstedende-CA 10", key_usage=None),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
)
# The real OCES3 issuing CA carries pathLen 0: a CA below it breaks the chain.
case(
    "invalid-ca-pathlen-exceeded",
    _with_sub("oces3-test-ca-below-ca1", "Den Danske Stat OCES udstedende-CA 11", parent="oces3-test-ca-1"),
    OCES3_AT,
    {"chain.invalid-ca", WRONG_ENV, REV},
)


def _pathlen_ok(p):
    mid = p.sub("oces3-test-ca-mid", "oces3-test-root", "Den Danske Stat OCES mellem-CA", path_length=1)
    low = p.sub("oces3-test-ca-low", mid, "Den Danske Stat OCES udstedende-CA 12", path_length=0)
    return Input(leaf_pem(p.oces3(issuer=low), low.cert), trust=p.trust(extra=(mid,)))


case(
    "pathlen-within-limit",
    _pathlen_ok,
    OCES3_AT,
    {"input.bundle", WRONG_ENV, REV},
    test=True,
    certificates=2,
    chain=dict(
        trusted=True,
        environment="test",
        path=[
            "SYNTETISK_SYSTEM_1",
            "Den Danske Stat OCES udstedende-CA 12",
            "Den Danske Stat OCES mellem-CA",
            "Den Danske Stat OCES rod-CA",
        ],
    ),
)
case(
    "unknown-critical-extension-on-intermediate",
    _with_bundled_sub("oces3-test-ca-crit", "Den Danske Stat OCES udstedende-CA 13", critical_unknown=True),
    OCES3_AT,
    {"input.bundle", "chain.unknown-critical-extension", WRONG_ENV, REV},
    certificates=2,
)


def _oces2_unlisted_sub(p):
    sub = p.sub("oces2-test-ca-synthetic", "oces2-test-root", "TRUST2408 Systemtest XCIX CA")
    return Input(leaf_pem(p.oces2(issuer=sub)), trust=p.trust(extra=(sub,)))


case(
    "oces2-unlisted-synthetic-issuing-ca",
    _oces2_unlisted_sub,
    OCES2_AT,
    {"policy.unlisted-test-ca", WRONG_ENV, REV},
    test=True,
)


# Name matching (RFC 5280 7.1): the leaf's issuer name encoded differently from the CA's
# subject (PrintableString for UTF8String, other case, doubled inner space) still chains.
def _issuer_name(**attrs):
    def mutate(tbs):
        from asn1crypto import x509 as ax

        tbs["issuer"] = ax.Name.build(attrs, use_printable=True)

    return _resigned(mutate)


case(
    "issuer-name-printable-string",
    _issuer_name(
        country_name="DK",
        organization_name="Den Danske Stat",
        organizational_unit_name="Test - cti",
        common_name="Den Danske Stat OCES udstedende-CA 1",
    ),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    chain=dict(trusted=True, environment="test"),
)
case(
    "issuer-name-other-case-and-spacing",
    _issuer_name(
        country_name="dk",
        organization_name="DEN DANSKE STAT",
        organizational_unit_name="test - CTI",
        common_name="Den  Danske Stat OCES  udstedende-CA 1",
    ),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    chain=dict(trusted=True, environment="test"),
)
case(
    "issuer-name-differs-is-untrusted",
    _issuer_name(
        country_name="DK",
        organization_name="Den Danske Stat",
        organizational_unit_name="Test - cti",
        common_name="Den Danske Stat OCES udstedende-CA 2",
    ),
    OCES3_AT,
    {"chain.untrusted", REV},
    chain=dict(trusted=False),
)


# Signature algorithms: whatever the certificate names is what is verified.
def _signed(hash_name: str, salt: int | None):
    def make(p):
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        ca, leaf = p["oces3-test-ca-1"], p.oces3()
        h = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}[hash_name]
        pad = padding.PKCS1v15() if salt is None else padding.PSS(mgf=padding.MGF1(h), salt_length=salt)
        b = x509.CertificateBuilder(
            issuer_name=ca.name,
            subject_name=leaf.cert.subject,
            public_key=leaf.key.public_key(),
            serial_number=7,
            not_valid_before=P.d("2024-01-01"),
            not_valid_after=P.d("2027-01-01"),
        )
        for ext in leaf.cert.extensions:
            b = b.add_extension(ext.value, critical=ext.critical)
        return P.pem(b.sign(ca.key, h, rsa_padding=pad))

    return make


case(
    "pss-sha384-salt-48",
    _signed("sha384", 48),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(OCES3_FACTS, signature_algorithm="rsassa_pss-sha384"),
)
case("pss-sha256-salt-20", _signed("sha256", 20), OCES3_AT, {WRONG_ENV, REV}, test=True)
case("pss-sha512-salt-0", _signed("sha512", 0), OCES3_AT, {WRONG_ENV, REV}, test=True)
case("pkcs1-sha384-from-oces3-ca", _signed("sha384", None), OCES3_AT, {WRONG_ENV, REV}, test=True)


# ECDSA: an issuing CA with an EC key under the (RSA-PSS) root signs its leaves with ECDSA.
def _ecdsa(curve_name: str, hash_name: str, forge: bool = False):
    def make(p):
        from cryptography.hazmat.primitives.asymmetric import ec

        curve = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1()}[curve_name]
        sub = P.make_ec_sub(
            f"oces3-test-ec-{curve_name}",
            P.oces3_ca_name(f"Syntetisk EC-CA {curve_name}", True),
            p["oces3-test-root"],
            curve,
            hash_name,
        )
        leaf = p.oces3(issuer=sub).cert
        return Input(P.pem(P.flip_signature_bit(leaf) if forge else leaf), trust=p.trust(extra=(sub,)))

    return make


case(
    "ecdsa-p256-sha256-issuing-ca",
    _ecdsa("P-256", "sha256"),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(OCES3_FACTS, signature_algorithm="ecdsa-sha256"),
)
case(
    "ecdsa-p384-sha384-issuing-ca",
    _ecdsa("P-384", "sha384"),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(OCES3_FACTS, signature_algorithm="ecdsa-sha384"),
)
case(
    "ecdsa-bad-signature",
    _ecdsa("P-256", "sha256", forge=True),
    OCES3_AT,
    {"chain.bad-signature", "chain.untrusted", REV},
    chain=dict(trusted=False),
)

# Key identifiers: a leaf without authorityKeyIdentifier still chains by name and signature,
# with the warning OpenSSL's strict mode makes an error (issue 16); one whose
# authorityKeyIdentifier names another key is not issued by that CA (as openssl).
case(
    "leaf-without-authority-key-identifier",
    _resigned(P.drop_extension("authority_key_identifier")),
    OCES3_AT,
    {"cert.no-authority-key-id", WRONG_ENV, REV},
    test=True,
)
case(
    "leaf-with-foreign-authority-key-identifier",
    lambda p: leaf_pem(p.oces3(aki=b"\x01" * 20)),
    OCES3_AT,
    {"chain.untrusted", REV},
    chain=dict(trusted=False),
)


# Several paths: an expired copy of the issuing CA (same name and key) in the bundle does not
# spoil the valid path through the pinned one; alone, it gives chain.ca-expired.
def _expired_twin(p):
    ca = p["oces3-test-ca-1"]
    return P.make_sub(
        "oces3-test-ca-1-expired-twin",
        ca.name,
        p["oces3-test-root"],
        key_label="oces3-test-ca-1",
        not_after=P.d("2021-01-01"),
        path_length=0,
    )


case(
    "expired-twin-of-issuing-ca-bundled",
    lambda p: leaf_pem(p.oces3(), _expired_twin(p).cert),
    OCES3_AT,
    {"input.bundle", WRONG_ENV, REV},
    test=True,
    certificates=2,
)
case(
    "expired-twin-of-issuing-ca-only",
    lambda p: Input(leaf_pem(p.oces3(), _expired_twin(p).cert), trust=p.trust(without=("oces3-test-ca-1",))),
    OCES3_AT,
    {"input.bundle", "chain.ca-expired", WRONG_ENV, REV},
    certificates=2,
)


# OCES2 production FOCES: certificate-policy text as VisibleString with Latin-1 bytes, which
# `cryptography` refuses to parse; the checker must read it all the same.
def _latin1_policy(p):
    ext, old, new = P.latin1_policy_text("1.2.208.169.1.1.1.4.3")
    leaf = p.oces2(issuer="oces2-prod-ca-iv", policies=(), extra=(ext,))
    return P.pem(P.patch_and_resign(leaf.cert, p["oces2-prod-ca-iv"], old, new))


case(
    "oces2-prod-latin1-visiblestring-policy-text",
    _latin1_policy,
    OCES2_AT,
    {WRONG_ENV, REV},
    prod=True,
    facts=dict(FOCES_FACTS, policies=["1.2.208.169.1.1.1.4.3"]),
    chain=dict(trusted=True, environment="prod"),
)

# ---------------------------------------------------------------------------------------
# Input and wrappings
# ---------------------------------------------------------------------------------------

case("input-empty", lambda p: b"", OCES3_AT, {"input.empty"}, format=None, certificates=0)
case("input-whitespace-only", lambda p: b" \r\n\t\n  ", OCES3_AT, {"input.empty"}, format=None, certificates=0)
case(
    "input-too-large",
    lambda p: leaf_pem(p.oces3()) + b"\n" * MiB,
    OCES3_AT,
    {"input.too-large"},
    format=None,
    certificates=0,
)
case(
    "input-exactly-1-mib-is-read",
    lambda p: (lambda c: c + b"\n" * (MiB - len(c)))(leaf_pem(p.oces3())),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
)
case(
    "input-unrecognised-text",
    lambda p: b"Hej STIL, her er vores certifikat.\n",
    OCES3_AT,
    {"input.unrecognised"},
    format=None,
    certificates=0,
)
case(
    "input-html-page",  # a login or download page saved instead of the certificate
    lambda p: (
        b'<!DOCTYPE html>\n<html lang="da"><head><title>MitID Erhverv</title></head><body>Log ind</body></html>\n'
    ),
    OCES3_AT,
    {"input.web-page"},
    format=None,
    certificates=0,
)
case(
    "input-unrecognised-pem-label",
    lambda p: b"-----BEGIN SOMETHING-----\nAAAA\n-----END SOMETHING-----\n",
    OCES3_AT,
    {"input.unrecognised"},
    format=None,
    certificates=0,
)
case(
    "input-unrecognised-binary",
    lambda p: bytes(range(256)) * 4,
    OCES3_AT,
    {"input.unrecognised"},
    format=None,
    certificates=0,
)
case(
    "input-private-key-pkcs8-pem",
    lambda p: P.private_key_pem(p.oces3().key),
    OCES3_AT,
    {"input.private-key"},
    format="pem",
    certificates=0,
)
case(
    "input-private-key-rsa-pem",
    lambda p: P.private_key_pem(p.oces3().key, traditional=True),
    OCES3_AT,
    {"input.private-key"},
    format="pem",
    certificates=0,
)
case(
    "input-private-key-ec-pem",
    lambda p: P.private_key_pem(P.ec_key("ec")),
    OCES3_AT,
    {"input.private-key"},
    format="pem",
    certificates=0,
)
case(
    "input-private-key-pkcs8-der",
    lambda p: P.private_key_der(p.oces3().key),
    OCES3_AT,
    {"input.private-key"},
    format="der",
    certificates=0,
)
case(
    "input-private-key-with-certificate",
    lambda p: (lambda l: P.private_key_pem(l.key) + leaf_pem(l))(p.oces3()),
    OCES3_AT,
    {"input.private-key"},
    format="pem",
    certificates=0,
)
case(
    "input-csr-pem",
    lambda p: P.csr(p.oces3().key, p.oces3().cert.subject),
    OCES3_AT,
    {"input.csr"},
    format="pem",
    certificates=0,
)
case(
    "input-csr-der",
    lambda p: P.csr(p.oces3().key, p.oces3().cert.subject, "der"),
    OCES3_AT,
    {"input.csr"},
    format="der",
    certificates=0,
)


def _p12(password=None, legacy=False, cas=False):
    def make(p):
        leaf = p.oces3()
        extra = (p["oces3-test-ca-1"].cert,) if cas else ()
        return Input(
            P.pkcs12_file(leaf.key, leaf.cert, password=b"Test1234", cas=extra, legacy=legacy), password=password
        )

    return make


case("pkcs12-without-password", _p12(), OCES3_AT, {"input.pkcs12"}, format="pkcs12", certificates=0)
case("pkcs12-wrong-password", _p12(b"Test12345"), OCES3_AT, {"input.pkcs12-password"}, format="pkcs12", certificates=0)
case(
    "pkcs12-right-password",
    _p12(b"Test1234"),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    format="pkcs12",
    facts=OCES3_FACTS,
)
case(
    "pkcs12-legacy-3des",
    _p12(b"Test1234", legacy=True),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    format="pkcs12",
    facts=OCES3_FACTS,
)
case(
    "pkcs12-with-ca-certificates",
    _p12(b"Test1234", cas=True),
    OCES3_AT,
    {"input.bundle", WRONG_ENV, REV},
    test=True,
    format="pkcs12",
    certificates=2,
    facts=OCES3_FACTS,
)

case("wrap-der", lambda p: p.oces3().der, OCES3_AT, {WRONG_ENV, REV}, test=True, format="der", facts=OCES3_FACTS)
case(
    "wrap-base64-lf",
    lambda p: P.headerless_base64(p.oces3().cert),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    format="base64",
    facts=OCES3_FACTS,
)
case(
    "wrap-base64-crlf",
    lambda p: P.headerless_base64(p.oces2().cert, crlf=True),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    format="base64",
    facts=FOCES_FACTS,
)
case(
    "wrap-base64-one-line",
    lambda p: P.headerless_base64(p.oces3().cert).replace(b"\n", b"") + b"\n",
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    format="base64",
)
case(
    "wrap-pem-crlf",
    lambda p: leaf_pem(p.oces3()).replace(b"\n", b"\r\n"),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=OCES3_FACTS,
)
case(
    "wrap-pem-with-bag-attributes-latin1",
    lambda p: P.with_bag_attributes(p.oces2().cert),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=FOCES_FACTS,
)
case(
    "wrap-pem-bundle-leaf-first",
    lambda p: leaf_pem(p.oces3(), p["oces3-test-ca-1"].cert, p["oces3-test-root"].cert),
    OCES3_AT,
    {"input.bundle", WRONG_ENV, REV},
    test=True,
    certificates=3,
    facts=OCES3_FACTS,
)
case(
    "wrap-pem-bundle-leaf-last",
    lambda p: P.pem(p["oces3-test-root"].cert, p["oces3-test-ca-1"].cert, p.oces3().cert),
    OCES3_AT,
    {"input.bundle", WRONG_ENV, REV},
    test=True,
    certificates=3,
    facts=OCES3_FACTS,
)
case(
    "wrap-pkcs7-der-bundle",
    lambda p: P.pkcs7_bundle(p["oces2-test-ca-xix"].cert, p.oces2().cert),
    OCES2_AT,
    {"input.bundle", WRONG_ENV, REV},
    test=True,
    format="pkcs7",
    certificates=2,
    facts=FOCES_FACTS,
)
case(
    "wrap-pkcs7-pem-bundle",
    lambda p: P.pkcs7_bundle(p.oces3(env="prod").cert, p["oces3-prod-ca-1"].cert, encoding="pem"),
    OCES3_AT,
    {"input.bundle", WRONG_ENV, REV},
    prod=True,
    format="pkcs7",
    certificates=2,
    facts=OCES3_FACTS,
)
case(
    "wrap-pkcs7-single",
    lambda p: P.pkcs7_bundle(p.oces3().cert),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    format="pkcs7",
    certificates=1,
    facts=OCES3_FACTS,
)


# ---------------------------------------------------------------------------------------
# New facts, generation from the chain, strict identification (issues 8 and 9)
# ---------------------------------------------------------------------------------------

case(
    "facts-for-copying-oces3",
    lambda p: leaf_pem(p.oces3()),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(
        OCES3_FACTS,
        subject_serial="UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab",
        key_usage=["digital_signature", "key_encipherment"],
        policies=list(P.OCES3_POLICIES),
        key={"type": "rsa", "size": 2048},
        days_left=578,
    ),
)
case(
    "facts-for-copying-oces2",
    lambda p: leaf_pem(p.oces2()),
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(
        FOCES_FACTS, subject_serial="CVR:12345678-FID:94731315", policies=["1.3.6.1.4.1.31313.2.4.6.4.2"], days_left=578
    ),
)
# cert.expires-soon: fewer than 90 days left (policy.toml); 90 whole days left is not soon.
case(
    "expires-in-89-days",
    lambda p: leaf_pem(p.oces3()),
    "2026-10-04T00:00:00+00:00",
    {"cert.expires-soon", WRONG_ENV, REV},
    test=True,
    facts=dict(days_left=89),
)
case(
    "expires-in-90-days-is-not-soon",
    lambda p: leaf_pem(p.oces3()),
    "2026-10-03T00:00:00+00:00",
    {WRONG_ENV, REV},
    test=True,
    facts=dict(days_left=90),
)
case(
    "expired-has-no-days-left",
    lambda p: leaf_pem(p.oces3()),
    "2027-01-02T00:00:00+00:00",
    {"cert.expired", WRONG_ENV, REV},
    facts=dict(days_left=None),
)


def _oces3_subject_under_oces2(**kw):
    return lambda p: leaf_pem(p.oces3(issuer="oces2-test-ca-xix", key_label="leaf-oces3-under-oces2", **kw))


# The generation comes from the anchor the chain ends in, not from the subject.
case(
    "oces3-subject-under-oces2-ca-is-retired",
    _oces3_subject_under_oces2(),
    OCES3_AT,
    {"cert.generation-mismatch", "policy.oces2-retired", WRONG_ENV, REV},
    facts=dict(generation="oces2", kind="organisation"),
    chain=dict(trusted=True, environment="test"),
)
case(
    "oces3-subject-under-oces2-ca-before-retirement",
    _oces3_subject_under_oces2(not_before="2019-01-01", not_after="2022-01-01"),
    OCES2_AT,
    {"cert.generation-mismatch", WRONG_ENV, REV},
    facts=dict(generation="oces2"),
)


def _subject(*rdns):
    def make(p):
        return P.pem(P.resign(p.oces3().cert, p["oces3-test-ca-1"], P.set_subject(P.name(*rdns))))

    return make


def _oces3_rdns(serial="UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab", org_ids=("NTRDK-98765432",)):
    from cryptography.x509.oid import NameOID as N

    rdns = [(N.COUNTRY_NAME, "DK")] + [(N.ORGANIZATION_IDENTIFIER, o) for o in org_ids]
    rdns += [(N.ORGANIZATION_NAME, "Syntetisk Testorganisation")]
    rdns += [(N.SERIAL_NUMBER, s) for s in ((serial,) if isinstance(serial, str) else serial)]
    return rdns + [(N.COMMON_NAME, "SYNTETISK_SYSTEM_1")]


# Without a serialNumber, the OCES3 policy (under the OCES2 production arc) still says OCES3.
case(
    "oces3-policy-without-serial-number",
    _subject(*_oces3_rdns(serial=())),
    OCES3_AT,
    {"cert.missing-identifier", WRONG_ENV, REV},
    facts=dict(generation="oces3", kind=None, cvr=None, uuid=None, subject_serial=None),
)
# Identification: ASCII digits, whole values, real UUIDs, one value per attribute.
case(
    "cvr-in-arabic-indic-digits-is-not-a-cvr",
    _subject(*_oces3_rdns(org_ids=("NTRDK-\u0669\u0668\u0667\u0666\u0665\u0664\u0663\u0662",))),
    OCES3_AT,
    {"cert.missing-identifier", WRONG_ENV, REV},
    facts=dict(cvr=None, uuid=OCES3_FACTS["uuid"]),
)
case(
    "uuid-of-dashes-is-not-a-uuid",
    _subject(*_oces3_rdns(serial="UI:DK-O:G:" + "-" * 36)),
    OCES3_AT,
    {"cert.missing-identifier", WRONG_ENV, REV},
    facts=dict(generation="oces3", kind=None, uuid=None),
)
case(
    "serial-number-with-trailing-newline-is-not-read",
    _subject(*_oces3_rdns(serial="UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab\n")),
    OCES3_AT,
    {"cert.missing-identifier", WRONG_ENV, REV},
    facts=dict(uuid=None),
)
case(
    "two-organization-identifiers-are-ambiguous",
    _subject(*_oces3_rdns(org_ids=("NTRDK-98765432", "NTRDK-11223344"))),
    OCES3_AT,
    {"cert.ambiguous-identifier", WRONG_ENV, REV},
    facts=dict(cvr="98765432"),
)
case(
    "two-serial-numbers-are-ambiguous",
    _subject(
        *_oces3_rdns(
            serial=("UI:DK-O:G:3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab", "UI:DK-O:G:00000000-0000-4000-8000-000000000000")
        )
    ),
    OCES3_AT,
    {"cert.ambiguous-identifier", WRONG_ENV, REV},
)
case(
    "the-same-organization-identifier-twice-is-fine",
    _subject(*_oces3_rdns(org_ids=("NTRDK-98765432", "NTRDK-98765432"))),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(cvr="98765432"),
)


# Algorithms: one list of what is verified (checks/data/algorithms.toml), applied before any backend.
def _pss_variant(**kw):
    def make(p):
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        h = {"sha1": hashes.SHA1(), "sha256": hashes.SHA256()}
        mgf = h[kw.get("mgf_hash") or "sha256"]
        pad = padding.PSS(mgf=padding.MGF1(mgf), salt_length=min(kw.get("salt", 32), 190))
        return P.pem(
            P.with_signature_algorithm(
                p.oces3().cert, p["oces3-test-ca-1"].key, P.pss_algorithm(**kw), pad, hashes.SHA256()
            )
        )

    return make


UNSUPPORTED = {"chain.unsupported-algorithm", "chain.untrusted", REV}
case("pss-control-with-explicit-parameters", _pss_variant(), OCES3_AT, {WRONG_ENV, REV}, test=True)
case(
    "pss-mgf1-hash-differs-from-message-hash",
    _pss_variant(mgf_hash="sha1"),
    OCES3_AT,
    UNSUPPORTED,
    chain=dict(trusted=False),
)
case(
    "pss-without-parameters",
    _pss_variant(parameters=False),
    OCES3_AT,
    UNSUPPORTED,
    facts=dict(signature_algorithm="1.2.840.113549.1.1.10"),
)
case("pss-trailer-field-2", _pss_variant(trailer=2), OCES3_AT, UNSUPPORTED)
case("pss-salt-too-long", _pss_variant(salt=100), OCES3_AT, UNSUPPORTED)


def _key_sub(label: str, key, leaf_scheme: str):
    def make(p):
        sub = P.make_key_sub(
            f"oces3-test-{label}",
            P.oces3_ca_name(f"Syntetisk {label}-CA", True),
            p["oces3-test-root"],
            key(),
            leaf_scheme,
        )
        return Input(leaf_pem(p.oces3(issuer=sub)), trust=p.trust(extra=(sub,)))

    return make


def _dsa():
    from cryptography.hazmat.primitives.asymmetric import dsa

    return dsa.generate_private_key(2048)


def _ed448():
    from cryptography.hazmat.primitives.asymmetric import ed448

    return ed448.Ed448PrivateKey.generate()


def _ed25519():
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519.Ed25519PrivateKey.generate()


def _p521():
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP521R1())


def _secp256k1():
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256K1())


case("dsa-issuing-ca-is-unsupported", _key_sub("dsa", _dsa, "dsa-sha256"), OCES3_AT, UNSUPPORTED)
case("ed448-issuing-ca-is-unsupported", _key_sub("ed448", _ed448, "ed448"), OCES3_AT, UNSUPPORTED)
case("ecdsa-secp256k1-issuing-ca-is-unsupported", _key_sub("k1", _secp256k1, "ecdsa-sha256"), OCES3_AT, UNSUPPORTED)
case(
    "ed25519-issuing-ca-verifies",
    _key_sub("ed25519", _ed25519, "ed25519"),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(signature_algorithm="ed25519"),
)
case(
    "ecdsa-p521-sha512-issuing-ca",
    _key_sub("p521", _p521, "ecdsa-sha512"),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=dict(signature_algorithm="ecdsa-sha512"),
)


# ---------------------------------------------------------------------------------------
# Issue 16: the input's own certificate, bounded work, keys and other files, strict mode
# ---------------------------------------------------------------------------------------


def _self_made_carrying(payload_of):
    """A self-signed DER certificate whose extension holds `payload_of(genuine leaf)` as text."""

    def make(p):
        return self_made_carrying(payload_of(p.oces3()))

    return make


SELF_MADE = {"chain.untrusted", "cert.not-oces", REV}
case(
    "der-certificate-carrying-pem-text-is-itself",
    _self_made_carrying(lambda leaf: leaf.pem),
    OCES3_AT,
    SELF_MADE,
    format="der",
    facts=dict(subject_cn="Selvlavet", generation=None),
)
case(
    "der-certificate-carrying-xml-text-is-itself",
    _self_made_carrying(lambda leaf: b"<X509Certificate>" + P.headerless_base64(leaf.cert) + b"</X509Certificate>"),
    OCES3_AT,
    SELF_MADE,
    format="der",
    facts=dict(subject_cn="Selvlavet", generation=None),
)
case(
    "json-nested-8000-deep",
    lambda p: b"[" * 8000 + b"]" * 8000,
    OCES3_AT,
    {"input.nested-too-deep"},
    format=None,
    certificates=0,
)
case(
    "json-nested-100-deep-is-read",
    lambda p: b"[" * 98 + json.dumps({"x5c": [base64.b64encode(p.oces3().der).decode()]}).encode() + b"]" * 98,
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    format="jwk",
    facts=OCES3_FACTS,
)
case(
    "public-key-pem",
    lambda p: (
        p.oces3()
        .cert.public_key()
        .public_bytes(P.serialization.Encoding.PEM, P.serialization.PublicFormat.SubjectPublicKeyInfo)
    ),
    OCES3_AT,
    {"input.public-key"},
    format="pem",
    certificates=0,
)
case(
    "public-key-der",
    lambda p: (
        p.oces3()
        .cert.public_key()
        .public_bytes(P.serialization.Encoding.DER, P.serialization.PublicFormat.SubjectPublicKeyInfo)
    ),
    OCES3_AT,
    {"input.public-key"},
    format="der",
    certificates=0,
)
case(
    "public-key-beside-the-certificate-is-left-out",
    lambda p: (
        lambda leaf: (
            leaf.pem
            + leaf.cert.public_key().public_bytes(
                P.serialization.Encoding.PEM, P.serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    )(p.oces3()),
    OCES3_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=OCES3_FACTS,
)
case(
    "java-keystore",
    lambda p: b"\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x01" + bytes(200),
    OCES3_AT,
    {"input.jks"},
    format="jks",
    certificates=0,
)
case(
    "hex-dump-one-line",
    lambda p: p.oces3().der.hex().encode() + b"\n",
    OCES3_AT,
    {"input.wrapping", WRONG_ENV, REV},
    test=True,
    format="hex",
    facts=OCES3_FACTS,
)
case(
    "hex-dump-with-colons",
    lambda p: ":".join(f"{b:02X}" for b in p.oces3().der).encode(),
    OCES3_AT,
    {"input.wrapping", WRONG_ENV, REV},
    test=True,
    format="hex",
    facts=OCES3_FACTS,
)
case(
    "private-key-beside-a-certificate-in-xml",
    lambda p: (
        lambda leaf: (
            b"<X509Certificate>"
            + P.headerless_base64(leaf.cert)
            + b"</X509Certificate>\n"
            + P.private_key_pem(leaf.key)
        )
    )(p.oces3()),
    OCES3_AT,
    {"input.private-key"},
    format="pem",
    certificates=0,
)
for member, value in (("d", "AQAB"), ("p", "AQAB"), ("q", "AQAB"), ("k", "c2VjcmV0"), ("dp", "AQAB")):
    case(
        f"jwk-with-secret-member-{member}",
        lambda p, m=member, v=value: json.dumps(
            {"keys": [{"kty": "oct" if m == "k" else "RSA", m: v, "x5c": [base64.b64encode(p.oces3().der).decode()]}]}
        ).encode(),
        OCES3_AT,
        {"input.private-key"},
        format="jwk",
        certificates=0,
    )


def _oces2_serial_with_spaces(p):
    from cryptography.x509.oid import NameOID as N

    subject = P.name(
        (N.COUNTRY_NAME, "DK"),
        (N.ORGANIZATION_NAME, "Syntetisk Leverandør A/S // CVR:12345678"),
        [(N.SERIAL_NUMBER, "  CVR:12345678-FID:94731315 "), (N.COMMON_NAME, "Syntetisk system (funktionscertifikat)")],
    )
    return P.pem(P.resign(p.oces2().cert, p["oces2-test-ca-xix"], P.set_subject(subject)))


case(
    "oces2-serial-number-with-spaces-is-trimmed",
    _oces2_serial_with_spaces,
    OCES2_AT,
    {WRONG_ENV, REV},
    test=True,
    facts=FOCES_FACTS,
)


# OpenSSL's -x509_strict refuses these four; see checks/chain.py for the severity of each.
def _strict(extra=(), ca=False, mutate=None):
    def make(p):
        leaf = p.oces3(extra=extra, ca=ca)
        return P.pem(P.resign(leaf.cert, p["oces3-test-ca-1"], mutate)) if mutate else leaf.pem

    return make


def _aki_of_another_issuer(tbs):
    from asn1crypto import x509 as ax

    ext = next(e for e in tbs["extensions"] if e["extn_id"].native == "authority_key_identifier")
    ext["extn_value"] = ax.AuthorityKeyIdentifier(
        {
            "key_identifier": ext["extn_value"].parsed["key_identifier"].native,
            "authority_cert_issuer": [ax.GeneralName(name="directory_name", value=tbs["issuer"])],
            "authority_cert_serial_number": 4242,
        }
    )


def _unrecognised(oid: str, value: bytes, critical: bool):
    from cryptography import x509 as cx

    return ((cx.UnrecognizedExtension(cx.ObjectIdentifier(oid), value), critical),)


STRICT_INVALID = {"cert.invalid", WRONG_ENV, REV}
# (no authorityKeyIdentifier: leaf-without-authority-key-identifier, a warning)
case(
    "strict-empty-critical-subject-alt-name",
    _strict(extra=_unrecognised("2.5.29.17", b"\x30\x00", True)),
    OCES3_AT,
    STRICT_INVALID,
    facts=OCES3_FACTS,
)
case(
    "strict-ca-false-with-path-length",
    _strict(ca=None, extra=_unrecognised("2.5.29.19", b"\x30\x03\x02\x01\x00", True)),
    OCES3_AT,
    STRICT_INVALID,
    facts=OCES3_FACTS,
)
case(
    "strict-authority-key-identifier-of-another-certificate",
    _strict(mutate=_aki_of_another_issuer),
    OCES3_AT,
    STRICT_INVALID,
    facts=OCES3_FACTS,
)
# (an authorityKeyIdentifier of another key: leaf-with-foreign-authority-key-identifier)


# ---------------------------------------------------------------------------------------
# Running the cases
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pki():
    return P.PKI.create()


@pytest.fixture(scope="session")
def default_trust(pki):
    return pki.trust()


def run_case(c: Case, pki, default_trust, lang: str, with_input: bool = False):
    from checks import check

    made = c.make(pki)
    inp = made if isinstance(made, Input) else Input(made)
    report = check(
        inp.data,
        at=dt.datetime.fromisoformat(c.at),
        lang=lang,
        trust=inp.trust or default_trust,
        password=inp.password,
        name=f"{c.id}.pem",
    )
    return (report, inp) if with_input else report


SHORT = {
    "2.5.4.3": "CN",
    "2.5.4.6": "C",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.5": "serialNumber",
    "2.5.4.97": "organizationIdentifier",
}


def _rdn_types(rfc4514: str) -> list[frozenset]:
    """The attribute types of each RDN in an RFC 4514 string (escaped , and + respected)."""
    rdns, current, attrs, i = [], "", [], 0
    while i < len(rfc4514):
        ch = rfc4514[i]
        if ch == "\\":
            current += rfc4514[i : i + 2]
            i += 2
            continue
        if ch in ",+":
            attrs.append(current.split("=", 1)[0])
            current = ""
            if ch == ",":
                rdns.append(frozenset(attrs))
                attrs = []
        else:
            current += ch
        i += 1
    attrs.append(current.split("=", 1)[0])
    rdns.append(frozenset(attrs))
    return rdns


def _expected_rdn_types(der: bytes) -> list[frozenset]:
    """RFC 4514 order: the DER's RDNs reversed."""
    from asn1crypto import x509 as ax

    subject = ax.Certificate.load(der).subject
    return [
        frozenset(SHORT.get(a["type"].dotted, a["type"].dotted) for a in rdn) for rdn in reversed(list(subject.chosen))
    ]


def _leaf_der(report: dict, inp: Input) -> bytes:
    """The DER of the certificate the report describes, found by its SHA-256 in the input."""
    import hashlib

    from asn1crypto import cms
    from asn1crypto import pem as apem

    data, want = inp.data, report["certificate"]["sha256"]
    candidates = [data, data.strip()]
    if b"-----BEGIN" in data:
        with contextlib.suppress(ValueError):  # PEM text inside a binary container
            candidates += [d for _, _, d in apem.unarmor(data[data.index(b"-----BEGIN") :], multiple=True)]
    with contextlib.suppress(ValueError):
        candidates.append(base64.b64decode(b"".join(data.split()), validate=True))
    with contextlib.suppress(ValueError, UnicodeDecodeError):
        candidates.append(bytes.fromhex(data.replace(b":", b" ").decode("ascii")))
    for run in re.findall(rb"[A-Za-z0-9+/=]{200,}", data):  # base64 inside JSON or XML
        with contextlib.suppress(ValueError):
            candidates.append(base64.b64decode(run, validate=True))
    for der in list(candidates):
        try:
            info = cms.ContentInfo.load(der)
            candidates += [ch.chosen.dump() for ch in info["content"]["certificates"]]
        except Exception:
            pass
    if inp.password:
        from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

        _, cert, extra = pkcs12.load_key_and_certificates(data, inp.password)
        candidates += [c.public_bytes(Encoding.DER) for c in [cert, *(extra or [])]]
    for der in candidates:
        if hashlib.sha256(der).hexdigest() == want:
            return der
    raise AssertionError("the reported certificate is not in the input")


def codes(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"]}


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_golden(c: Case, pki, default_trust):
    report, inp = run_case(c, pki, default_trust, "en", with_input=True)
    assert codes(report) == c.codes, json.dumps(report["findings"], indent=1, ensure_ascii=False)
    assert report["environments"] == {"test": {"accepted": c.test}, "prod": {"accepted": c.prod}}
    assert report["file"] == f"{c.id}.pem"
    assert report["input"]["format"] == c.format
    read = c.certificates if c.certificates is not None else 1
    assert report["input"]["certificates"] == read
    if read == 0:
        assert report["certificate"] is None and report["chain"] is None
    else:
        cert = report["certificate"]
        for key, value in c.facts.items():
            assert cert[key] == value, f"certificate.{key}"
        assert re.fullmatch(r"[0-9a-f]{64}", cert["sha256"])
        der = _leaf_der(report, inp)
        from asn1crypto import x509 as ax

        parsed = ax.Certificate.load(der)
        assert cert["sha1"] == hashlib.sha1(der).hexdigest()
        assert (
            cert["serial"] == format(parsed.serial_number, "x") and int(cert["serial_decimal"]) == parsed.serial_number
        )
        assert cert["policies"] == [p["policy_identifier"].dotted for p in parsed.certificate_policies_value or []]
        assert cert["key_usage"] == sorted(parsed.key_usage_value.native if parsed.key_usage_value else [])
        assert _rdn_types(cert["subject"]) == _expected_rdn_types(_leaf_der(report, inp))
        for key in ("not_before", "not_after"):
            assert dt.datetime.fromisoformat(cert[key]).utcoffset() == dt.timedelta(0)
        for key, value in (c.chain or {}).items():
            assert report["chain"][key] == value, f"chain.{key}"
        if report["chain"]["trusted"]:
            assert report["chain"]["environment"] in ("test", "prod")
        else:
            assert report["chain"]["environment"] is None
    # a verdict is never "accepted" next to an error finding that applies to all environments
    errors = {f["code"] for f in report["findings"] if f["severity"] == "error"} - {WRONG_ENV}
    if errors:
        assert not c.test and not c.prod
    json.dumps(report)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_golden_renders_in_both_languages(c: Case, pki, default_trust):
    from checks.catalogue import catalogue

    reports = {lang: run_case(c, pki, default_trust, lang) for lang in ("da", "en")}
    assert codes(reports["da"]) == codes(reports["en"]) == c.codes
    assert reports["da"]["environments"] == reports["en"]["environments"]
    by_code = {lang: {f["code"]: f for f in r["findings"]} for lang, r in reports.items()}
    cat = catalogue()
    for code in c.codes:
        da, en = by_code["da"][code], by_code["en"][code]
        for f in (da, en):
            # the reason a certificate accepted for one environment is not for the other is a note
            other_env = code == WRONG_ENV and (c.test or c.prod)
            assert f["severity"] == ("info" if other_env else cat[code]["severity"])
            for part in ("message", "hint"):
                text = f[part]
                assert text.strip(), f"{code}: empty {part}"
                assert not re.search(r"\{\w*\}", text), f"{code}: unfilled placeholder in {text!r}"
                assert not re.search(r"\bNone\b|\?\)|\(\)", text), f"{code}: a missing value shows in {text!r}"
        assert da["message"] != en["message"], f"{code}: Danish and English message are the same"


# ---------------------------------------------------------------------------------------
# Missing trust anchors (the real trust directory, partly copied to a temporary folder)
# ---------------------------------------------------------------------------------------


@pytest.fixture()
def oces3_test_only(shared, tmp_path):
    """A trust directory holding only the oces3-test anchors (copied to a temporary folder)."""
    from checks import TrustStore

    shutil.copytree(shared / "trust" / "oces3-test", tmp_path / "oces3-test")
    return TrustStore.from_directory(tmp_path)


def test_anchor_missing(shared, oces3_test_only):
    from checks import check

    trust = oces3_test_only
    data = (shared / "corpus" / "oces3-test" / "nemlogin-lookupservices-testwsc.pem").read_bytes()
    for lang in ("da", "en"):
        report = check(data, at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), lang=lang, trust=trust)
        assert codes(report) == {"chain.anchor-missing", WRONG_ENV, REV}
        assert report["environments"] == {"test": {"accepted": True}, "prod": {"accepted": False}}
        missing = next(f for f in report["findings"] if f["code"] == "chain.anchor-missing")
        assert missing["severity"] == "warning"
        assert "TRUST2408 OCES Primary CA" in missing["message"]
        assert "Den Danske Stat OCES rod-CA" in missing["message"]  # the prod root (the test one is there)
        assert missing["hint"].strip()


def test_anchor_missing_makes_its_certificates_untrusted(shared, oces3_test_only):
    from checks import check

    trust = oces3_test_only
    data = (shared / "corpus" / "oces3-prod" / "kombit-adg-exttest-adgangsstyring-2.cer").read_bytes()
    report = check(data, at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC), lang="en", trust=trust)
    assert codes(report) == {"chain.anchor-missing", "chain.untrusted", REV}
    assert report["environments"] == {"test": {"accepted": False}, "prod": {"accepted": False}}


def test_full_trust_has_no_anchor_missing(trust):
    from checks import check

    report = check(b"", at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC), lang="en", trust=trust)
    assert codes(report) == {"input.empty"}


# ---------------------------------------------------------------------------------------
# The registration message (message.* codes)
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def reports(pki, default_trust):
    """Checked reports to build messages from."""
    from checks import check

    def rep(data: bytes, at: str) -> dict:
        return check(data, at=dt.datetime.fromisoformat(at), lang="en", trust=default_trust)

    return {
        "oces3-test": rep(leaf_pem(pki.oces3()), OCES3_AT),
        "oces3-prod": rep(leaf_pem(pki.oces3(env="prod")), OCES3_AT),
        "oces3-prod-other-cvr": rep(leaf_pem(pki.oces3(env="prod", cvr="11223344")), OCES3_AT),
        "oces2-test": rep(leaf_pem(pki.oces2()), OCES2_AT),
        "expired": rep(leaf_pem(pki.oces3()), "2028-01-01T00:00:00+00:00"),
    }


def _message_cases():
    T, Pr = "oces3-test", "oces3-prod"
    return [
        # id, test slot (report key, ws id) or None, prod slot or None, expected codes, ok
        ("both-slots", (T, "ws-test-1"), (Pr, "ws-prod-1"), set(), True),
        ("test-only", (T, "ws-test-1"), None, set(), True),
        ("oces2-test-only", ("oces2-test", "ws-test-1"), None, set(), True),
        ("no-slot", None, None, {"message.no-slot"}, False),
        ("prod-cert-in-test-slot", (Pr, "ws-test-1"), None, {"message.not-accepted"}, False),
        ("expired-cert", ("expired", "ws-test-1"), None, {"message.not-accepted"}, False),
        ("ws-id-missing", (T, "   "), None, {"message.ws-id-missing"}, False),
        ("ws-id-line-break", (T, "ws-test\n1"), None, {"message.ws-id-invalid"}, False),
        ("ws-id-control-char", (T, "ws\x07test"), None, {"message.ws-id-invalid"}, False),
        ("ws-id-no-break-space", (T, "ws\u00a0test"), None, {"message.ws-id-invalid"}, False),
        ("ws-id-10000-characters", (T, "w" * 10_000), None, {"message.ws-id-invalid"}, False),
        ("cvr-differs", (T, "ws-test-1"), ("oces3-prod-other-cvr", "ws-prod-1"), {"message.cvr-differs"}, True),
        ("same-ws-id", (T, "ws-same"), (Pr, "ws-same"), {"message.same-ws-id"}, True),
        # a production certificate in the test slot and a test certificate in the prod slot
        ("swapped", (Pr, "ws-test-1"), (T, "ws-prod-1"), {"message.swapped", "message.not-accepted"}, False),
        # a test certificate in both slots is not a swap
        ("test-in-both", (T, "ws-test-1"), (T, "ws-prod-1"), {"message.not-accepted"}, False),
    ]


MESSAGE_CASES = _message_cases()


@pytest.mark.parametrize("mid,test_slot,prod_slot,expected,ok", MESSAGE_CASES, ids=[m[0] for m in MESSAGE_CASES])
def test_message(reports, mid, test_slot, prod_slot, expected, ok):
    from checks import build_message

    def slot(s):
        return None if s is None else (reports[s[0]], s[1])

    results = {lang: build_message(test=slot(test_slot), prod=slot(prod_slot), lang=lang) for lang in ("da", "en")}
    for result in results.values():
        assert result["swapped"] is (mid == "swapped")
        assert {f["code"] for f in result["findings"]} == expected, result["findings"]
        assert result["ok"] is ok
        for f in result["findings"]:
            assert f["message"].strip() and f["hint"].strip()
            assert not re.search(r"\{\w*\}", f["message"] + f["hint"])
        if ok:
            text = result["text"]
            generations = {reports[x[0]]["certificate"]["generation"] for x in (test_slot, prod_slot) if x}
            noun = "systemcertifikat" if "oces3" in generations else "funktionssignatur"
            assert text.startswith(f"Emne: Registrering af {noun} til Integrationsplatformen\n")
            for env, s in (("test/preprod", test_slot), ("prod", prod_slot)):
                if s is None:
                    assert f"til {env}:" not in text
                    continue
                cert = reports[s[0]]["certificate"]
                assert f"til {env}:\nCVR-nummer: {cert['cvr']}\n" in text
                if cert["generation"] == "oces3":
                    assert (
                        f"UUID: {cert['uuid']}\n" in text
                        and "FID:" not in text.split(f"til {env}:")[1].split("\n\n")[0]
                    )
                else:
                    assert f"FID: {cert['fid']}\n" in text
                assert f"wsBrugerId: {s[1].strip()}" in text
        else:
            assert result["text"] is None
    assert results["da"]["text"] == results["en"]["text"]  # the message is Danish in both
    for f_da, f_en in zip(results["da"]["findings"], results["en"]["findings"]):
        assert f_da["message"] != f_en["message"]


# ---------------------------------------------------------------------------------------
# Coverage of the catalogue
# ---------------------------------------------------------------------------------------

# by test_anchor_missing (needs ../shared), test_core_failure_is_a_report, test_message_optional_fields
# Codes produced by tests outside this module (input wrappings, the CLI, PKCS#12 files):
# each must be named in one of those test files, so the list cannot claim a code nobody tests.
EXTRA_COVERED = {
    "chain.anchor-missing",
    "cert.unprocessable",
    "message.field-invalid",
    "input.crl",
    "input.not-der",
    "input.not-found",
    "input.unreadable",
    "input.wrapping",
    "input.pkcs12-read",
    "input.pkcs12-no-certificate",
    "input.pkcs12-unsupported",
    "input.pkcs12-iterations",
    "input.pkcs12-too-much",
    "input.pkcs12-truncated",
    "input.pkcs12-damaged-bag",
    "input.pkcs12-unbound",
    "input.pkcs12-key-unmatched",
    "chain.browser-cannot-verify",
}


def test_core_failure_is_a_report(pki, default_trust, monkeypatch):
    """Should the core itself fail on some input, the caller still gets a report with a finding."""
    from checks import check, check_async
    from checks import report as report_module
    from checks.verify_cryptography import CryptographyVerifier

    def broken(cert):
        raise UnboundLocalError("as asn1crypto raises on some keys")

    monkeypatch.setattr(report_module, "identify", broken)
    at = dt.datetime.fromisoformat(OCES3_AT)
    data = leaf_pem(pki.oces3())
    for got in (
        check(data, at=at, trust=default_trust, lang="da", name="x.pem"),
        run_coroutine(
            check_async(data, at=at, trust=default_trust, verifier=CryptographyVerifier(), lang="en", name="x.pem")
        ),
    ):
        assert codes(got) == {"cert.unprocessable"} and got["file"] == "x.pem"
        assert got["certificate"] is None and got["chain"] is None
        assert got["environments"] == {"test": {"accepted": False}, "prod": {"accepted": False}}


def test_message_optional_fields(reports):
    from checks import build_message

    ok = build_message(
        test=(reports["oces3-test"], "ws-test-1"),
        supplier="Syntetisk Leverandør A/S",
        system="Elevadministration",
        contact="Anne Andersen",
    )
    assert ok["ok"] and ok["findings"] == []
    assert ok["text"].startswith(
        "Emne: Registrering af systemcertifikat til Integrationsplatformen\n\n"
        "Leverandør: Syntetisk Leverandør A/S\nSystem: Elevadministration\n"
        "Kontaktperson: Anne Andersen\n\nSystemcertifikat til test/preprod:\n"
    )
    for lang in ("da", "en"):
        bad = build_message(test=(reports["oces3-test"], "ws-test-1"), contact="Anne\nAndersen", lang=lang)
        assert not bad["ok"] and bad["text"] is None
        assert [f["code"] for f in bad["findings"]] == ["message.field-invalid"]
        assert ("Kontaktperson" if lang == "da" else "contact person") in bad["findings"][0]["message"]


def test_every_catalogue_code_is_covered():
    from checks.catalogue import catalogue

    here = Path(__file__)
    elsewhere = "\n".join(p.read_text(encoding="utf-8") for p in here.parent.glob("test_*.py") if p != here)
    elsewhere += here.read_text(encoding="utf-8").split("EXTRA_COVERED = ")[1].split("\n\n\n", 1)[1]
    assert not [c for c in EXTRA_COVERED if f'"{c}"' not in elsewhere and f"'{c}'" not in elsewhere]
    covered = set().union(*(c.codes for c in CASES), *(m[3] for m in MESSAGE_CASES), EXTRA_COVERED)
    missing = set(catalogue()) - covered
    assert not missing, f"finding codes no golden case produces: {sorted(missing)}"
    unknown = covered - set(catalogue())
    assert not unknown, f"golden cases expect codes the catalogue lacks: {sorted(unknown)}"


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_latin1_fixture_reproduces_the_real_quirk(pki):
    """The synthetic certificate really is one `cryptography` cannot read the extensions of."""
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(_latin1_policy(pki))
    with pytest.raises(ValueError):
        _ = cert.extensions


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_golden_async_backend_gives_the_same_report(c: Case, pki, default_trust):
    """check_async (the browser's path, here with an async wrapper around `cryptography`)
    gives the report check gives; PKCS#12 it never opens."""
    import asyncio

    from checks import check_async
    from checks.verify_cryptography import CryptographyVerifier

    class AsyncOnly:
        def __init__(self):
            self.inner, self.calls = CryptographyVerifier(), 0

        async def averify(self, check):
            self.calls += 1
            await asyncio.sleep(0)
            return self.inner.verify(check)

    made = c.make(pki)
    inp = made if isinstance(made, Input) else Input(made)
    at = dt.datetime.fromisoformat(c.at)
    verifier = AsyncOnly()
    got = run_coroutine(
        check_async(inp.data, at=at, trust=inp.trust or default_trust, verifier=verifier, lang="en", name=f"{c.id}.pem")
    )
    if inp.password is not None or c.format == "pkcs12":
        assert codes(got) == {"input.pkcs12"}
        assert got["certificate"] is None
        return
    from checks import check

    want = check(inp.data, at=at, lang="en", trust=inp.trust or default_trust, name=f"{c.id}.pem")
    assert got == want
    if want["chain"] and want["chain"]["trusted"] and len(want["chain"]["path"]) > 1:
        assert verifier.calls >= 1  # the signatures really went through the async backend


def test_validate_path_api(pki, default_trust):
    """validate_path alone: the ChainResult the conformance harness relies on."""
    from checks import validate_path

    at = dt.datetime.fromisoformat(OCES3_AT)
    leaf = pki.oces3()
    ok = validate_path(leaf.der, [], default_trust, at)
    assert ok.ok and ok.trusted and ok.environment == "test" and ok.findings == []
    assert [c.sha256.hex() for c in ok.path] == [
        P.hashlib_sha256(d) for d in (leaf.der, pki["oces3-test-ca-1"].der, pki["oces3-test-root"].der)
    ]

    prod = validate_path(pki.oces3(env="prod").der, [], default_trust, at)
    assert prod.ok and prod.environment == "prod"

    expired = validate_path(leaf.der, [], default_trust, dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert expired.trusted and not expired.ok
    assert {f.code for f in expired.findings} == {"cert.expired"}

    forged = validate_path(P.flip_signature_bit(leaf.cert), [], default_trust, at)
    assert not forged.trusted and not forged.ok and forged.environment is None

    garbage = validate_path(b"\x30\x03\x02\x01\x00", [], default_trust, at)
    assert not garbage.ok and {f.code for f in garbage.findings} == {"cert.malformed"}


# ---------------------------------------------------------------------------------------
# A verdict that reads right (issue 8, item 1)
# ---------------------------------------------------------------------------------------


def _report(data, at, trust, lang="en"):
    from checks import check

    return check(data, at=dt.datetime.fromisoformat(at), trust=trust, lang=lang)


def test_findings_are_ordered_by_cause(pki, default_trust):
    # trust and signature, generation, kind, time, the rest
    forged = _report(
        P.pem(P.flip_signature_bit(pki.oces2("employee").cert)), "2026-01-01T00:00:00+00:00", default_trust
    )
    assert [f["code"] for f in forged["findings"]] == [
        "chain.bad-signature",
        "chain.untrusted",
        "policy.oces2-retired",
        "cert.wrong-kind",
        "cert.expired",
        REV,
    ]
    fake_root, fake = pki.spoofed("oces2-test-ca-xix")
    bundle = _report(
        leaf_pem(pki.oces2(issuer=fake, key_label="leaf-spoof"), fake.cert, fake_root.cert), OCES2_AT, default_trust
    )
    assert [f["code"] for f in bundle["findings"]] == ["chain.untrusted", "input.bundle", REV]
    mixed = _report(leaf_pem(pki.oces2("employee")), "2026-01-01T00:00:00+00:00", default_trust)
    assert [f["code"] for f in mixed["findings"]] == [
        "policy.oces2-retired",
        "cert.wrong-kind",
        "cert.expired",
        WRONG_ENV,
        REV,
    ]


def test_other_environment_is_always_a_note(pki, default_trust):
    """Issue 15 (review n5): the environment finding is a note whatever else is wrong: for an
    accepted test certificate, an expired one, and an OCES2 one rejected for several reasons."""
    ok = _report(leaf_pem(pki.oces3()), OCES3_AT, default_trust)
    assert [(f["code"], f["severity"]) for f in ok["findings"]] == [(WRONG_ENV, "info"), (REV, "info")]
    expired = _report(leaf_pem(pki.oces3()), "2028-01-01T00:00:00+00:00", default_trust)
    assert not any(v["accepted"] for v in expired["environments"].values())
    assert {f["code"]: f["severity"] for f in expired["findings"]}[WRONG_ENV] == "info"
    assert {f["code"]: f["severity"] for f in expired["findings"]}["cert.expired"] == "error"
    retired = _report(leaf_pem(pki.oces2("employee")), "2026-01-01T00:00:00+00:00", default_trust)
    severities = {f["code"]: f["severity"] for f in retired["findings"]}
    assert severities[WRONG_ENV] == "info" and severities["policy.oces2-retired"] == "error"


def test_wrong_kind_names_only_what_is_still_accepted(pki, default_trust):
    before = _report(leaf_pem(pki.oces2("employee")), OCES2_AT, default_trust)
    after = _report(leaf_pem(pki.oces2("employee", not_after="2025-01-01")), "2024-01-01T00:00:00+00:00", default_trust)
    text = {
        r: next(f["message"] for f in rep["findings"] if f["code"] == "cert.wrong-kind")
        for r, rep in (("before", before), ("after", after))
    }
    assert "FOCES" in text["before"] and "FOCES" not in text["after"]


def test_no_text_calls_a_retired_or_rejected_certificate_valid(pki, default_trust):
    retired = _report(
        leaf_pem(pki.oces2(issuer="oces2-test-ca-xxii", not_after="2025-01-01")),
        "2024-01-01T00:00:00+00:00",
        default_trust,
    )
    assert codes(retired) == {"policy.oces2-retired", WRONG_ENV, REV}  # no advice on OCES2 test chains
    from checks.catalogue import catalogue

    for code, e in catalogue().items():
        for lang in ("da", "en"):
            text = (e[lang]["message"] + " " + e[lang]["hint"]).lower()
            assert "gyldigt oces" not in text and "valid oces" not in text, code


def test_unreadable_input_has_no_certificate_and_no_verdict(default_trust):
    report = _report(b"\x30\x03\x02\x01\x00", OCES3_AT, default_trust)
    assert report["certificate"] is None and report["chain"] is None
    assert report["environments"] == {"test": {"accepted": False}, "prod": {"accepted": False}}
    assert report["findings"] and all(f["severity"] == "error" for f in report["findings"])


def test_expires_soon_counts_days_in_words(pki, default_trust):
    one = _report(leaf_pem(pki.oces3()), "2026-12-30T12:00:00+00:00", default_trust, "da")
    soon = {f["code"]: f["message"] for f in one["findings"]}["cert.expires-soon"]
    assert soon == "Certifikatet udløber om 1 dag (1. januar 2027)." and one["certificate"]["days_left"] == 1
    many = _report(leaf_pem(pki.oces3()), "2026-11-01T00:00:00+00:00", default_trust, "en")
    assert {f["code"]: f["message"] for f in many["findings"]}[
        "cert.expires-soon"
    ] == "The certificate expires in 61 days (1 January 2027)."
