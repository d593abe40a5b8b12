"""Values that come from the input (file names, subjects, CNs) made safe to put in a line of text.

A name may hold a line break followed by "Test/preprod: Godkendt", an ESC sequence, or a
right-to-left override: written raw into a summary, a text report, a message or an .ics
file it would forge a line. `one_line` keeps every printable character and writes each
control, format or separator character as a visible escape, so the value stays on its
line and still says what it held; long values are shortened for people (JSON and
downloads keep the whole value).
"""

from __future__ import annotations

import unicodedata

# Cc: C0/C1 controls (NUL, ESC, BEL, VT, DEL, line breaks); Cf: format characters
# (bidirectional overrides, zero-width joiners); Zl/Zp: Unicode line and paragraph separators.
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
ELLIPSIS = "…"


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def one_line(value: object, limit: int | None = 200) -> str:
    """`value` as one line: unsafe characters escaped, cut to `limit` characters with '…'."""
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit * 4:
        text = text[: limit * 4]  # bound the work before escaping a huge value
    out = "".join(_escape(c) if unicodedata.category(c) in _UNSAFE else c for c in text)
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)] + ELLIPSIS
    return out


def quoted(value: object, limit: int | None = 200) -> str:
    """`one_line(value)` in double quotes, a quote inside written as \\": the value's end is plain."""
    text = "" if value is None else str(value)
    return '"' + one_line(text.replace("\\", "\\\\").replace('"', '\\"'), limit) + '"'
