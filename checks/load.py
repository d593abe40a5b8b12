"""Bytes in any wrapping a supplier may have → the certificates in it, or a finding why not.

Reads PEM (checks/pem.py: any number of blocks, text around them, indented, quoted, on one
line or with escaped line breaks), DER, base64 without BEGIN/END lines, PKCS#7 bundles,
XML/SAML metadata and JSON (JWK `x5c`; checks/embedded.py) and PKCS#12: its structure is
read without a password (checks/pfx.py) and its unencrypted certificate bags are used;
encrypted ones only when the caller passes an opener (a password and ciphers: the CLI's
`cryptography`, the browser's pure-Python ones).
Private keys, CSRs and CRLs are recognised and refused. Whatever the container, the leaf
is chosen the same way (`order_leaf_first`). `load` never raises.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from asn1crypto import cms, parser, x509

from checks import embedded, pem, pfx, shape
from checks.catalogue import (
    Finding,
    Phrase,
    Size,
    format_size,  # noqa: F401  (defined here before: tests import it from here)
)
from checks.contract import Pkcs12Facts
from checks.pfx import PKCS12PasswordNeeded, PKCS12Unsupported, PKCS12WrongPassword  # noqa: F401  (openers raise them)

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "input.empty",
    "input.too-large",
    "input.unrecognised",
    "input.web-page",
    "input.private-key",
    "input.csr",
    "input.public-key",
    "input.jks",
    "input.crl",
    "input.wrapping",
    "input.not-der",
    "input.pkcs12-truncated",
    "input.nested-too-deep",
    "cert.malformed",
)

MAX_BYTES = 1024 * 1024
# Certificates fully parsed from one input, leaf first: a supplier's file holds the leaf and
# a few CAs. A full parse costs milliseconds each, so a 1 MiB bundle of hundreds would take
# seconds; the leaf is chosen from all of them first (a light parse), the rest are dropped.
MAX_CERTIFICATES = 20
MAX_CANDIDATES = pem.MAX_BLOCKS

PKCS12Opener = pfx.Opener  # a password (asked for when needed) and the ciphers

_CERT_LABELS = {"CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"}
_CSR_LABELS = {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"}
_PKCS7_LABELS = {"PKCS7", "CMS", "PKCS #7 SIGNED DATA"}
_PUBLIC_KEY_LABELS = {"PUBLIC KEY", "RSA PUBLIC KEY", "EC PUBLIC KEY"}
# A Java KeyStore (JKS) and its JCEKS variant begin with these four bytes.
_JKS_MAGIC = (b"\xfe\xed\xfe\xed", b"\xce\xce\xce\xce")
_HEX_TEXT = b"0123456789abcdefABCDEF: \t\r\n"
_BASE64_TEXT = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n"


class Truncated(bytes):
    """Input cut off at MAX_BYTES + 1 by a bounded reader; `total` is the full size when
    known (a regular file), None when not (a pipe, /dev/zero)."""

    total: int | None = None

    def __new__(cls, data: bytes, total: int | None = None):
        obj = super().__new__(cls, data)
        obj.total = total
        return obj


@dataclass
class Loaded:
    format: str | None  # pem | der | base64 | pkcs7 | pkcs12 | xml | jwk | None
    certificates: list[x509.Certificate] = field(default_factory=list)  # leaf first
    findings: list[Finding] = field(default_factory=list)
    ders: list[bytes] = field(default_factory=list)  # each certificate's bytes as given (for its sha256)
    pkcs12: Pkcs12Facts | None = None  # for PKCS#12 input: the report's input.pkcs12 (pfx.Structure.summary)


@dataclass
class _Cert:
    cert: x509.Certificate
    given: bytes  # the encoding as given, which may be BER


def load(data: bytes, open_pkcs12: PKCS12Opener | None = None) -> Loaded:
    try:
        return _finish(_load(data, open_pkcs12))
    except Exception:  # a last guard: every input gets a report, never a traceback
        return Loaded(None, findings=[Finding("input.unrecognised")])


def _load(data: bytes, open_pkcs12) -> Loaded:
    if len(data) > MAX_BYTES:
        return Loaded(None, findings=[too_large(getattr(data, "total", None) or len(data))])
    data = _text_as_utf8(bytes(data))
    if not data.strip():
        return Loaded(None, findings=[Finding("input.empty")])
    if data[:4] in _JKS_MAGIC:
        return Loaded("jks", findings=[Finding("input.jks")])
    if _is_whole_der(data):
        # The input is one DER structure (a certificate, PKCS#7, PKCS#12, key, …): it is
        # judged as itself. Text inside it (a PEM block or <X509Certificate> in an
        # extension) is part of the container, never read as the input.
        return _as_der(data, open_pkcs12)
    if b"PRIVATE KEY-----" in data and any("PRIVATE KEY" in b.label for b in pem.blocks(data)):
        # A private key anywhere in a text (beside a certificate, in XML, in a JSON string):
        # the file must not be passed on, whatever else it holds.
        return Loaded("pem", findings=[Finding("input.private-key")])
    # Each wrapping that the input looks like, most specific first; the first that yields a
    # certificate (or a private key) wins, else what the first one said.
    tried = []
    for attempt in (_as_json, _as_xml, _as_pem, _as_der):
        result = attempt(data, open_pkcs12)
        if result is None:
            continue
        if result.certificates or any(f.code == "input.private-key" for f in result.findings):
            return result
        tried.append(result)
    if _is_html(data) and tried[0].findings and tried[0].findings[0].code == "input.unrecognised":
        return Loaded(None, findings=[Finding("input.web-page")])
    return tried[0]


def _is_html(data: bytes) -> bool:
    """A web page saved instead of the certificate (a login or download page): its start says so."""
    start = data.lstrip()[:1024].lower()
    return b"<!doctype html" in start or b"<html" in start


def _is_whole_der(data: bytes) -> bool:
    """Whether `data` is one DER structure of a known kind, with at most whitespace after it."""
    if data[:1] != b"\x30":
        return False
    first = _first_element(data)
    return not data[len(first) :].strip() and _sniff(first) is not None


def _as_json(data: bytes, open_pkcs12) -> Loaded | None:
    if not embedded.looks_like_json(data):
        return None
    if embedded.json_too_deep(data):  # refused before the parser recurses (embedded.MAX_JSON_DEPTH)
        return Loaded(None, findings=[Finding("input.nested-too-deep", {"limit": embedded.MAX_JSON_DEPTH})])
    found = embedded.json_certificates(data)
    return None if found is None else _from_json(found, open_pkcs12)


def _as_xml(data: bytes, open_pkcs12) -> Loaded | None:
    ders = _distinct(embedded.xml_certificates(data)) if embedded.looks_like_xml(data) else []
    if not ders:
        return None
    return _merge([_from_der(d, "xml", open_pkcs12) if d else _malformed("bad-base64", "xml") for d in ders], "xml")


def _as_pem(data: bytes, open_pkcs12) -> Loaded | None:
    return _from_pem(data, open_pkcs12) if pem.has_marker(data) else None


def _as_der(data: bytes, open_pkcs12) -> Loaded:
    """DER, base64 without BEGIN/END lines, or a hex dump of DER."""
    loaded = _from_der(data, "der", open_pkcs12)
    if loaded.format is None and not data.translate(None, _HEX_TEXT):  # only hex digits, colons, whitespace
        hexed = _from_hex(data, open_pkcs12)
        if hexed is not None:
            return hexed
    if loaded.format is None and not data.translate(None, _BASE64_TEXT):  # only base64 and whitespace
        try:
            der = base64.b64decode(b"".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            return loaded
        decoded = _from_der(der, "base64", open_pkcs12)
        if decoded.format is not None or decoded.findings[0].code != "input.unrecognised":
            return decoded
    return loaded


def _from_hex(data: bytes, open_pkcs12) -> Loaded | None:
    """A hex dump (`30 82 05 …`, `30:82:05:…`, one long line), as tools and logs print
    certificates; None when it is no hex of a known structure."""
    try:
        der = bytes.fromhex(b"".join(data.replace(b":", b" ").split()).decode("ascii"))
    except ValueError:
        return None
    decoded = _from_der(der, "hex", open_pkcs12)
    if decoded.format is None and decoded.findings[0].code == "input.unrecognised":
        return None
    if decoded.certificates:
        decoded.findings.append(_wrapping_finding("hex"))
    return decoded


def too_large(size: int | None) -> Finding:
    """input.too-large with the size, written in the reader's language when rendered."""
    return Finding("input.too-large", {"size": Size(size)})


