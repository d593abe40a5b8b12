"""Choosing a signature backend, and running a plan's checks through it."""

from __future__ import annotations

from checks.signatures import SignatureCheck


def default_verifier():
    """`cryptography` on CPython; in Pyodide the caller passes the WebCrypto backend."""
    from checks.verify_cryptography import CryptographyVerifier  # noqa: PLC0415  cryptography is not in Pyodide

    return CryptographyVerifier()


def run(checks: list[SignatureCheck], verifier) -> dict[tuple[str, str], bool]:
    return {c.key: verifier.verify(c) for c in checks}


async def run_async(checks: list[SignatureCheck], verifier) -> dict[tuple[str, str], bool]:
    return {c.key: await verifier.averify(c) for c in checks}
