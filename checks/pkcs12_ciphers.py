"""The block ciphers for opening a PKCS#12 certificate part in the browser, from pure-Python
libraries (Pyodide has no `cryptography`, and WebCrypto has neither triple DES nor RC2):
`pyaes` (AES), `pyDes` (triple DES), `rc2` (RC2). They are pinned wheels that the worker
loads only when a password is given (docs/assets/widgets/worker.js); this module imports
them on first use. tests/test_pkcs12_open.py checks each against `cryptography`.

Only CBC decryption is needed; padding is removed by the caller (checks/pfx.py).
"""

from __future__ import annotations

import array
import sys
import types

names = frozenset({"aes", "tripledes", "rc2"})


def decrypt(cipher: str, key: bytes, iv: bytes, data: bytes) -> bytes:
    if cipher == "aes":
        return _aes(key, iv, data)
    if cipher == "tripledes":
        import pyDes  # noqa: PLC0415  loaded on first need

        return pyDes.triple_des(key, pyDes.CBC, iv).decrypt(data)
    if cipher == "rc2":
        return _rc2_cbc(key, iv, data)
    raise ValueError(cipher)


def _aes(key: bytes, iv: bytes, data: bytes) -> bytes:
    import pyaes  # noqa: PLC0415  loaded on first need

    # pyaes' CBC decrypts one 16-byte block per call and keeps the chaining state.
    mode = pyaes.AESModeOfOperationCBC(key, iv=iv)
    return b"".join(mode.decrypt(data[i : i + 16]) for i in range(0, len(data), 16))


class _Array(array.array):
    """array.array with the names Python 3.9 removed (fromstring/tostring), which rc2 0.11
    still calls; the same operations under their new names."""

    def fromstring(self, data):
        self.frombytes(data)

    def tostring(self):
        return self.tobytes()


def _rc2_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    """RC2-CBC with rc2's block cipher (RFC 2268, effective key bits = the key's length, as
    RFC 7292's RC2-40 and RC2-128 use it). rc2 0.11's own CBC loop is Python 2 code
    (ord() of bytes), so the chaining is done here; its `array` is seen through _Array."""
    import rc2  # noqa: PLC0415  loaded on first need

    if sys.byteorder != "little":  # pragma: no cover  rc2 reads 16-bit words in the machine's order
        raise ValueError("rc2 needs a little-endian machine")
    if not isinstance(getattr(rc2, "array", None), types.SimpleNamespace):
        rc2.array = types.SimpleNamespace(array=_Array)
    cipher = rc2.RC2(key)
    out, previous = bytearray(), iv
    for i in range(0, len(data), 8):
        block = data[i : i + 8]
        plain = cipher.block_decrypt(bytearray(block))
        out += bytes(a ^ b for a, b in zip(plain, previous))
        previous = block
    return bytes(out)