def _text_as_utf8(data: bytes) -> bytes:
    """Text saved by Windows tools: UTF-16 with a byte order mark, or UTF-8 with one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data.removeprefix(b"\xef\xbb\xbf")


# --- text containers --------------------------------------------------------------------


def _from_pem(data: bytes, open_pkcs12) -> Loaded:
    blocks = pem.blocks(data)
    if any("PRIVATE KEY" in b.label for b in blocks):  # PKCS#8, PKCS#1, SEC1, OpenSSH, PGP
        return Loaded("pem", findings=[Finding("input.private-key")])
    parts: list[Loaded] = []
    seen: set[bytes] = set()
    for block in blocks:
        if block.der is not None and (block.der in seen or len(seen) >= MAX_CANDIDATES):
            continue
        if block.der is not None:
            seen.add(block.der)
        known = block.label in _CERT_LABELS or block.label in _PKCS7_LABELS
        if block.label in _CSR_LABELS:
            parts.append(Loaded("pem", findings=[Finding("input.csr")]))
        elif block.label in _PUBLIC_KEY_LABELS:
            parts.append(Loaded("pem", findings=[Finding("input.public-key")]))
        elif block.der is None:
            if known:
                parts.append(_malformed(block.problem or "structure", "pem"))
        elif known or block.label == "X509 CRL":
            der = _first_element(block.der) if block.label == "TRUSTED CERTIFICATE" else block.der
            # The structure decides, not the label: a .p7b is often saved under CERTIFICATE.
            part = _from_der(der, "pem", open_pkcs12)
            if block.label in _CERT_LABELS and part.format is None:  # no known structure at all
                part = _malformed(_reason(der), "pem")
            if part.certificates and block.wrapping:
                part.findings.append(_wrapping_finding(block.wrapping, block.prefix))
            parts.append(part)
    if not parts:
        return Loaded(None, findings=[Finding("input.unrecognised")])
    return _merge(parts, "pem")


def _from_json(found: embedded.JsonFound, open_pkcs12) -> Loaded:
    if found.private_key:
        return Loaded("jwk", findings=[Finding("input.private-key")])
    parts = [_from_der(d, "jwk", open_pkcs12) if d else _malformed("bad-base64", "jwk") for d in _distinct(found.x5c)]
    for text in found.pem_texts[:MAX_CANDIDATES]:
        part = _from_pem(text, open_pkcs12)
        if part.certificates:
            part.findings.append(_wrapping_finding("json"))
        parts.append(part)
    if not parts:
        return Loaded(None, findings=[Finding("input.unrecognised")])
    return _merge(parts, "jwk" if found.x5c else "pem")


def _wrapping_finding(wrapping: str, prefix: str = "") -> Finding:
    return Finding("input.wrapping", {"wrapping": Phrase("input.wrapping", wrapping, (("prefix", f"“{prefix}”"),))})


def _merge(parts: list[Loaded], fmt: str) -> Loaded:
    """One result from several blocks or elements: the certificates of all of them, or,
    when there are none, what the first one that is not a certificate says."""
    if any(f.code == "input.private-key" for p in parts for f in p.findings):
        return Loaded(fmt, findings=[Finding("input.private-key")])
    with_certs = [p for p in parts if p.certificates]
    if not with_certs:
        findings: list[Finding] = []
        for f in (f for p in parts for f in p.findings):
            if f not in findings:
                findings.append(f)
        malformed = [f for f in findings if f.code == "cert.malformed"]
        return Loaded(fmt if parts[0].format else None, findings=malformed or findings[:1])
    pairs = [_Cert(c, d) for p in with_certs for c, d in zip(p.certificates, p.ders)]
    notes: list[Finding] = []
    for f in (f for p in with_certs for f in p.findings):
        if f not in notes:
            notes.append(f)
    formats = {p.format for p in with_certs}
    out_format = formats.pop() if len(formats) == 1 and fmt == "pem" else fmt
    return _loaded(out_format, pairs, notes)


# --- DER structures ---------------------------------------------------------------------


def _first_element(der: bytes) -> bytes:
    try:
        return der[: parser.peek(der)]
    except (ValueError, TypeError):
        return der


def _from_der(der: bytes, fmt: str, open_pkcs12) -> Loaded:
    first = _first_element(der)
    if not der[len(first) :].strip():
        der = first  # a line break after DER, as some tools write it
    kind = _sniff(der)
    if kind == "certificate":
        cert, problem, notes = _parse(der)
        if cert is None:
            return Loaded(fmt, findings=[problem] if problem else [])
        return _loaded(fmt, [_Cert(cert, der)], notes)
    if kind == "pkcs7":
        return _from_pkcs7(der)
    if kind == "pkcs12":
        return _from_pkcs12(der, open_pkcs12)
    if kind in ("private-key", "encrypted-private-key"):
        return Loaded(fmt, findings=[Finding("input.private-key")])
    if kind == "csr":
        return Loaded(fmt, findings=[Finding("input.csr")])
    if kind == "public-key":
        return Loaded(fmt, findings=[Finding("input.public-key")])
    if kind == "crl":
        return Loaded(fmt, findings=[Finding("input.crl")])
    if pfx.looks_truncated(der):
        return Loaded("pkcs12", findings=[Finding("input.pkcs12-truncated")])
    if fmt in ("der", "base64") and _starts_like_certificate(der) and _reason(der) == "truncated":
        return _malformed("truncated", fmt)  # the start of a certificate, cut short
    return Loaded(None, findings=[Finding("input.unrecognised")])


def _starts_like_certificate(der: bytes) -> bool:
    """SEQUENCE (long length) holding a SEQUENCE (long length): a certificate's first bytes;
    a PFX or a key has an INTEGER there."""
    return der[:2] in (b"\x30\x82", b"\x30\x83") and der[4:6] in (b"\x30\x82", b"\x30\x83", b"\x30\x81")


def _children(der: bytes) -> list[tuple] | None:
    """The elements inside an outer SEQUENCE, as asn1crypto.parser tuples
    (class, method, tag, header, contents, trailer); None when `der` is no SEQUENCE."""
    try:
        class_, method, tag, _, contents, _ = parser.parse(der)
        if (class_, method, tag) != (0, 1, 16):
            return None
        children = []
        while contents:
            length = parser.peek(contents)
            children.append(parser.parse(contents[:length]))
            contents = contents[length:]
        return children
    except (ValueError, TypeError):
        return None


def _sniff(der: bytes) -> str | None:
    """Which structure `der` holds, judged by its outer shape, before a full parse."""
    children = _children(der)
    if not children:
        return None
    first_class, _, first_tag = children[0][:3]
    if len(children) == 3 and first_tag == 16 and children[2][2] == 3:
        # Certificate, CSR and CRL share a shape: SEQUENCE { info, algorithm, BIT STRING }.
        # A CSR's info holds four elements, the last one [0] attributes; a CRL's info has
        # its times at the top level (a certificate's sit inside Validity).
        info = _children(children[0][3] + children[0][4]) or []
        if len(info) == 4 and info[0][2] == 2 and info[3][:3] == (2, 1, 0):
            return "csr"
        if any(child[0] == 0 and child[2] in (23, 24) for child in info):
            return "crl"
        return "certificate"
    if first_class == 0 and first_tag == 6:  # OBJECT IDENTIFIER: a ContentInfo
        return "pkcs7"
    if first_class == 0 and first_tag == 2:  # INTEGER: PFX (version 3) or a private key
        version = children[0][4]
        if version == b"\x03" and len(children) >= 2 and children[1][2] == 16:
            return "pkcs12"
        if version in (b"\x00", b"\x01"):
            return "private-key"
    if len(children) == 2 and first_tag == 16 and children[1][:3] == (0, 0, 3):
        # SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier, BIT STRING }
        algorithm = _children(children[0][3] + children[0][4]) or []
        if algorithm and algorithm[0][:3] == (0, 0, 6):
            return "public-key"
    if len(children) == 2 and first_tag == 16 and children[1][:3] == (0, 0, 4):
        # EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }
        algorithm = _children(children[0][3] + children[0][4]) or []
        if algorithm and algorithm[0][:3] == (0, 0, 6):
            return "encrypted-private-key"
    return None


def parse_certificate(der: bytes) -> tuple[x509.Certificate | None, Finding | None]:
    cert, problem, _ = _parse(der)
    if cert is not None:
        problem = _oversized(der) or _incomplete(cert, der)
    return (cert, None) if problem is None else (None, problem)


def _parse(der: bytes) -> tuple[x509.Certificate | None, Finding | None, list[Finding]]:
    """The certificate, parsed lightly (its outer shape), or the reason it cannot be read;
    and notes (input.not-der). `_incomplete` parses the rest."""
    notes = []
    canonical = _canonical_outer(der)
    if canonical != der:
        notes.append(Finding("input.not-der"))
    try:
        cert = x509.Certificate.load(canonical, strict=True)
        cert["tbs_certificate"]["subject"]  # the parts leaf selection reads
        return cert, None, notes
    except Exception:  # asn1crypto raises many kinds on damaged input
        return None, _malformed_finding(_reason(der)), []


def _incomplete(cert: x509.Certificate, given: bytes) -> Finding | None:
    """Parse everything now: a damaged certificate fails here, not later in the checks."""
    try:
        _ = cert.native
        return None
    except Exception:  # asn1crypto raises many kinds on damaged input
        return _malformed_finding(_reason(given))


def _oversized(given: bytes, whole: bool = True) -> Finding | None:
    """A certificate of a shape no real one has, refused before anything parses it part by
    part (tens of thousands of name parts or extensions take seconds); whole=False looks
    only at what choosing the leaf reads (checks/shape.py)."""
    reason = shape.problem(given, whole)
    return None if reason is None else _malformed_finding(reason)


def _canonical_outer(der: bytes) -> bytes:
    """`der` with the outer SEQUENCE, algorithm and signature headers in minimal DER.

    BER there (a long-form or indefinite length) changes nothing that is signed; the
    signed tbsCertificate is kept byte for byte, so its signature still verifies."""
    try:
        class_, method, tag, header, contents, trailer = parser.parse(der, strict=True)
        children = _children(der)
        if not children or len(children) != 3:
            return der
        tbs, algorithm, signature = children
        if (
            header == _minimal_header(class_, method, tag, contents)
            and not trailer
            and all(c[3] == _minimal_header(c[0], c[1], c[2], c[4]) and not c[5] for c in (algorithm, signature))
        ):
            return der
        body = (
            tbs[3]
            + tbs[4]
            + tbs[5]
            + parser.emit(*algorithm[:3], algorithm[4])
            + parser.emit(*signature[:3], signature[4])
        )
        return parser.emit(class_, method, tag, body)
    except (ValueError, TypeError):
        return der


def _minimal_header(class_: int, method: int, tag: int, contents: bytes) -> bytes:
    return parser.emit(class_, method, tag, contents)[: -len(contents) or None]


def _reason(der: bytes) -> str:
    if der[:1] != b"\x30":  # not even a SEQUENCE, as every certificate is
        return "structure"
    try:
        length = parser.peek(der)
    except (ValueError, TypeError):
        return "truncated"
    if length < len(der) and der[length:].strip():
        return "trailing-data"
    return "structure"


def _malformed_finding(reason: str) -> Finding:
    return Finding("cert.malformed", {"reason": Phrase("input.malformed", reason)})


def _malformed(reason: str, fmt: str) -> Loaded:
    return Loaded(fmt, findings=[_malformed_finding(reason)])


def _from_pkcs7(der: bytes) -> Loaded:
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            return Loaded(None, findings=[Finding("input.unrecognised")])
        given = [choice.chosen.dump() for choice in info["content"]["certificates"] if choice.name == "certificate"]
    except Exception:  # asn1crypto raises many kinds on damaged input
        return Loaded(None, findings=[Finding("input.unrecognised")])
    pairs = [_Cert(c, d) for c, d in ((_parse(d)[0], d) for d in _distinct(given)) if c is not None]
    if not pairs:
        return Loaded("pkcs7", findings=[Finding("input.unrecognised")])
    return _loaded("pkcs7", pairs, [])


def _from_pkcs12(der: bytes, open_pkcs12) -> Loaded:
    """checks/pfx.py reads it (and opens its certificate part with a password): the file's
    own certificate first, or the finding why there is none."""
    structure, ders, findings = pfx.load_certificates(der, open_pkcs12)
    summary = structure.summary() if structure is not None else None
    pairs = [_Cert(c, d) for c, d in ((_parse(d)[0], d) for d in _distinct(ders)) if c is not None]
    if structure is None:
        fmt = "pkcs12" if findings[0].code == "input.pkcs12-truncated" else None
        return Loaded(fmt, findings=findings)
    if pairs:
        loaded = _loaded("pkcs12", pairs, findings)
        loaded.pkcs12 = summary
        return loaded
    return Loaded("pkcs12", findings=findings, pkcs12=summary)


def is_pkcs12(data: bytes) -> bool:
    """Whether `data` is a PKCS#12 file, as DER or as base64 text (the CLI gives each one its
    own password line)."""
    try:
        if len(data) > MAX_BYTES:
            return False
        data = bytes(data)
        if _sniff(_first_element(data)) == "pkcs12":
            return True
        if data.strip() and not data.translate(None, _BASE64_TEXT):
            der = base64.b64decode(b"".join(data.split()), validate=True)
            return _sniff(_first_element(der)) == "pkcs12"
        return False
    except Exception:  # never let a guess fail a report
        return False


def _distinct(ders: list[bytes]) -> list[bytes]:
    """The first MAX_CANDIDATES different encodings, in order (b"" entries kept: they
    stand for an element that did not decode)."""
    out, seen = [], set()
    for der in ders:
        if der and der in seen:
            continue
        seen.add(der)
        out.append(der)
        if len(seen) >= MAX_CANDIDATES:
            break
    return out


def _loaded(fmt: str | None, pairs: list[_Cert], notes: list[Finding]) -> Loaded:
    """Certificates parsed lightly, in their order; `_finish` chooses and completes them."""
    return Loaded(fmt, [p.cert for p in pairs], list(notes), [p.given for p in pairs])


def _finish(loaded: Loaded) -> Loaded:
    """Leaf first, each fully parsed, at most MAX_CERTIFICATES; a damaged or oversized one is
    left out (cert.malformed when none is left). The names and extensions are counted before
    the leaf is chosen, as choosing reads them; the whole shape only for those kept."""
    if not loaded.certificates:
        return loaded
    shaped, problem = [], None
    for pair in (_Cert(c, d) for c, d in zip(loaded.certificates, loaded.ders)):
        refused = _oversized(pair.given, whole=False)
        if refused is None:
            shaped.append(pair)
        problem = problem or refused
    kept: list[_Cert] = []
    for pair in order_leaf_first(shaped):
        if len(kept) >= MAX_CERTIFICATES:
            break
        damaged = _oversized(pair.given) or _incomplete(pair.cert, pair.given)
        if damaged is None:
            kept.append(pair)
        problem = problem or damaged
    if not kept:
        return Loaded(loaded.format, findings=[problem] if problem else [], pkcs12=loaded.pkcs12)
    return Loaded(loaded.format, [p.cert for p in kept], loaded.findings, [p.given for p in kept], loaded.pkcs12)


def order_leaf_first(items: list) -> list:
    """The end-entity certificate first: one that issued none of the others, preferring a
    non-CA; the others in their order. Takes certificates or _Cert pairs."""
    certs = [i.cert if isinstance(i, _Cert) else i for i in items]
    names = [_names(c) for c in certs]
    issuers = {issuer for subject, issuer, _ in names if subject != issuer}

    def rank(index: int):
        subject, _, is_ca = names[index]
        return (subject in issuers, is_ca, index)

    return [items[i] for i in sorted(range(len(items)), key=rank)]


def _names(cert: x509.Certificate) -> tuple[bytes, bytes, bool]:
    """(subject, issuer, is a CA) as leaf selection needs them; a damaged part counts as unknown."""
    try:
        tbs = cert["tbs_certificate"]
        subject, issuer = tbs["subject"].dump(), tbs["issuer"].dump()
    except Exception:  # asn1crypto raises many kinds on damaged input
        return b"?", b"?", True
    try:
        # Only basicConstraints is parsed (cert.ca would parse every extension: slow for hundreds).
        is_ca = any(
            bool(ext["extn_value"].parsed["ca"].native)
            for ext in tbs["extensions"]
            if ext["extn_id"].dotted == "2.5.29.19"
        )
    except Exception:  # a damaged extension: rank it after readable certificates
        is_ca = True
    return subject, issuer, is_ca
