"""A synthetic PKI that mimics the OCES2 and OCES3 profiles, built with `cryptography`.

The golden tests (tests/test_golden.py) and the property tests use it to make
certificates with exactly one thing wrong at a time. Nothing here touches ../shared.

- OCES2 (TRUST2408): RSA PKCS#1 v1.5 with SHA-256 everywhere. Leaf subject
  `C=DK, O=<org> // CVR:<cvr>`, then ONE multi-valued RDN holding
  `serialNumber=CVR:<cvr>-FID:<fid>` and `CN=<name> (funktionscertifikat)`
  (VOCES `-UID:`, MOCES `-RID:`, POCES `PID:`). Policies: production
  `1.2.208.169.1.1.1.{1,2,3,4}.<v>`, test `1.3.6.1.4.1.31313.2.4.6.{1,2,3,4}.<v>`.
- OCES3 (Den Danske Stat): RSASSA-PSS, SHA-256/salt 32 on leaves and SHA-512/salt 64
  on CA certificates. Leaf subject (DER order) `C=DK, organizationIdentifier=NTRDK-<cvr>,
  O=<org>, serialNumber=UI:DK-O:G:<uuid>, CN=<name>`; policies `0.4.0.2042.1.1` and
  `1.2.208.169.1.1.1.3.7.1`. Test CAs carry `OU=Test - cti` and the production CN.

Keys are made once per process (RSA 2048 is slow) and cached by label.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import uuid as uuidlib
from dataclasses import dataclass, field

from asn1crypto import x509 as ax509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import NameOID

UTC = dt.UTC

# --- policy OIDs ------------------------------------------------------------------

OCES2_KIND_NUMBER = {"person": 1, "employee": 2, "business": 3, "function": 4}
OCES2_PROD_POLICY = "1.2.208.169.1.1.1.{n}.{v}"
OCES2_TEST_POLICY = "1.3.6.1.4.1.31313.2.4.6.{n}.{v}"
OCES3_POLICIES = ("0.4.0.2042.1.1", "1.2.208.169.1.1.1.3.7.1")
UNKNOWN_CRITICAL_OID = "1.3.6.1.4.1.55555.1.1"  # a private arc nobody knows


def d(text: str) -> dt.datetime:
    """An aware UTC datetime from 'YYYY-MM-DD' or full ISO-8601."""
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- keys ----------------------------------------------------------------------------


@functools.cache
def rsa_key(label: str, bits: int = 2048) -> rsa.RSAPrivateKey:
    """One RSA key per label per process."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@functools.cache
def ec_key(label: str) -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


# --- signing schemes -----------------------------------------------------------------


# scheme name -> (hash, rsa padding or None)
def _scheme(name: str):
    if name == "pkcs1-sha256":
        return hashes.SHA256(), padding.PKCS1v15()
    if name == "pkcs1-sha384":
        return hashes.SHA384(), padding.PKCS1v15()
    if name == "pss-sha256":
        return hashes.SHA256(), padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    if name == "pss-sha512":
        return hashes.SHA512(), padding.PSS(mgf=padding.MGF1(hashes.SHA512()), salt_length=64)
    if name == "ecdsa-sha256":
        return hashes.SHA256(), None
    if name == "ecdsa-sha384":
        return hashes.SHA384(), None
    if name in ("ecdsa-sha512", "dsa-sha256"):
        return {"ecdsa-sha512": hashes.SHA512(), "dsa-sha256": hashes.SHA256()}[name], None
    if name in ("ed25519", "ed448"):
        return None, None  # EdDSA hashes inside the scheme
    raise ValueError(name)


# --- names ---------------------------------------------------------------------------


def name(*rdns) -> x509.Name:
    """x509.Name from RDNs in DER order; an RDN is (oid, value) or a list of them."""
    out = []
    for rdn in rdns:
        attrs = rdn if isinstance(rdn, list) else [rdn]
        out.append(x509.RelativeDistinguishedName([x509.NameAttribute(o, v) for o, v in attrs]))
    return x509.Name(out)


def oces2_ca_name(cn: str) -> x509.Name:
    return name((NameOID.COUNTRY_NAME, "DK"), (NameOID.ORGANIZATION_NAME, "TRUST2408"), (NameOID.COMMON_NAME, cn))


