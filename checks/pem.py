"""PEM blocks found line by line, in time linear in the input.

A block runs from a BEGIN line to the next END line. Text around blocks is ignored, and
so is what a mail client, a YAML file or a chat adds in front of each line: indentation
and quoting prefixes (`> `, `| `, `# `). One-line PEM (BEGIN, base64, END on one line,
with or without spaces) and PEM inside a string with literal `\\n` escapes (JSON, code)
are read as well. A regular expression over the whole input is avoided on purpose: a
lazy `.*?` between BEGIN and END backtracks quadratically on many BEGIN lines without END.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

_BEGIN = b"-----BEGIN "
_END = b"-----END "
_DASHES = b"-----"
_LABEL_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 #/-_.")
_MAX_LABEL = 64
_MAX_PREFIX = 64
MAX_BLOCKS = 1000  # a bundle of CA certificates has some hundreds; past this the rest is not read
_QUOTE_CHARS = b" \t>|#*;"  # never a base64 character (so not "/" or "+")
_ESCAPES = ((b"\\r\\n", b"\n"), (b"\\n", b"\n"), (b"\\r", b"\n"), (b"\\/", b"/"))


@dataclass
class Block:
    label: str
    der: bytes | None  # None when the block could not be decoded; `problem` says why
    problem: str | None = None  # bad-base64 | end-missing (keys of input.toml's [malformed])
    wrapping: str | None = None  # None (plain) | indented | quoted | one-line | escaped
    prefix: str = ""  # the quoting prefix, for a `quoted` block


def has_marker(data: bytes) -> bool:
    return _BEGIN in data


def blocks(data: bytes) -> list[Block]:
    """Every PEM block in `data`, in order."""
    found = _scan(data)
    if b"\\n" in data and (not found or any(b.der is None for b in found)):
        # PEM copied out of a JSON string or source code: literal \n where the line breaks were.
        unescaped = data
        for escape, plain in _ESCAPES:
            unescaped = unescaped.replace(escape, plain)
        retry = _scan(unescaped)
        if sum(b.der is not None for b in retry) > sum(b.der is not None for b in found):
            for b in retry:
                b.wrapping = "escaped"
            return retry
    return found


class _Open:
    __slots__ = ("label", "lines", "pieces", "prefix", "stripped")

    def __init__(self, label: bytes, prefix: bytes):
        self.label, self.prefix = label, prefix
        self.pieces: list[bytes] = []
        self.stripped = False  # a following line began with the quoting prefix
        self.lines = 0


def _scan(data: bytes) -> list[Block]:
    out: list[Block] = []
    current: _Open | None = None
    for line in data.splitlines():
        if len(out) >= MAX_BLOCKS:
            return out
        pos = 0
        if current is not None:
            line, pos = _strip_prefix(line, current), 0
            current.lines += 1
        # Next BEGIN and END on this line, found once and searched again only past them:
        # each byte is looked at a bounded number of times, even with thousands of markers.
        next_begin, next_end = line.find(_BEGIN), line.find(_END)
        while len(out) < MAX_BLOCKS:
            if next_begin != -1 and next_begin < pos:
                next_begin = line.find(_BEGIN, pos)
            if next_end != -1 and next_end < pos:
                next_end = line.find(_END, pos)
            if current is None:
                if next_begin == -1:
                    break
                label, after = _marker(line, next_begin + len(_BEGIN))
                if label is None:
                    pos = next_begin + len(_BEGIN)
                    continue
                # Only a short start of the line can be a quoting prefix (and copying a
                # long one for each of many markers on one line would be quadratic).
                prefix = line[:next_begin] if pos == 0 and next_begin <= _MAX_PREFIX else b""
                current = _Open(label, prefix)
                pos = after
                continue
            if next_begin != -1 and (next_end == -1 or next_begin < next_end):
                current.pieces.append(line[pos:next_begin])
                out.append(_unterminated(current))  # a new BEGIN before this block's END
                current = None
                pos = next_begin
                continue
            if next_end == -1:
                current.pieces.append(line[pos:])
                break
            current.pieces.append(line[pos:next_end])
            _, after = _marker(line, next_end + len(_END))
            out.append(_close(current))
            current = None
            pos = after if after else next_end + len(_END)
    if current is not None:
        out.append(_unterminated(current))
    return out


def _marker(line: bytes, start: int) -> tuple[bytes | None, int]:
    """The label after BEGIN/END at `start` and the position after the closing dashes."""
    stop = line.find(_DASHES, start, start + _MAX_LABEL + 1)
    if stop <= start:
        return None, 0
    label = line[start:stop]
    if not _LABEL_CHARS.issuperset(label):
        return None, 0
    return label, stop + len(_DASHES)


def _strip_prefix(line: bytes, block: _Open) -> bytes:
    prefix = block.prefix
    if prefix.strip():
        if line.startswith(prefix):
            block.stripped = True
            return line[len(prefix) :]
        if line.rstrip() == prefix.rstrip():
            return b""
        if set(prefix) <= set(_QUOTE_CHARS):  # `> ` quoting that a client re-flowed
            return line.lstrip(_QUOTE_CHARS)
    return line


def _close(block: _Open) -> Block:
    label = block.label.decode("ascii")
    text = b"".join(block.pieces)
    # Header lines (`Proc-Type: …`) and the whitespace of any layout are not base64.
    body = b"".join(b"".join(piece.split()) for piece in block.pieces if b":" not in piece)
    try:
        der = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return Block(label, None, "bad-base64", _wrapping(block, text))
    if not der:
        return Block(label, None, "bad-base64", _wrapping(block, text))
    return Block(label, der, None, _wrapping(block, text), block.prefix.decode("latin-1").strip())


def _unterminated(block: _Open) -> Block:
    return Block(block.label.decode("ascii"), None, "end-missing", _wrapping(block, b""))


def _wrapping(block: _Open, text: bytes) -> str | None:
    if block.lines == 0 and text.strip():
        return "one-line"
    if block.prefix.strip() and block.stripped:
        return "quoted"
    if block.prefix and not block.prefix.strip():
        return "indented"
    return None
