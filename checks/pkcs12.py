"""Opening PKCS#12 (.p12/.pfx) on CPython with `cryptography`, legacy RC2/3DES included.

Only the certificates are kept; the private key is dropped at once."""

from __future__ import annotations

import warnings

from cryptography.hazmat.primitives.serialization import Encoding, pkcs12


def opener(password: bytes):
    def open_pkcs12(der: bytes) -> list[bytes]:
        with warnings.catch_warnings():  # old BER-encoded files load fine; no need to warn the user
            warnings.simplefilter("ignore")
            _key, cert, extra = pkcs12.load_key_and_certificates(der, password)  # ValueError: wrong password
        certs = ([cert] if cert is not None else []) + list(extra or [])
        return [c.public_bytes(Encoding.DER) for c in certs]

    return open_pkcs12
