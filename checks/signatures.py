"""The one part that differs by platform: checking that an issuer's key signed a certificate.

Chain building asks for signature checks as plain data (`SignatureCheck`) and gets
booleans back, so the same chain code runs with `cryptography` on CPython
(`checks.verify_cryptography`) and with WebCrypto in Pyodide (`checks.verify_webcrypto`),
which is async. A backend implements `verify(check) -> bool` or
`async averify(check) -> bool`; it returns False, never raises, for a signature
that does not verify, and None where it cannot check the algorithm at all (a browser
whose WebCrypto lacks it: chain.browser-cannot-verify, not a bad signature).

What may be verified at all is decided here, from data/algorithms.toml, before either
backend sees the check: both backends then answer the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import x509

from checks.datafiles import load


@dataclass(frozen=True)
class SignatureCheck:
    """Did the key `public_key` (SubjectPublicKeyInfo, DER) sign `message`?"""

    key: tuple[str, str]  # (child sha256, issuer sha256): identifies the edge
    algorithm: str  # rsassa_pkcs1v15 | rsassa_pss | ecdsa | ed25519
    hash: str | None  # sha1 | sha256 | sha384 | sha512 (None for EdDSA)
    salt_length: int | None  # RSASSA-PSS only
    mgf_hash: str | None  # RSASSA-PSS only: the MGF1 hash (always the message hash once supported)
    curve: str | None  # ECDSA only: the issuer key's named curve (secp256r1, …)
    public_key: bytes
    signature: bytes  # as in the certificate (ECDSA: DER SEQUENCE of r, s)
    message: bytes  # the DER of tbsCertificate


@dataclass(frozen=True)
class Unsupported:
    """An edge whose algorithm or parameters this validator does not verify."""

    key: tuple[str, str]
    algorithm: str  # the algorithm's name (e.g. "dsa-sha256", "rsassa_pss-sha256")
    problem: str | None = None  # what is wrong with its parameters: a key of [unsupported] in words.toml
    value: str = ""  # the offending value, shown in that problem's text


def supported() -> dict:
    return load("algorithms")


def _algorithm_name(algo) -> str:
    try:
        return algo.signature_algo
    except (ValueError, KeyError, TypeError):
        return algo["algorithm"].dotted


def _pss(key, params, hash_name: str | None, rules: dict) -> int | Unsupported:
    """The salt length for acceptable RSASSA-PSS parameters (RFC 4055), or why they are not."""
    name = f"rsassa_pss-{hash_name}"
    mgf = params["mask_gen_algorithm"]
    if mgf["algorithm"].native != "mgf1":
        return Unsupported(key, name, "mask", str(mgf["algorithm"].native))
    mgf_hash = mgf["parameters"]["algorithm"].native
    if mgf_hash != hash_name:
        return Unsupported(key, name, "mgf1-hash", str(mgf_hash))
    trailer = params["trailer_field"].native
    if trailer != "trailer_field_bc":
        return Unsupported(key, name, "trailer", str(trailer))
    salt = params["salt_length"].native
    if not 0 <= salt <= rules["pss"]["max_salt_length"]:
        return Unsupported(key, name, "salt", str(salt))
    return salt


def edge(child: x509.Certificate, issuer: x509.Certificate) -> tuple[str, str]:
    """What a check is keyed by: (child digest, issuer digest)."""
    return child.sha256.hex(), issuer.sha256.hex()


def signature_check(child: x509.Certificate, issuer: x509.Certificate) -> SignatureCheck | Unsupported:
    """The check that `issuer` signed `child`, or why it cannot be made."""
    key = edge(child, issuer)
    rules = supported()
    algo = child["signature_algorithm"]
    name = _algorithm_name(algo)
    try:
        hashes = rules["signature"].get(name)
        if hashes is None:
            return Unsupported(key, _with_hash(name, algo))
        if name == "rsassa_pss" and algo["parameters"].native is None:
            return Unsupported(key, name, "no-parameters")  # RFC 4055: required in certificates
        hash_name = algo.hash_algo if hashes else None
        if hashes and hash_name not in hashes:
            return Unsupported(key, f"{name}-{hash_name}")
        spki = issuer.public_key
        if spki.algorithm not in rules["key_for"].values():  # e.g. DSA, Ed448, an RSASSA-PSS-only key
            return Unsupported(key, f"{name}-{hash_name}" if hash_name else name, "key", spki.algorithm)
        if spki.algorithm != rules["key_for"][name]:
            # a key of another type cannot have made this signature: a check that fails in both backends
            return _check(key, name, hash_name, None, None, spki.dump(), child)
        salt = curve = None
        if name == "rsassa_pss":
            salt = _pss(key, algo["parameters"], hash_name, rules)
            if isinstance(salt, Unsupported):
                return salt
        if name == "ecdsa":
            kind, curve = spki.curve
            if kind != "named":
                return Unsupported(key, f"ecdsa-{hash_name}", "explicit-curve")
            if curve not in rules["ecdsa"]["curves"]:
                return Unsupported(key, f"ecdsa-{hash_name}", "curve", str(curve))
        return _check(key, name, hash_name, salt, curve, spki.dump(), child)
    except Exception:
        return Unsupported(key, name)


def _with_hash(name: str, algo) -> str:
    if name in ("ed25519", "ed448"):
        return name
    try:
        return f"{name}-{algo.hash_algo}"
    except Exception:
        return name


def _check(key, name, hash_name, salt, curve, spki_der, child) -> SignatureCheck:
    return SignatureCheck(
        key=key,
        algorithm=name,
        hash=hash_name,
        salt_length=salt,
        mgf_hash=hash_name if name == "rsassa_pss" else None,
        curve=curve,
        public_key=spki_der,
        signature=child["signature_value"].native,
        message=child["tbs_certificate"].dump(),
    )
