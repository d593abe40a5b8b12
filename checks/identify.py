"""What a certificate is: generation, kind, CVR, FID/UUID and the plain facts.

Subject attributes are read by OID from every RDN (OCES2 puts serialNumber and CN in
one multi-valued RDN), never by position. Identifiers are matched whole, with ASCII
digits only: they go into the registration message.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import x509

from checks.catalogue import Finding
from checks.clock import aware, iso
from checks.contract import CertificateFacts, KeyFacts
from checks.datafiles import load

# The finding codes this module's rules emit (each one's home: tests/test_findings_home.py).
EMITS = (
    "cert.ambiguous-identifier",
    "cert.cvr-mismatch",
)

OID_CN = "2.5.4.3"
OID_SERIAL = "2.5.4.5"
OID_O = "2.5.4.10"
OID_ORG_ID = "2.5.4.97"

# [0-9], not \d (which takes other scripts' digits); fullmatch, not $ (which lets a newline through).
OCES2_SERIAL = re.compile(r"CVR:(?P<cvr>[0-9]{8})-(?P<tag>FID|UID|RID):(?P<id>[0-9]+)")
OCES2_PERSON = re.compile(r"PID:(?P<id>[0-9-]+)")
OCES2_O_CVR = re.compile(r".*//[ ]*CVR:(?P<cvr>[0-9]{8})[ ]*", re.S)
_HEX = "[0-9a-fA-F]"
OCES3_SERIAL = re.compile(
    rf"UI:DK-(?P<tag>[OEP]):G:(?P<uuid>{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}})"
)
OCES3_ORG_ID = re.compile(r"NTRDK-(?P<cvr>[0-9]{8})")

OCES2_KIND_BY_TAG = {"FID": "function", "UID": "business", "RID": "employee"}
OCES3_KIND_BY_TAG = {"O": "organisation", "E": "employee", "P": "person"}
# Policy OID arcs: …{1 person, 2 employee, 3 business, 4 function}.<version>
OCES2_POLICY_ROOTS = ("1.2.208.169.1.1.1.", "1.3.6.1.4.1.31313.2.4.6.")
OCES2_KIND_BY_ARC = {"1": "person", "2": "employee", "3": "business", "4": "function"}
OCES3_POLICY = "1.2.208.169.1.1.1.3.7"  # under the OCES2 production arc: tested first


@dataclass
class Identity:
    generation: str | None = None  # from the subject (or policy); the chain's anchor may overrule it
    kind: str | None = None
    cvr: str | None = None
    fid: str | None = None
    uuid: str | None = None
    is_ca: bool = False
    findings: list[Finding] = field(default_factory=list)


def _text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _by_der(function):
    """Memoised by the name's DER: a name of tens of thousands of parts is read once, not per use."""
    cache: dict[bytes, object] = {}

    def wrapper(name: x509.Name):
        key = name.dump()
        if key not in cache:
            if len(cache) >= 256:
                cache.clear()
            cache[key] = function(name)
        return cache[key]

    wrapper.__doc__ = function.__doc__
    return wrapper


@_by_der
def attributes(name: x509.Name) -> dict[str, list[str]]:
    """OID → values, over every RDN, multi-valued ones included; an unreadable value is skipped.
    (Memoised: treat the result as read-only.)"""
    out: dict[str, list[str]] = {}
    for rdn in name.chosen:
        for attr in rdn:
            try:
                value = _text(attr["value"].native)
            except (ValueError, TypeError, KeyError):
                continue
            out.setdefault(attr["type"].dotted, []).append(value)
    return out


def first(attrs: dict[str, list[str]], oid: str) -> str | None:
    values = attrs.get(oid)
    return values[0] if values else None


def policy_oids(cert: x509.Certificate) -> list[str]:
    try:
        value = cert.certificate_policies_value
        return [p["policy_identifier"].dotted for p in value] if value is not None else []
    except (ValueError, TypeError, KeyError):
        return []


def _one(attrs: dict[str, list[str]], oid: str, label: str, findings: list[Finding]) -> str:
    """The single value of `oid`; two different values are ambiguous (a finding), the first is read."""
    values = list(dict.fromkeys(attrs.get(oid, [])))
    if len(values) > 1:
        findings.append(Finding("cert.ambiguous-identifier", {"attribute": label}))
    return values[0] if values else ""


def identify(cert: x509.Certificate) -> Identity:
    attrs = attributes(cert.subject)
    ident = Identity(is_ca=bool(cert.ca))
    # Spaces around the value (seen in OCES2 subjects) are trimmed; nothing else is: the
    # identifiers inside are matched whole.
    serial = _one(attrs, OID_SERIAL, "serialNumber", ident.findings).strip(" ")

    if m := OCES2_SERIAL.fullmatch(serial):
        ident.generation, ident.kind, ident.cvr = "oces2", OCES2_KIND_BY_TAG[m["tag"]], m["cvr"]
        if m["tag"] == "FID":
            ident.fid = m["id"]
        o_match = OCES2_O_CVR.fullmatch(first(attrs, OID_O) or "")
        if o_match and o_match["cvr"] != ident.cvr:
            ident.findings.append(Finding("cert.cvr-mismatch", {"cvr_o": o_match["cvr"], "cvr": ident.cvr}))
    elif OCES2_PERSON.fullmatch(serial):
        ident.generation, ident.kind = "oces2", "person"
    elif m := OCES3_SERIAL.fullmatch(serial):
        ident.generation, ident.kind, ident.uuid = "oces3", OCES3_KIND_BY_TAG[m["tag"]], m["uuid"].lower()
        org = OCES3_ORG_ID.fullmatch(_one(attrs, OID_ORG_ID, "organizationIdentifier", ident.findings))
        ident.cvr = org["cvr"] if org else None
    elif not ident.is_ca:
        ident.generation, ident.kind = _from_policies(policy_oids(cert))
    return ident