def oces3_ca_name(cn: str, test: bool) -> x509.Name:
    rdns = [(NameOID.COUNTRY_NAME, "DK"), (NameOID.ORGANIZATION_NAME, "Den Danske Stat")]
    if test:
        rdns.append((NameOID.ORGANIZATIONAL_UNIT_NAME, "Test - cti"))
    rdns.append((NameOID.COMMON_NAME, cn))
    return name(*rdns)


def oces2_subject(kind: str, *, cvr: str, ident: str, cn: str, org: str, cvr_in_o: str | None = None) -> x509.Name:
    """OCES2 leaf subject: C, O (with `// CVR:`), then one RDN {serialNumber, CN}."""
    if kind == "person":
        serial = f"PID:{ident}"
        o = "Ingen organisatorisk tilknytning"
    else:
        tag = {"function": "FID", "business": "UID", "employee": "RID"}[kind]
        serial = f"CVR:{cvr}-{tag}:{ident}"
        o = f"{org} // CVR:{cvr_in_o or cvr}"
    return name(
        (NameOID.COUNTRY_NAME, "DK"),
        (NameOID.ORGANIZATION_NAME, o),
        [(NameOID.SERIAL_NUMBER, serial), (NameOID.COMMON_NAME, cn)],
    )


def oces3_subject(kind: str, *, cvr: str, uuid: str, cn: str, org: str) -> x509.Name:
    tag = {"organisation": "O", "employee": "E"}[kind]
    return name(
        (NameOID.COUNTRY_NAME, "DK"),
        (NameOID.ORGANIZATION_IDENTIFIER, f"NTRDK-{cvr}"),
        (NameOID.ORGANIZATION_NAME, org),
        (NameOID.SERIAL_NUMBER, f"UI:DK-{tag}:G:{uuid}"),
        (NameOID.COMMON_NAME, cn),
    )


# --- certificates --------------------------------------------------------------------

LEAF_KU = dict(
    digital_signature=True,
    content_commitment=False,
    key_encipherment=True,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)
CA_KU = dict(LEAF_KU, digital_signature=False, key_encipherment=False, key_cert_sign=True, crl_sign=True)
_UNSET = object()


def build(
    subject: x509.Name,
    public_key,
    issuer_name: x509.Name,
    issuer_key,
    *,
    scheme: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
    ca: bool | None,
    path_length: int | None = None,
    key_usage=_UNSET,
    policies: tuple[str, ...] = (),
    critical_unknown: bool = False,
    issuer_public_key=None,
    extra: tuple = (),
    ski: bytes | None = None,
    aki: bytes | None = None,
) -> x509.Certificate:
    """One certificate. `ca=None` leaves basicConstraints out; `key_usage=None` leaves
    keyUsage out (default: CA_KU for a CA, LEAF_KU otherwise)."""
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )
    if ca is not None:
        b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
    if key_usage is _UNSET:
        key_usage = CA_KU if ca else LEAF_KU
    if key_usage is not None:
        b = b.add_extension(x509.KeyUsage(**key_usage), critical=True)
    b = b.add_extension(
        x509.SubjectKeyIdentifier(ski) if ski else x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False
    )
    b = b.add_extension(
        x509.AuthorityKeyIdentifier(aki, None, None)
        if aki
        else x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public_key or issuer_key.public_key()),
        critical=False,
    )
    if policies:
        b = b.add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(p), None) for p in policies]),
            critical=False,
        )
    if critical_unknown:
        b = b.add_extension(
            x509.UnrecognizedExtension(x509.ObjectIdentifier(UNKNOWN_CRITICAL_OID), b"\x05\x00"), critical=True
        )
    for ext, critical in extra:
        b = b.add_extension(ext, critical=critical)
    h, pad = _scheme(scheme)
    if isinstance(issuer_key, rsa.RSAPrivateKey):
        return b.sign(issuer_key, h, rsa_padding=pad)
    return b.sign(issuer_key, h)


