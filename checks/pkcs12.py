"""The CLI's PKCS#12 opener: checks/pfx.py's code path (the same as the browser's) with the
block ciphers of `cryptography` (RC2 and triple DES from its `decrepit` module). Its RC2
takes only 128-bit keys, so RC2-40 (MitID Erhverv's certificate part) uses the pure-Python
`rc2` that the browser uses too (checks/pkcs12_ciphers.py).

Only the certificate part is decrypted; the key bags are never opened (pfx.py)."""

from __future__ import annotations

import warnings

from checks.pfx import Opener


class CryptographyCiphers:
    names = frozenset({"aes", "tripledes", "rc2"})

    @staticmethod
    def decrypt(cipher: str, key: bytes, iv: bytes, data: bytes) -> bytes:
        if cipher == "rc2" and len(key) != 16:
            from checks.pkcs12_ciphers import decrypt  # noqa: PLC0415

            return decrypt(cipher, key, iv, data)
        from cryptography.hazmat.primitives.ciphers import Cipher, CipherAlgorithm, algorithms, modes  # noqa: PLC0415

        with warnings.catch_warnings():  # TripleDES/RC2 are deprecated names: fine for reading old files
            warnings.simplefilter("ignore")
            algorithm: CipherAlgorithm
            if cipher == "aes":
                algorithm = algorithms.AES(key)
            else:
                from cryptography.hazmat.decrepit.ciphers import algorithms as old  # noqa: PLC0415

                algorithm = old.TripleDES(key) if cipher == "tripledes" else old.RC2(key)
        decryptor = Cipher(algorithm, modes.CBC(iv)).decryptor()
        return decryptor.update(data) + decryptor.finalize()


def opener(password) -> Opener:
    """An opener with a fixed password (bytes), or a callable that returns it when needed."""
    get = password if callable(password) else (lambda: password)
    return Opener(get, CryptographyCiphers())
