"""The memory snapshot as the site ships it: without its all-zero pages.

Pyodide's snapshot is the whole 31 MB of WebAssembly memory, about half of it zero pages.
Compression already makes those nearly free on the wire, but the browser still receives,
hashes (Subresource Integrity), caches and copies every byte; without them it handles
half as much. The worker (docs/assets/widgets/worker.js, `expandSnapshot`) puts the
zeros back before handing the bytes to Pyodide.

Layout: MAGIC, the full length and the page size (two little-endian uint32), a bitmap of
the pages kept (bit n of byte n // 8, lowest bit first), then the kept pages in order (the
last one may be short).
"""

from __future__ import annotations

import struct

MAGIC = b"OCESZP1\0"
PAGE = 4096
_HEADER = struct.Struct("<II")


def pack(data: bytes, page: int = PAGE) -> bytes:
    count = -(-len(data) // page)
    zero = bytes(page)
    bitmap = bytearray(-(-count // 8))
    kept = []
    for n in range(count):
        chunk = data[n * page : (n + 1) * page]
        if chunk != zero[: len(chunk)]:
            bitmap[n >> 3] |= 1 << (n & 7)
            kept.append(chunk)
    return MAGIC + _HEADER.pack(len(data), page) + bytes(bitmap) + b"".join(kept)


def unpack(packed: bytes) -> bytes:
    """The snapshot as Pyodide made it (the build checks its own packing with this)."""
    if packed[: len(MAGIC)] != MAGIC:
        raise ValueError("not a packed snapshot")
    total, page = _HEADER.unpack_from(packed, len(MAGIC))
    count = -(-total // page)
    at = len(MAGIC) + _HEADER.size
    bitmap, at = packed[at : at + -(-count // 8)], at + -(-count // 8)
    out = bytearray(total)
    for n in range(count):
        if bitmap[n >> 3] >> (n & 7) & 1:
            size = min(page, total - n * page)
            if at + size > len(packed):
                raise ValueError("packed snapshot is cut short")
            out[n * page : n * page + size] = packed[at : at + size]
            at += size
    if at != len(packed):
        raise ValueError("packed snapshot has the wrong length")
    return bytes(out)
