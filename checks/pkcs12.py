"""Opening PKCS#12 (.p12/.pfx) on CPython with `cryptography`, legacy RC2/3DES included.

Only the certificates are kept; the private key is dropped at once. checks/pfx.py has
already checked that the algorithms are ones `cryptography` opens, so a ValueError here
means the password is wrong (the MAC or the decryption fails)."""

from __future__ import annotations

import warnings

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from checks.pfx import PKCS12Unsupported, PKCS12WrongPassword


def opener(password: bytes):
    def open_pkcs12(der: bytes) -> list[bytes]:
        try:
            with warnings.catch_warnings():  # old BER-encoded files load fine; no need to warn the user
                warnings.simplefilter("ignore")
                _key, cert, extra = pkcs12.load_key_and_certificates(der, password)
        except UnsupportedAlgorithm as e:
            raise PKCS12Unsupported(str(e).splitlines()[0] if str(e) else "") from None
        except ValueError:
            raise PKCS12WrongPassword() from None
        certs = ([cert] if cert is not None else []) + list(extra or [])
        return [c.public_bytes(Encoding.DER) for c in certs]

    return open_pkcs12
