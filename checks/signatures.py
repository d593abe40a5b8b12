"""The one part that differs by platform: checking that an issuer's key signed a certificate.

Chain building asks for signature checks as plain data (`SignatureCheck`) and gets
booleans back, so the same chain code runs with `cryptography` on CPython
(`checks.verify_cryptography`) and with WebCrypto in Pyodide (`checks.verify_webcrypto`),
which is async. A backend implements `verify(check) -> bool` or
`async averify(check) -> bool`; it returns False, never raises, for a signature
that does not verify or an algorithm it does not support.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import x509


@dataclass(frozen=True)
class SignatureCheck:
    """Did the key `public_key` (SubjectPublicKeyInfo, DER) sign `message`?"""

    key: tuple[str, str]  # (child sha256, issuer sha256): identifies the edge
    algorithm: str  # rsassa_pkcs1v15 | rsassa_pss | ecdsa | ed25519 | ed448 | dsa
    hash: str | None  # sha1 | sha224 | sha256 | sha384 | sha512 (None for EdDSA)
    salt_length: int | None  # RSASSA-PSS only
    mgf_hash: str | None  # RSASSA-PSS only: the MGF1 hash
    curve: str | None  # ECDSA only: the issuer key's named curve (secp256r1, …)
    public_key: bytes
    signature: bytes  # as in the certificate (ECDSA: DER SEQUENCE of r, s)
    message: bytes  # the DER of tbsCertificate


def signature_check(child: x509.Certificate, issuer: x509.Certificate) -> SignatureCheck | None:
    """The check that `issuer` signed `child`; None when the algorithm cannot be read."""
    try:
        algo = child["signature_algorithm"]
        name = algo.signature_algo
        hash_name = None if name in ("ed25519", "ed448") else algo.hash_algo
        salt = mgf_hash = None
        if name == "rsassa_pss":
            params = algo["parameters"]
            salt = params["salt_length"].native
            mgf_hash = params["mask_gen_algorithm"]["parameters"]["algorithm"].native
        spki = issuer.public_key
        curve = None
        if spki.algorithm == "ec":
            curve = spki.curve[1] if spki.curve[0] == "named" else None
        return SignatureCheck(
            key=(child.sha256.hex(), issuer.sha256.hex()),
            algorithm=name,
            hash=hash_name,
            salt_length=salt,
            mgf_hash=mgf_hash,
            curve=curve,
            public_key=spki.dump(),
            signature=child["signature_value"].native,
            message=child["tbs_certificate"].dump(),
        )
    except (ValueError, KeyError, TypeError):
        return None
