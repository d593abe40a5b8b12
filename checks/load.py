"""Bytes in any wrapping a supplier may have → the certificates in it, or a finding why not.

Handles PEM (one or many blocks, text around them, any line endings), DER, base64
without BEGIN/END lines, PKCS#7 bundles (DER or PEM) and PKCS#12, which is opened only
when the caller passes an opener (the CLI's, with `cryptography`); the core never needs
a PKCS#12 password itself. Private keys and CSRs are recognised and refused.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Callable

from asn1crypto import cms, parser, pem, pkcs12, x509

from checks.catalogue import Finding

MAX_BYTES = 1024 * 1024

PKCS12Opener = Callable[[bytes], list[bytes]]  # DER certificates, leaf first; raises ValueError on a wrong password

_CERT_LABELS = {"CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"}
_CSR_LABELS = {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"}
_PKCS7_LABELS = {"PKCS7", "CMS"}
_BASE64 = re.compile(rb"^[A-Za-z0-9+/=\s]+$")
# A block from its BEGIN line to the matching END line; text around and between is ignored.
_PEM_BLOCK = re.compile(rb"-----BEGIN (?P<label>[A-Z0-9 #/-]+)-----.*?-----END (?P=label)-----", re.S)
_PEM_KEY = re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")


class PKCS12PasswordNeeded(Exception):
    """Raised by an opener that has no password to try."""


@dataclass
class Loaded:
    format: str | None  # pem | der | base64 | pkcs7 | pkcs12 | None
    certificates: list[x509.Certificate] = field(default_factory=list)  # leaf first
    findings: list[Finding] = field(default_factory=list)


def load(data: bytes, open_pkcs12: PKCS12Opener | None = None) -> Loaded:
    if not data.strip():
        return Loaded(None, findings=[Finding("input.empty")])
    if len(data) > MAX_BYTES:
        return Loaded(None, findings=[Finding("input.too-large", {"size": len(data)})])
    data = _text_as_utf8(data)
    if b"-----BEGIN" in data:
        return _from_pem(data, open_pkcs12)
    loaded = _from_der(data, "der", open_pkcs12)
    if loaded.format is None and _BASE64.match(data):
        try:
            der = base64.b64decode(b"".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            return loaded
        decoded = _from_der(der, "base64", open_pkcs12)
        if decoded.format is not None or decoded.findings[0].code != "input.unrecognised":
            return decoded
    return loaded


def _text_as_utf8(data: bytes) -> bytes:
    """Text saved by Windows tools: UTF-16 with a byte order mark, or UTF-8 with one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return data
    return data.removeprefix(b"\xef\xbb\xbf")


def _from_pem(data: bytes, open_pkcs12) -> Loaded:
    blocks = [(m["label"].decode(), m[0]) for m in _PEM_BLOCK.finditer(data)]
    if _PEM_KEY.search(data):
        return Loaded("pem", findings=[Finding("input.private-key")])
    certs, findings = [], []
    for label, block in blocks:
        if label not in _CERT_LABELS:
            continue
        try:
            _, _, der = pem.unarmor(block)
        except (ValueError, TypeError, binascii.Error) as e:
            findings.append(Finding("cert.malformed", {"detail": f"PEM: {_short(e)}"}))
            continue
        if label == "TRUSTED CERTIFICATE":  # OpenSSL appends its trust settings after the certificate
            der = _first_element(der)
        cert, problem = parse_certificate(der)
        if cert is not None:
            certs.append(cert)
        else:
            findings.append(problem)
    if certs:
        return Loaded("pem", order_leaf_first(certs))
    if findings:
        return Loaded("pem", findings=findings)
    for label, block in blocks:
        if label in _PKCS7_LABELS:
            try:
                return _from_der(pem.unarmor(block)[2], "pkcs7", open_pkcs12)
            except (ValueError, TypeError, binascii.Error) as e:
                return Loaded("pkcs7", findings=[Finding("cert.malformed", {"detail": f"PEM: {_short(e)}"})])
        if label in _CSR_LABELS:
            return Loaded("pem", findings=[Finding("input.csr")])
    if any(b"-----BEGIN " + label.encode() + b"-----" in data for label in _CERT_LABELS):
        return Loaded("pem", findings=[Finding("cert.malformed", {"detail": "PEM: END line missing"})])
    return Loaded(None, findings=[Finding("input.unrecognised")])