@dataclass
class CA:
    """A synthetic CA with what a TrustStore entry needs."""

    id: str
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    generation: str | None
    environment: str | None
    role: str  # root | issuing
    leaf_scheme: str  # how this CA signs leaves
    ca_scheme: str  # how this CA signs CA certificates

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def name(self) -> x509.Name:
        return self.cert.subject

    @property
    def cn(self) -> str:
        return self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value

    def entry(self) -> dict:
        return {
            "der": self.der,
            "id": self.id,
            "name": self.cn,
            "generation": self.generation,
            "environment": self.environment,
            "role": self.role,
        }


CA_FROM = d("2010-01-01")
CA_TO = d("2040-01-01")


def make_root(
    id: str,
    subject: x509.Name,
    *,
    generation,
    environment,
    scheme: str,
    leaf_scheme: str,
    key_label: str | None = None,
    not_before=CA_FROM,
    not_after=CA_TO,
    **kw,
) -> CA:
    key = rsa_key(key_label or id)
    cert = build(
        subject,
        key.public_key(),
        subject,
        key,
        scheme=scheme,
        not_before=not_before,
        not_after=not_after,
        ca=kw.pop("ca", True),
        **kw,
    )
    return CA(id, cert, key, generation, environment, "root", leaf_scheme, scheme)


def make_sub(
    id: str,
    subject: x509.Name,
    parent: CA,
    *,
    key_label: str | None = None,
    not_before=CA_FROM,
    not_after=CA_TO,
    leaf_scheme: str | None = None,
    ca: bool | None = True,
    **kw,
) -> CA:
    key = rsa_key(key_label or id)
    cert = build(
        subject,
        key.public_key(),
        parent.name,
        parent.key,
        scheme=parent.ca_scheme,
        not_before=not_before,
        not_after=not_after,
        ca=ca,
        **kw,
    )
    return CA(
        id,
        cert,
        key,
        parent.generation,
        parent.environment,
        "issuing",
        leaf_scheme or parent.leaf_scheme,
        parent.ca_scheme,
    )


def make_ec_sub(id: str, subject: x509.Name, parent: CA, curve=None, hash_name: str = "sha256") -> CA:
    """An issuing CA with an EC key (signed by `parent` as it signs CAs) that signs its
    leaves with ECDSA."""
    key = ec.generate_private_key(curve or ec.SECP256R1())
    cert = build(
        subject,
        key.public_key(),
        parent.name,
        parent.key,
        scheme=parent.ca_scheme,
        not_before=CA_FROM,
        not_after=CA_TO,
        ca=True,
        path_length=0,
    )
    return CA(id, cert, key, parent.generation, parent.environment, "issuing", f"ecdsa-{hash_name}", parent.ca_scheme)


def make_key_sub(id: str, subject: x509.Name, parent: CA, key, leaf_scheme: str) -> CA:
    """An issuing CA with any private key (DSA, Ed448, EC on any curve, …), signed by
    `parent` as it signs CAs, that signs its leaves with `leaf_scheme`."""
    cert = build(
        subject,
        key.public_key(),
        parent.name,
        parent.key,
        scheme=parent.ca_scheme,
        not_before=CA_FROM,
        not_after=CA_TO,
        ca=True,
        path_length=0,
    )
    return CA(id, cert, key, parent.generation, parent.environment, "issuing", leaf_scheme, parent.ca_scheme)


# --- DER surgery (asn1crypto) --------------------------------------------------------


def with_signature_algorithm(cert, issuer_key: rsa.RSAPrivateKey, algorithm: dict, pad, h) -> bytes:
    """The certificate with `algorithm` (an asn1crypto SignedDigestAlgorithm dict, e.g. odd
    RSASSA-PSS parameters) inside and outside, signed by `issuer_key` with `pad`/`h`."""
    c = ax509.Certificate.load(der(cert))
    tbs = c["tbs_certificate"]
    tbs["signature"] = algorithm
    body = tbs.dump(force=True)
    out = ax509.Certificate(
        {
            "tbs_certificate": ax509.TbsCertificate.load(body),
            "signature_algorithm": algorithm,
            "signature_value": issuer_key.sign(body, pad, h),
        }
    )
    return out.dump(force=True)


