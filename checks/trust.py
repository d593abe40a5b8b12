"""Trust anchors: the OCES CA certificates, read from a trust directory and checked
against the SHA-256 pins committed in `data/trust.toml`."""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import pem, x509

from checks.datafiles import load


@dataclass(frozen=True)
class Anchor:
    id: str
    name: str
    generation: str | None
    environment: str | None
    role: str  # "root" (a trust anchor) or "issuing" (a known intermediate)
    cert: x509.Certificate


def pins() -> list[dict]:
    return load("trust")["anchor"]


def pin_names() -> dict[str, str]:
    """Pin id → CA name, for messages and the guide."""
    return {p["id"]: p["name"] for p in pins()}


@dataclass
class TrustStore:
    anchors: list[Anchor]
    missing: list[dict] = field(default_factory=list)  # pins with no file
    refused: list[str] = field(default_factory=list)  # files matching no pin

    @property
    def roots(self) -> list[Anchor]:
        return [a for a in self.anchors if a.role == "root"]

    @functools.cached_property
    def by_sha256(self) -> dict[str, Anchor]:
        return {a.cert.sha256.hex(): a for a in self.anchors}

    @classmethod
    def from_directory(cls, path: str | os.PathLike) -> TrustStore:
        """Every pinned anchor found under `path`; files matching no pin are refused."""
        root = Path(path)
        found: dict[str, x509.Certificate] = {}
        refused = []
        if root.is_dir():
            pinned = {p["sha256"] for p in pins()}
            for file in sorted(root.rglob("*")):
                if not file.is_file() or file.suffix.lower() not in (".pem", ".cer", ".crt", ".der"):
                    continue
                # Cheap: each certificate's DER is hashed before it is parsed, and only a
                # pinned one is loaded (lazily: bytes with a pinned digest are the CA's own,
                # so they need no full parse to be trusted as well-formed).
                ders = _ders(file.read_bytes())
                if not ders:
                    refused.append(str(file))
                for der in ders:
                    digest = hashlib.sha256(der).hexdigest()
                    if digest in pinned:
                        found[digest] = x509.Certificate.load(der)
                    else:
                        refused.append(str(file))
        return cls._from_found(found, refused)

    @classmethod
    def from_pem_bundle(cls, data: bytes) -> TrustStore:
        """Anchors from one PEM bundle (what the site ships); each must match a pin."""
        found, refused = {}, []
        for cert in read_certificates(data):
            if _pinned(cert):
                found[cert.sha256.hex()] = cert
            else:
                refused.append(cert.subject.human_friendly)
        return cls._from_found(found, refused)

    @classmethod
    def _from_found(cls, found: dict, refused: list) -> TrustStore:
        anchors, missing = [], []
        for p in pins():
            cert = found.get(p["sha256"])
            if cert is None:
                missing.append(p)
            else:
                anchors.append(Anchor(p["id"], p["name"], p["generation"], p["environment"], p["role"], cert))
        return cls(anchors, missing, refused)

    @classmethod
    def from_entries(cls, entries: list[dict]) -> TrustStore:
        """Unpinned anchors for tests and conformance cases: dicts with der, id, name,
        generation, environment and role."""
        return cls(
            [
                Anchor(
                    e.get("id", ""),
                    e.get("name", ""),
                    e.get("generation"),
                    e.get("environment"),
                    e.get("role", "root"),
                    x509.Certificate.load(e["der"]),
                )
                for e in entries
            ]
        )

    def to_pem_bundle(self) -> bytes:
        return b"".join(pem.armor("CERTIFICATE", a.cert.dump()) for a in self.anchors)


def default_directory() -> str | None:
    """OCES_TRUST_DIR, else ../shared/trust beside a checkout when it exists."""
    env = os.environ.get("OCES_TRUST_DIR")
    if env:
        return env
    beside = Path(__file__).resolve().parent.parent.parent / "shared" / "trust"
    return str(beside) if beside.is_dir() else None


def _pinned(cert: x509.Certificate) -> bool:
    return cert.sha256.hex() in {p["sha256"] for p in pins()}


def _ders(data: bytes) -> list[bytes]:
    """The DER certificates in a PEM or DER file, unparsed ([] for an unreadable PEM)."""
    if not pem.detect(data):
        return [data]
    try:
        return [der for kind, _, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]
    except (ValueError, TypeError):
        return []


def read_certificates(data: bytes) -> list[x509.Certificate]:
    try:
        if pem.detect(data):
            ders = [der for kind, _, der in pem.unarmor(data, multiple=True) if kind == "CERTIFICATE"]
        else:
            ders = [data]
        certs = [x509.Certificate.load(der) for der in ders]
        for c in certs:
            _ = c.native  # parse fully now, so a broken file is refused here
        return certs
    except (ValueError, TypeError):
        return []
