"""What a certificate is: generation, kind, CVR, FID/UUID and the plain facts.

Subject attributes are read by OID from every RDN (OCES2 puts serialNumber and CN in
one multi-valued RDN), never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from asn1crypto import x509

from checks.catalogue import Finding
from checks.clock import iso

OID_CN = "2.5.4.3"
OID_SERIAL = "2.5.4.5"
OID_O = "2.5.4.10"
OID_ORG_ID = "2.5.4.97"

OCES2_SERIAL = re.compile(r"^CVR:(?P<cvr>\d{8})-(?P<tag>FID|UID|RID):(?P<id>\d+)$")
OCES2_PERSON = re.compile(r"^PID:(?P<id>[\d-]+)$")
OCES2_O_CVR = re.compile(r"//\s*CVR:(?P<cvr>\d{8})\s*$")
OCES3_SERIAL = re.compile(r"^UI:DK-(?P<tag>[OEP]):G:(?P<uuid>[0-9a-fA-F-]{36})$")
OCES3_ORG_ID = re.compile(r"^NTRDK-(?P<cvr>\d{8})$")

OCES2_KIND_BY_TAG = {"FID": "function", "UID": "business", "RID": "employee"}
OCES3_KIND_BY_TAG = {"O": "organisation", "E": "employee", "P": "person"}
# Policy OID arcs: …{1 person, 2 employee, 3 business, 4 function}.<version>
OCES2_POLICY_ROOTS = ("1.2.208.169.1.1.1.", "1.3.6.1.4.1.31313.2.4.6.")
OCES2_KIND_BY_ARC = {"1": "person", "2": "employee", "3": "business", "4": "function"}
OCES3_POLICY = "1.2.208.169.1.1.1.3.7"


@dataclass
class Identity:
    generation: str | None = None
    kind: str | None = None
    cvr: str | None = None
    fid: str | None = None
    uuid: str | None = None
    is_ca: bool = False
    findings: list[Finding] = field(default_factory=list)


def attributes(name: x509.Name) -> dict[str, list[str]]:
    """OID → values, over every RDN, multi-valued ones included."""
    out: dict[str, list[str]] = {}
    for rdn in name.chosen:
        for attr in rdn:
            value = attr["value"].native
            out.setdefault(attr["type"].dotted, []).append(value if isinstance(value, str) else str(value))
    return out


def first(attrs: dict[str, list[str]], oid: str) -> str | None:
    values = attrs.get(oid)
    return values[0] if values else None


def policy_oids(cert: x509.Certificate) -> list[str]:
    value = cert.certificate_policies_value
    return [p["policy_identifier"].dotted for p in value] if value is not None else []


def identify(cert: x509.Certificate) -> Identity:
    attrs = attributes(cert.subject)
    serial = (first(attrs, OID_SERIAL) or "").strip()
    ident = Identity(is_ca=bool(cert.ca))
    policies = policy_oids(cert)

    if m := OCES2_SERIAL.match(serial):
        ident.generation, ident.kind, ident.cvr = "oces2", OCES2_KIND_BY_TAG[m["tag"]], m["cvr"]
        if m["tag"] == "FID":
            ident.fid = m["id"]
        o_match = OCES2_O_CVR.search(first(attrs, OID_O) or "")
        if o_match and o_match["cvr"] != ident.cvr:
            ident.findings.append(Finding("cert.cvr-mismatch", {"cvr_o": o_match["cvr"], "cvr": ident.cvr}))
    elif OCES2_PERSON.match(serial):
        ident.generation, ident.kind = "oces2", "person"
    elif m := OCES3_SERIAL.match(serial):
        ident.generation, ident.kind, ident.uuid = "oces3", OCES3_KIND_BY_TAG[m["tag"]], m["uuid"].lower()
        org = OCES3_ORG_ID.match(first(attrs, OID_ORG_ID) or "")
        ident.cvr = org["cvr"] if org else None
    elif not ident.is_ca:
        ident.generation, ident.kind = _from_policies(policies)
    return ident


def _from_policies(policies: list[str]) -> tuple[str | None, str | None]:
    for oid in policies:
        for root in OCES2_POLICY_ROOTS:
            if oid.startswith(root):
                arc = oid[len(root):].split(".")[0]
                return "oces2", OCES2_KIND_BY_ARC.get(arc)
        if oid == OCES3_POLICY or oid.startswith(OCES3_POLICY + "."):
            return "oces3", None
    return None, None


def facts(cert: x509.Certificate, ident: Identity) -> dict:
    """The report's `certificate` object."""
    attrs = attributes(cert.subject)
    issuer_attrs = attributes(cert.issuer)
    key = cert.public_key
    algo = cert["signature_algorithm"]
    try:
        key_size = key.bit_size
    except (ValueError, KeyError, TypeError):
        key_size = None
    return {
        "subject": rfc4514(cert.subject),
        "subject_cn": first(attrs, OID_CN),
        "issuer": rfc4514(cert.issuer),
        "issuer_cn": first(issuer_attrs, OID_CN),
        "generation": ident.generation,
        "kind": ident.kind,
        "cvr": ident.cvr,
        "fid": ident.fid,
        "uuid": ident.uuid,
        "is_ca": ident.is_ca,
        "not_before": iso(cert.not_valid_before),
        "not_after": iso(cert.not_valid_after),
        "serial_number": format(cert.serial_number, "x"),
        "sha256": cert.sha256.hex(),
        "key": {"type": key.algorithm, "size": key_size},
        "signature_algorithm": _signature_name(algo),
        "policies": policy_oids(cert),
    }


_SHORT_NAMES = {OID_CN: "CN", "2.5.4.6": "C", OID_O: "O", "2.5.4.11": "OU", "2.5.4.7": "L",
                "2.5.4.8": "ST", OID_SERIAL: "serialNumber", OID_ORG_ID: "organizationIdentifier",
                "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
                "2.5.4.9": "STREET", "1.2.840.113549.1.9.1": "emailAddress"}


def rfc4514(name: x509.Name) -> str:
    """RFC 4514 string: RDNs in reverse order, multi-valued ones joined by '+'."""
    rdns = []
    for rdn in reversed(list(name.chosen)):
        parts = []
        for attr in rdn:
            oid = attr["type"].dotted
            value = attr["value"].native
            parts.append(f"{_SHORT_NAMES.get(oid, oid)}={_escape(value if isinstance(value, str) else str(value))}")
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
    except (ValueError, KeyError):
        return algo["algorithm"].dotted