def pss_algorithm(
    hash_name: str = "sha256", mgf_hash: str | None = None, salt: int = 32, trailer: int = 1, parameters: bool = True
) -> dict:
    """An RSASSA-PSS AlgorithmIdentifier; `parameters=False` leaves the parameters out."""
    if not parameters:
        return {"algorithm": "rsassa_pss"}
    return {
        "algorithm": "rsassa_pss",
        "parameters": {
            "hash_algorithm": {"algorithm": hash_name},
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": mgf_hash or hash_name}},
            "salt_length": salt,
            "trailer_field": trailer,
        },
    }


def with_raw_validity(cert, issuer: CA, not_before: bytes | None = None, not_after: bytes | None = None) -> bytes:
    """The certificate with notBefore/notAfter replaced by raw DER times (e.g. a GeneralizedTime
    without Z, b"\\x18\\x0e20270101000000", which asn1crypto will not write) and signed again."""
    c = ax509.Certificate.load(der(cert))
    validity = c["tbs_certificate"]["validity"]
    times = [
        raw if raw is not None else validity[name].dump()
        for name, raw in (("not_before", not_before), ("not_after", not_after))
    ]
    body = c["tbs_certificate"].contents.replace(validity.dump(), _tlv(0x30, b"".join(times)), 1)
    tbs = _tlv(0x30, body)
    h, pad = _scheme(issuer.leaf_scheme)
    return assemble(tbs, c["signature_algorithm"].dump(), issuer.key.sign(tbs, pad, h))


def set_issuer(issuer):
    """Mutator: the issuer name (an asn1crypto Name or a `cryptography` Name)."""

    def mutate(tbs):
        tbs["issuer"] = issuer if isinstance(issuer, ax509.Name) else ax509.Name.load(issuer.public_bytes())

    return mutate


def der(cert) -> bytes:
    if isinstance(cert, (bytes, bytearray)):
        return bytes(cert)
    return cert.public_bytes(serialization.Encoding.DER)


def flip_signature_bit(cert) -> bytes:
    """The certificate with one bit of its signature value flipped."""
    c = ax509.Certificate.load(der(cert))
    sig = bytearray(c["signature_value"].native)
    sig[len(sig) // 2] ^= 0x01
    c["signature_value"] = bytes(sig)
    return c.dump(force=True)


def outer_algorithm_mismatch(cert, issuer_key: rsa.RSAPrivateKey) -> bytes:
    """The certificate with outer signatureAlgorithm sha384WithRSAEncryption while the
    signed part still says sha256WithRSAEncryption, re-signed with SHA-384 so that the
    signature itself verifies under the outer algorithm: the mismatch is the only fault."""
    c = ax509.Certificate.load(der(cert))
    assert c["tbs_certificate"]["signature"]["algorithm"].native == "sha256_rsa"
    tbs = c["tbs_certificate"].dump()
    sig = issuer_key.sign(tbs, padding.PKCS1v15(), hashes.SHA384())
    out = ax509.Certificate(
        {
            "tbs_certificate": c["tbs_certificate"],
            "signature_algorithm": {"algorithm": "sha384_rsa", "parameters": None},
            "signature_value": sig,
        }
    )
    return out.dump(force=True)


def resign(cert, issuer: CA, mutate) -> bytes:
    """The certificate with its signed part changed by `mutate(tbs)` (an asn1crypto
    TbsCertificate, changed in place) and signed again by `issuer`, as it signs leaves."""
    c = ax509.Certificate.load(der(cert))
    tbs = c["tbs_certificate"]
    mutate(tbs)
    body = tbs.dump(force=True)
    h, pad = _scheme(issuer.leaf_scheme)
    sig = issuer.key.sign(body, pad, h)
    out = ax509.Certificate(
        {
            "tbs_certificate": ax509.TbsCertificate.load(body),
            "signature_algorithm": c["signature_algorithm"],
            "signature_value": sig,
        }
    )
    return out.dump(force=True)


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(body)) + body


def assemble(tbs: bytes, algorithm: bytes, signature: bytes) -> bytes:
    """Certificate DER from raw parts, without re-encoding anything."""
    return _tlv(0x30, tbs + algorithm + _tlv(0x03, b"\x00" + signature))


