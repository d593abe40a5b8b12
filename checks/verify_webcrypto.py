"""Signature checks with the browser's WebCrypto (`crypto.subtle`), for Pyodide.

The async counterpart of `checks.verify_cryptography`: `await WebCryptoVerifier().averify(check)`
returns True when the issuer key in `check.public_key` signed `check.message`, and False,
never an exception, for a signature that does not verify, a key WebCrypto will not import
or an algorithm this backend does not support; None when this browser's WebCrypto does not
know the algorithm (NotSupportedError, e.g. Ed25519 in an older browser), so that the page
says the browser could not check, not that the signature is wrong. No crypto is written here: WebCrypto
verifies, asn1crypto converts the ECDSA signature from DER to the raw r||s that WebCrypto
expects.
"""

from __future__ import annotations

from asn1crypto import algos

_HASHES = {"sha1": "SHA-1", "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512"}
_CURVES = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}
# Bytes per half of a raw ECDSA signature: the curve order's size, rounded up to whole bytes.
_CURVE_BYTES = {"secp256r1": 32, "secp384r1": 48, "secp521r1": 66}


def _import_params(check) -> dict | None:
    """WebCrypto's importKey algorithm for this check, or None when unsupported."""
    if check.algorithm == "rsassa_pkcs1v15" and check.hash in _HASHES:
        return {"name": "RSASSA-PKCS1-v1_5", "hash": _HASHES[check.hash]}
    if check.algorithm == "rsassa_pss" and check.hash in _HASHES:
        # WebCrypto's RSA-PSS always uses MGF1 with the same hash as the message digest.
        if check.mgf_hash not in (None, check.hash) or check.salt_length is None:
            return None
        return {"name": "RSA-PSS", "hash": _HASHES[check.hash]}
    if check.algorithm == "ecdsa" and check.hash in _HASHES and check.curve in _CURVES:
        return {"name": "ECDSA", "namedCurve": _CURVES[check.curve]}
    if check.algorithm == "ed25519":
        return {"name": "Ed25519"}
    return None


def _verify_params(check) -> dict:
    if check.algorithm == "rsassa_pss":
        return {"name": "RSA-PSS", "saltLength": int(check.salt_length)}
    if check.algorithm == "ecdsa":
        return {"name": "ECDSA", "hash": _HASHES[check.hash]}
    if check.algorithm == "ed25519":
        return {"name": "Ed25519"}
    return {"name": "RSASSA-PKCS1-v1_5"}


def _signature_bytes(check) -> bytes | None:
    """The signature as WebCrypto wants it: ECDSA as raw r||s, each half padded to the curve's
    size (asn1crypto's to_p1363 pads only to the longer half, too short when both are short)."""
    if check.algorithm != "ecdsa":
        return check.signature
    size = _CURVE_BYTES.get(check.curve)
    try:
        parsed = algos.DSASignature.load(check.signature).native
        return parsed["r"].to_bytes(size, "big") + parsed["s"].to_bytes(size, "big")
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError):
        return None  # not a DER signature, a negative or oversized half, or an unknown curve


class WebCryptoVerifier:
    """An async signature backend on `crypto.subtle`; imported keys are cached per SPKI."""

    def __init__(self, subtle=None):
        self._subtle = subtle
        self._keys: dict[tuple[bytes, str], object] = {}

    @property
    def subtle(self):
        if self._subtle is None:
            import js  # noqa: PLC0415  (only exists in Pyodide)

            self._subtle = js.crypto.subtle
        return self._subtle

    async def _key(self, check, params: dict):
        from pyodide.ffi import to_js  # noqa: PLC0415

        cache_key = (check.public_key, repr(sorted(params.items())))
        key = self._keys.get(cache_key)
        if key is None:
            key = await self.subtle.importKey(
                "spki", to_js(check.public_key), _js_object(params), False, to_js(["verify"])
            )
            self._keys[cache_key] = key
        return key

    async def averify(self, check) -> bool | None:
        try:
            params = _import_params(check)
            if params is None:
                return False
            signature = _signature_bytes(check)
            if signature is None:
                return False
            from pyodide.ffi import to_js  # noqa: PLC0415

            key = await self._key(check, params)
            result = await self.subtle.verify(
                _js_object(_verify_params(check)), key, to_js(signature), to_js(check.message)
            )
            return bool(result)
        except Exception as e:
            return None if _not_supported(e) else False


def _not_supported(error: Exception) -> bool:
    """A JS NotSupportedError (Pyodide's JsException carries the error's name)."""
    return getattr(error, "name", None) == "NotSupportedError"


def _js_object(d: dict):
    import js  # noqa: PLC0415
    from pyodide.ffi import to_js  # noqa: PLC0415

    return to_js(d, dict_converter=js.Object.fromEntries)
