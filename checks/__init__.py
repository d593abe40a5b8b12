"""Checks Danish OCES certificates for STIL's Integrationsplatformen.

The core is pure Python on asn1crypto and runs unchanged in CPython and Pyodide.
Public API:

- `check(data, *, at, lang, trust, verifier=None, password=None, name=None) -> dict`
  reads a certificate in any wrapping and returns the JSON report (DESIGN.md contract).
- `check_async(...)`: the same with an async signature backend (WebCrypto in Pyodide).
- `validate_path(leaf, intermediates, trust, at, verifier=None) -> ChainResult`:
  path validation alone (the conformance harness uses it).
- `build_message(...)`: the registration request for STIL's support desk.
- `TrustStore`: pinned OCES anchors read from a trust directory.
"""

from checks.chain import ChainResult, validate_path
from checks.message import build_message
from checks.report import check, check_async
from checks.trust import TrustStore

__all__ = ["ChainResult", "TrustStore", "build_message", "check", "check_async", "validate_path"]