def patch_and_resign(cert, issuer: CA, old: bytes, new: bytes) -> bytes:
    """Replace the bytes `old` by `new` (same length) inside the signed part and sign
    again; for encodings asn1crypto would not write itself."""
    assert len(old) == len(new)
    c = ax509.Certificate.load(der(cert))
    tbs = c["tbs_certificate"].dump()
    assert tbs.count(old) == 1, "the bytes to patch must occur once"
    tbs = tbs.replace(old, new)
    h, pad = _scheme(issuer.leaf_scheme)
    return assemble(tbs, c["signature_algorithm"].dump(), issuer.key.sign(tbs, pad, h))


def latin1_policy_text(policy_oid: str, placeholder: str = "OCES politik ABC") -> tuple:
    """(extension for `build(extra=...)`, old bytes, new bytes): a certificatePolicies
    extension whose user-notice text `patch_and_resign` turns into a VisibleString with
    Latin-1 bytes, as in real OCES2 production FOCES certificates."""
    ext = x509.CertificatePolicies(
        [x509.PolicyInformation(x509.ObjectIdentifier(policy_oid), [x509.UserNotice(None, placeholder)])]
    )
    text = placeholder.encode("ascii")
    latin1 = "OCES politik æøå".encode("latin-1")
    assert len(latin1) == len(text)
    return (ext, False), _tlv(0x0C, text), _tlv(0x1A, latin1)


def duplicate_extension(oid_name: str = "certificate_policies"):
    """A `resign` mutation that repeats one extension."""

    def mutate(tbs):
        exts = tbs["extensions"]
        twin = next(e for e in exts if e["extn_id"].native == oid_name)
        exts.append(ax509.Extension.load(twin.dump()))

    return mutate


def set_subject(subject: x509.Name):
    """A `resign` mutation that puts `subject` (RDNs in its own order) in place."""

    def mutate(tbs):
        tbs["subject"] = ax509.Name.load(subject.public_bytes())

    return mutate


def drop_extension(oid_name: str):
    """A `resign` mutation that removes one extension."""

    def mutate(tbs):
        keep = [e for e in tbs["extensions"] if e["extn_id"].native != oid_name]
        tbs["extensions"] = ax509.Extensions(keep)

    return mutate


def set_version(version: str):
    def mutate(tbs):
        tbs["version"] = version

    return mutate


# --- wrappings -----------------------------------------------------------------------


def pem(*certs) -> bytes:
    return b"".join(
        b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der(c)) + b"-----END CERTIFICATE-----\n" for c in certs
    )


def headerless_base64(cert, crlf: bool = False) -> bytes:
    text = base64.encodebytes(der(cert))
    return text.replace(b"\n", b"\r\n") if crlf else text


def with_bag_attributes(cert) -> bytes:
    """PEM as `openssl pkcs12 -nokeys` writes it, with Latin-1 text around it."""
    return (
        (
            "Bag Attributes\n    localKeyID: 01 00 00 00\n    friendlyName: Nøgle æøå\n"
            "subject=/C=DK/O=Prøve // CVR:12345678\nissuer=/C=DK/O=TRUST2408\n"
        ).encode("latin-1")
        + pem(cert)
        + "trailing text ÆØÅ\n".encode("latin-1")
    )


def _crypto_cert(cert) -> x509.Certificate:
    return cert if isinstance(cert, x509.Certificate) else x509.load_der_x509_certificate(der(cert))


def pkcs7_bundle(*certs, encoding: str = "der") -> bytes:
    enc = serialization.Encoding.DER if encoding == "der" else serialization.Encoding.PEM
    return pkcs7.serialize_certificates([_crypto_cert(c) for c in certs], enc)


def pkcs12_file(key, cert, *, password: bytes, cas=(), legacy: bool = False) -> bytes:
    if legacy:
        encryption = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(2048)
            .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
            .hmac_hash(hashes.SHA1())
            .build(password)
        )
    else:
        encryption = serialization.BestAvailableEncryption(password)
    return pkcs12.serialize_key_and_certificates(
        b"synthetic", key, _crypto_cert(cert), [_crypto_cert(c) for c in cas] or None, encryption
    )


def private_key_pem(key, traditional: bool = False) -> bytes:
    fmt = serialization.PrivateFormat.TraditionalOpenSSL if traditional else serialization.PrivateFormat.PKCS8
    return key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())


