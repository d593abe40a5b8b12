"""Signature backend for CPython: `cryptography` verifies, asn1crypto has already parsed."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from checks.signatures import SignatureCheck

# Each a concrete hash class, called with no arguments.
_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


@lru_cache(maxsize=256)
def _key(spki: bytes):
    return load_der_public_key(spki)


@lru_cache(maxsize=1024)
def _verified(check: SignatureCheck) -> bool:
    try:
        key = _key(check.public_key)
        hash_cls = _HASHES.get(check.hash) if check.hash else None
        if check.algorithm == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey) and hash_cls:
            key.verify(check.signature, check.message, padding.PKCS1v15(), hash_cls())
        elif check.algorithm == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey) and hash_cls:
            # as WebCrypto: MGF1 with the message hash only (checks.signatures refuses others first)
            if check.mgf_hash not in (None, check.hash) or check.salt_length is None:
                return False
            key.verify(
                check.signature,
                check.message,
                padding.PSS(mgf=padding.MGF1(hash_cls()), salt_length=check.salt_length),
                hash_cls(),
            )
        elif check.algorithm == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey) and hash_cls:
            key.verify(check.signature, check.message, ec.ECDSA(hash_cls()))
        elif check.algorithm == "ed25519" and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(check.signature, check.message)
        else:  # DSA, Ed448 and the rest: unsupported here as in WebCrypto (data/algorithms.toml)
            return False
        return True
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError, OverflowError):
        return False


class CryptographyVerifier:
    """Verifies with `cryptography`; results are cached, CA edges repeat across certificates."""

    def verify(self, check: SignatureCheck) -> bool:
        return _verified(check)

    async def averify(self, check: SignatureCheck) -> bool:
        return _verified(check)
