"""Fetching the OCES CA certificates into a trust directory, each checked against its pin.

Only for machines with internet access: the CAs publish their certificates at the
addresses in data/trust.toml (`source`). A download that does not match its pin is
discarded; pins without an address (or whose host is gone) are reported as missing."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

from asn1crypto import pem

from checks.trust import pins, read_certificates


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read(1024 * 1024)


def fetch(directory: str | Path, download: Callable[[str], bytes] = _download) -> dict[str, str]:
    """Pin id → outcome ("present", "fetched", "no address", "mismatch", "failed: …")."""
    root = Path(directory)
    outcomes = {}
    for p in pins():
        target = root / p["file"]
        if target.exists() and any(c.sha256.hex() == p["sha256"] for c in read_certificates(target.read_bytes())):
            outcomes[p["id"]] = "present"
            continue
        if not p.get("source"):
            outcomes[p["id"]] = "no address"
            continue
        try:
            data = download(p["source"])
        except Exception as e:  # network errors come in many types; report, don't crash
            outcomes[p["id"]] = f"failed: {e}"
            continue
        certs = [c for c in read_certificates(data) if c.sha256.hex() == p["sha256"]]
        if not certs:
            outcomes[p["id"]] = "mismatch"
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pem.armor("CERTIFICATE", certs[0].dump()))
        outcomes[p["id"]] = "fetched"
    return outcomes