def private_key_der(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def csr(key, subject: x509.Name, encoding: str = "pem") -> bytes:
    req = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    return req.public_bytes(serialization.Encoding.PEM if encoding == "pem" else serialization.Encoding.DER)


# --- the PKI -------------------------------------------------------------------------


@dataclass
class Leaf:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    issuer: CA

    @property
    def der(self) -> bytes:
        return der(self.cert)

    @property
    def pem(self) -> bytes:
        return pem(self.cert)


@dataclass
class PKI:
    """Test and production roots of each generation, with issuing CAs whose pin ids are
    those of checks/data/trust.toml (so the acceptance policy applies to them)."""

    cas: dict[str, CA] = field(default_factory=dict)

    @classmethod
    def create(cls) -> PKI:
        p = cls()
        add = p._add
        # OCES2 test: root VII Primary, listed issuing CAs XIX and VIII, unlisted XXII.
        add(
            make_root(
                "oces2-test-root",
                oces2_ca_name("TRUST2408 Systemtest VII Primary CA"),
                generation="oces2",
                environment="test",
                scheme="pkcs1-sha256",
                leaf_scheme="pkcs1-sha256",
            )
        )
        for id, cn in (
            ("oces2-test-ca-xix", "TRUST2408 Systemtest XIX CA"),
            ("oces2-test-ca-viii", "TRUST2408 Systemtest VIII CA"),
            ("oces2-test-ca-xxii", "TRUST2408 Systemtest XXII CA"),
        ):
            add(make_sub(id, oces2_ca_name(cn), p.cas["oces2-test-root"]))
        # OCES2 production.
        add(
            make_root(
                "oces2-prod-root",
                oces2_ca_name("TRUST2408 OCES Primary CA"),
                generation="oces2",
                environment="prod",
                scheme="pkcs1-sha256",
                leaf_scheme="pkcs1-sha256",
            )
        )
        add(make_sub("oces2-prod-ca-iv", oces2_ca_name("TRUST2408 OCES CA IV"), p.cas["oces2-prod-root"]))
        # OCES3: same CNs in test and production, test with OU=Test - cti.
        for env in ("test", "prod"):
            test = env == "test"
            root = add(
                make_root(
                    f"oces3-{env}-root",
                    oces3_ca_name("Den Danske Stat OCES rod-CA", test),
                    generation="oces3",
                    environment=env,
                    scheme="pss-sha512",
                    leaf_scheme="pss-sha256",
                )
            )
            add(
                make_sub(
                    f"oces3-{env}-ca-1",
                    oces3_ca_name("Den Danske Stat OCES udstedende-CA 1", test),
                    root,
                    path_length=0,
                )
            )
        return p

    def _add(self, ca: CA) -> CA:
        self.cas[ca.id] = ca
        return ca

    def __getitem__(self, id: str) -> CA:
        return self.cas[id]

    def _ca(self, issuer: str | CA) -> CA:
        return issuer if isinstance(issuer, CA) else self.cas[issuer]

    def sub(self, id: str, parent: str | CA, cn: str, **kw) -> CA:
        """An extra CA under `parent` (not added to this PKI's trust entries), named in
        the parent's style; knobs as in `build` (ca, path_length, key_usage,
        critical_unknown, not_before, not_after)."""
        parent = self._ca(parent)
        subject = oces3_ca_name(cn, parent.environment == "test") if parent.generation == "oces3" else oces2_ca_name(cn)
        return make_sub(id, subject, parent, **kw)

    def entries(self, *, extra=(), without=()) -> list[dict]:
        return [ca.entry() for id, ca in self.cas.items() if id not in without] + [
            e.entry() if isinstance(e, CA) else e for e in extra
        ]

    def trust(self, **kw):
        from checks import TrustStore

        return TrustStore.from_entries(self.entries(**kw))

    # -- leaves --

    def oces2(
        self,
        kind: str = "function",
        *,
        issuer: str | CA = "oces2-test-ca-xix",
        cvr: str = "12345678",
        ident: str | None = None,
        cn: str | None = None,
        org: str = "Syntetisk Leverandør A/S",
        cvr_in_o: str | None = None,
        not_before: str = "2019-01-01",
        not_after: str = "2022-01-01",
        policy_version: int = 2,
        policies: tuple[str, ...] | None = None,
        key_label: str = "leaf-oces2",
        **kw,
    ) -> Leaf:
        ca = self._ca(issuer)
        ident = (
            ident
            or {
                "function": "94731315",
                "business": "1234567890123",
                "employee": "55443322",
                "person": "9208-2002-2-123456789012",
            }[kind]
        )
        cn = (
            cn
            or {
                "function": "Syntetisk system (funktionscertifikat)",
                "business": "Syntetisk Leverandør A/S - VOCES",
                "employee": "Anne Andersen",
                "person": "Bent Bentsen",
            }[kind]
        )
        if policies is None:
            template = OCES2_TEST_POLICY if ca.environment == "test" else OCES2_PROD_POLICY
            policies = (template.format(n=OCES2_KIND_NUMBER[kind], v=policy_version),)
        key = rsa_key(key_label)
        subject = oces2_subject(kind, cvr=cvr, ident=ident, cn=cn, org=org, cvr_in_o=cvr_in_o)
        cert = build(
            subject,
            key.public_key(),
            ca.name,
            ca.key,
            scheme=ca.leaf_scheme,
            not_before=d(not_before),
            not_after=d(not_after),
            ca=kw.pop("ca", False),
            policies=policies,
            **kw,
        )
        return Leaf(cert, key, ca)

    def oces3(
        self,
        kind: str = "organisation",
        *,
        env: str = "test",
        issuer: str | CA | None = None,
        cvr: str = "98765432",
        uuid: str = "3f0c6a1e-5b7d-4c2a-9e8f-0123456789ab",
        cn: str = "SYNTETISK_SYSTEM_1",
        org: str = "Syntetisk Testorganisation",
        not_before: str = "2024-01-01",
        not_after: str = "2027-01-01",
        policies: tuple[str, ...] = OCES3_POLICIES,
        key_label: str = "leaf-oces3",
        **kw,
    ) -> Leaf:
        ca = self._ca(issuer or f"oces3-{env}-ca-1")
        key = rsa_key(key_label)
        subject = oces3_subject(kind, cvr=cvr, uuid=uuid, cn=cn, org=org)
        cert = build(
            subject,
            key.public_key(),
            ca.name,
            ca.key,
            scheme=ca.leaf_scheme,
            not_before=d(not_before),
            not_after=d(not_after),
            ca=kw.pop("ca", False),
            policies=policies,
            **kw,
        )
        return Leaf(cert, key, ca)

    def plain(
        self,
        *,
        issuer: str | CA | None = None,
        cn: str = "www.example.com",
        not_before: str = "2019-01-01",
        not_after: str = "2030-01-01",
    ) -> Leaf:
        """A non-OCES certificate: no OCES subject, no OCES policy. Self-signed unless
        `issuer` names one of the CAs here."""
        key = rsa_key("leaf-plain")
        subject = name(
            (NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example Inc"), (NameOID.COMMON_NAME, cn)
        )
        if issuer:
            ca = self._ca(issuer)
            cert = build(
                subject,
                key.public_key(),
                ca.name,
                ca.key,
                scheme=ca.leaf_scheme,
                not_before=d(not_before),
                not_after=d(not_after),
                ca=False,
            )
            return Leaf(cert, key, ca)
        cert = build(
            subject,
            key.public_key(),
            subject,
            key,
            scheme="pkcs1-sha256",
            not_before=d(not_before),
            not_after=d(not_after),
            ca=False,
        )
        return Leaf(cert, key, None)  # type: ignore[arg-type]

    def spoofed(self, copy: str = "oces2-test-ca-xix", copy_key_ids: bool = False) -> tuple[CA, CA]:
        """A self-made root and issuing CA that copy the names of the real ones
        (`copy` and its root) with keys of their own; with `copy_key_ids` they copy the
        real subject/authority key identifiers too. Returns (fake root, fake issuer)."""
        real = self.cas[copy]
        real_root = self.cas[f"{real.generation}-{real.environment}-root"]
        ids = {}
        if copy_key_ids:
            ids = dict(ski=ski_of(real_root), aki=ski_of(real_root))
        fake_root = make_root(
            f"fake-{real_root.id}",
            real_root.name,
            generation=None,
            environment=None,
            scheme=real_root.ca_scheme,
            leaf_scheme=real_root.leaf_scheme,
            key_label=f"fake-{real_root.id}",
            **ids,
        )
        if copy_key_ids:
            ids = dict(ski=ski_of(real), aki=ski_of(real_root))
        fake = make_sub(
            f"fake-{copy}", real.name, fake_root, key_label=f"fake-{copy}", leaf_scheme=real.leaf_scheme, **ids
        )
        return fake_root, fake


def ski_of(ca: CA | x509.Certificate) -> bytes:
    cert = ca.cert if isinstance(ca, CA) else ca
    return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest


def same_name_loop(p: PKI, k: int, cn: str = "Sløjfe CA") -> tuple[Leaf, list[x509.Certificate]]:
    """k CA certificates with one name and one key (serials differ), so each verifies as
    the issuer of every other: a complete graph with no way out to a root; and a leaf
    issued under that name. Returns (leaf, the CA certificates)."""
    key = rsa_key(f"loop-{cn}")
    subject = oces3_ca_name(cn, True)
    certs = [
        build(
            subject,
            key.public_key(),
            subject,
            key,
            scheme="pss-sha512",
            not_before=d("2020-01-01"),
            not_after=d("2035-01-01"),
            ca=True,
        )
        for _ in range(k)
    ]
    loop = CA("loop", certs[0], key, "oces3", "test", "issuing", "pss-sha256", "pss-sha512")
    return p.oces3(issuer=loop), certs


def hashlib_sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def random_uuid() -> str:
    return str(uuidlib.uuid4())


# --- hostile shapes (support/hostile_certificates.py) -------------------------------


def spki_of(private_key) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def set_spki(spki_der: bytes):
    """Mutator: the subject public key as the SubjectPublicKeyInfo `spki_der`."""

    def mutate(tbs):
        from asn1crypto import keys

        tbs["subject_public_key_info"] = keys.PublicKeyInfo.load(spki_der)

    return mutate


def explicit_p256_spki() -> bytes:
    """A P-256 public key whose curve is given by explicit parameters instead of its name
    (RFC 5480 forbids this in certificates; some old software still writes it)."""
    from asn1crypto import keys

    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    p = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
    a = p - 3
    b = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
    gx = 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296
    gy = 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    domain = keys.SpecifiedECDomain(
        {
            "version": "ecdpVer1",
            "field_id": {"field_type": "prime_field", "parameters": p},
            "curve": {"a": a.to_bytes(32, "big"), "b": b.to_bytes(32, "big")},
            "base": b"\x04" + gx.to_bytes(32, "big") + gy.to_bytes(32, "big"),
            "order": n,
            "cofactor": 1,
        }
    )
    return keys.PublicKeyInfo(
        {
            "algorithm": {"algorithm": "ec", "parameters": keys.ECDomainParameters(name="specified", value=domain)},
            "public_key": point,
        }
    ).dump()


def long_name(parts: int, value: str = "Afdeling") -> x509.Name:
    """A name of `parts` RDNs (OU=<value> <i>): the issuer of tens of thousands of parts."""
    return x509.Name(
        [
            x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{value} {i}")])
            for i in range(parts)
        ]
    )


def unknown_algorithm(dotted: str) -> dict:
    """An AlgorithmIdentifier nobody knows, for `with_raw_algorithm`."""
    return {"algorithm": dotted, "parameters": None}


def with_raw_algorithm(cert, algorithm: dict, signature: bytes = b"\x00" * 64) -> bytes:
    """The certificate with `algorithm` inside and outside and a signature that is only bytes."""
    c = ax509.Certificate.load(der(cert))
    tbs = c["tbs_certificate"]
    tbs["signature"] = algorithm
    body = tbs.dump(force=True)
    return ax509.Certificate(
        {
            "tbs_certificate": ax509.TbsCertificate.load(body),
            "signature_algorithm": algorithm,
            "signature_value": signature,
        }
    ).dump(force=True)