def _first_element(der: bytes) -> bytes:
    try:
        return der[:parser.peek(der)]
    except ValueError:
        return der


def _from_der(der: bytes, fmt: str, open_pkcs12) -> Loaded:
    first = _first_element(der)
    if not der[len(first):].strip():
        der = first  # a line break after DER, as some tools write it
    kind = _sniff(der)
    if kind == "certificate":
        cert, problem = parse_certificate(der)
        if cert is None:
            return Loaded(fmt, findings=[problem])
        return Loaded(fmt, [cert])
    if kind == "pkcs7":
        certs = _pkcs7_certificates(der)
        if certs:
            return Loaded("pkcs7", order_leaf_first(certs))
        return Loaded("pkcs7", findings=[Finding("input.unrecognised")])
    if kind == "pkcs12":
        return _from_pkcs12(der, open_pkcs12)
    if kind == "private-key":
        return Loaded(fmt, findings=[Finding("input.private-key")])
    if kind == "csr":
        return Loaded(fmt, findings=[Finding("input.csr")])
    return Loaded(None, findings=[Finding("input.unrecognised")])


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
        # Certificate and CSR share a shape; a CSR's info holds four elements, the
        # last one [0] attributes; a certificate's tbs holds six or more.
        info = _children(children[0][3] + children[0][4]) or []
        if len(info) == 4 and info[0][2] == 2 and info[3][:3] == (2, 1, 0):
            return "csr"
        return "certificate"
    if first_class == 0 and first_tag == 6:  # OBJECT IDENTIFIER: a ContentInfo
        return "pkcs7"
    if first_class == 0 and first_tag == 2:  # INTEGER: PFX (version 3) or a private key
        version = children[0][4]
        if version == b"\x03" and len(children) >= 2 and children[1][2] == 16:
            return "pkcs12"
        if version in (b"\x00", b"\x01"):
            return "private-key"
    return None


def parse_certificate(der: bytes) -> tuple[x509.Certificate | None, Finding | None]:
    try:
        cert = x509.Certificate.load(der, strict=True)
        cert.native  # parse everything now: a damaged certificate fails here, not later
        return cert, None
    except Exception as e:  # asn1crypto raises many kinds on damaged input
        return None, Finding("cert.malformed", {"detail": _short(e)})


def _pkcs7_certificates(der: bytes) -> list[x509.Certificate]:
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            return []
        return [choice.chosen for choice in info["content"]["certificates"]
                if choice.name == "certificate" and parse_certificate(choice.chosen.dump())[0]]
    except Exception:
        return []


def _from_pkcs12(der: bytes, open_pkcs12) -> Loaded:
    try:
        pkcs12.Pfx.load(der)["auth_safe"]
    except (ValueError, TypeError, KeyError):
        return Loaded(None, findings=[Finding("input.unrecognised")])
    if open_pkcs12 is None:
        return Loaded("pkcs12", findings=[Finding("input.pkcs12")])
    try:
        ders = open_pkcs12(der)
    except PKCS12PasswordNeeded:
        return Loaded("pkcs12", findings=[Finding("input.pkcs12")])
    except ValueError:
        return Loaded("pkcs12", findings=[Finding("input.pkcs12-password")])
    certs = [c for c in (parse_certificate(d)[0] for d in ders) if c is not None]
    if not certs:
        return Loaded("pkcs12", findings=[Finding("input.unrecognised")])
    return Loaded("pkcs12", certs)  # the opener puts the key's certificate first


def order_leaf_first(certs: list[x509.Certificate]) -> list[x509.Certificate]:
    """The end-entity certificate first: one that issued none of the others, preferring a non-CA."""
    issuers = {c.issuer.dump() for c in certs if c.subject.dump() != c.issuer.dump()}

    def rank(item):
        index, cert = item
        issued_another = cert.subject.dump() in issuers
        return (issued_another, bool(cert.ca), index)

    ordered = [c for _, c in sorted(enumerate(certs), key=rank)]
    return ordered


def _short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]