def _from_policies(policies: list[str]) -> tuple[str | None, str | None]:
    if any(oid == OCES3_POLICY or oid.startswith(OCES3_POLICY + ".") for oid in policies):
        return "oces3", None
    for oid in policies:
        for root in OCES2_POLICY_ROOTS:
            if oid.startswith(root):
                arc = oid[len(root) :].split(".")[0]
                return "oces2", OCES2_KIND_BY_ARC.get(arc)
    return None, None


def days_left(cert: x509.Certificate, at: datetime) -> int | None:
    """Whole days from `at` (whole seconds, as the validity check) to notAfter; None when expired."""
    left = aware(cert.not_valid_after) - aware(at).replace(microsecond=0)
    return None if left.total_seconds() < 0 else left.days


def key_facts(key) -> KeyFacts:
    """{"type", "size"}: the key's algorithm and size in bits (None when it cannot be told)."""
    try:
        kind = key.algorithm
    except (ValueError, KeyError, TypeError):
        return {"type": key["algorithm"]["algorithm"].dotted, "size": None}
    size = load("algorithms")["key_sizes"].get(kind)
    if size is None:
        try:
            size = key.bit_size
        except Exception:
            size = None
    return {"type": kind, "size": size}


def key_usage(cert: x509.Certificate) -> list[str]:
    try:
        value = cert.key_usage_value
        return sorted(value.native) if value is not None else []
    except (ValueError, TypeError, KeyError):
        return []


def facts(cert: x509.Certificate, ident: Identity, at: datetime, der: bytes | None = None) -> CertificateFacts:
    """The report's `certificate` object (whole values: messages shorten long names, facts do not).
    `der`: the certificate's bytes as given, whose thumbprints people compare (a BER-wrapped
    input is parsed from its minimal re-encoding, which has other thumbprints)."""
    attrs = attributes(cert.subject)
    issuer_attrs = attributes(cert.issuer)
    der = der or cert.dump()
    serial_values = attrs.get(OID_SERIAL, [])
    return {
        "subject": rfc4514(cert.subject),
        "subject_cn": first(attrs, OID_CN),
        "subject_serial": serial_values[0] if serial_values else None,
        "issuer": rfc4514(cert.issuer),
        "issuer_cn": first(issuer_attrs, OID_CN),
        "generation": ident.generation,
        "kind": ident.kind,
        "cvr": ident.cvr,
        "fid": ident.fid,
        "uuid": ident.uuid,
        "is_ca": ident.is_ca,
        "not_before": iso(aware(cert.not_valid_before)),
        "not_after": iso(aware(cert.not_valid_after)),
        "days_left": days_left(cert, at),
        "serial": format(cert.serial_number, "x"),
        "serial_decimal": str(cert.serial_number),
        "sha256": hashlib.sha256(der).hexdigest(),
        "sha1": hashlib.sha1(der).hexdigest(),
        "key": key_facts(cert.public_key),
        "key_usage": key_usage(cert),
        "signature_algorithm": _signature_name(cert["signature_algorithm"]),
        "policies": policy_oids(cert),
    }


_SHORT_NAMES = {
    OID_CN: "CN",
    "2.5.4.6": "C",
    OID_O: "O",
    "2.5.4.11": "OU",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    OID_SERIAL: "serialNumber",
    OID_ORG_ID: "organizationIdentifier",
    "0.9.2342.19200300.100.1.25": "DC",
    "0.9.2342.19200300.100.1.1": "UID",
    "2.5.4.9": "STREET",
    "1.2.840.113549.1.9.1": "emailAddress",
}


@_by_der
def rfc4514(name: x509.Name) -> str:
    """RFC 4514 string: RDNs in reverse order, multi-valued ones joined by '+'."""
    rdns = []
    for rdn in reversed(list(name.chosen)):
        parts = []
        for attr in rdn:
            oid = attr["type"].dotted
            try:
                value = _text(attr["value"].native)
            except (ValueError, TypeError, KeyError):
                value = "#" + attr["value"].dump().hex()  # RFC 4514's form for a value not shown as a string
                parts.append(f"{_SHORT_NAMES.get(oid, oid)}={value}")
                continue
            parts.append(f"{_SHORT_NAMES.get(oid, oid)}={_escape(value)}")
        rdns.append("+".join(parts))
    return ",".join(rdns)


def _escape(value: str) -> str:
    out = "".join("\\" + ch if ch in ',+"\\<>;=' else ch for ch in value)
    if out.startswith((" ", "#")):
        out = "\\" + out
    if out.endswith(" "):
        out = out[:-1] + "\\ "
    return out


def _signature_name(algo) -> str:
    try:
        name = algo.signature_algo
        hash_name = algo.hash_algo if name not in ("ed25519", "ed448") else None
        return f"{name}-{hash_name}" if hash_name else name
    except (ValueError, KeyError, TypeError):
        return algo["algorithm"].dotted
