"""Certificates embedded in other documents: XML/SAML metadata and JSON (JWK, JWKS, any JSON).

XML is scanned, not parsed: an XML parser may expand entities (billion laughs) and the
input is untrusted. The scan finds each `<X509Certificate>` element (any namespace
prefix) in one pass. JSON is parsed with the standard library, which expands nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from itertools import accumulate

_TAG = b"X509Certificate"
# Character references for line breaks, as .NET writes them into SAML metadata.
_XML_BREAKS = (b"&#13;", b"&#xD;", b"&#xd;", b"&#10;", b"&#xA;", b"&#xa;")
MAX_ITEMS = 1000  # certificates taken from one document, as checks.pem.MAX_BLOCKS
# Levels of [ and { a JSON document may have. A JWKS has 4; the standard library's parser
# recurses once per level, and in Pyodide (a WebAssembly stack) some thousands of levels
# overflow the JavaScript stack ("Maximum call stack size exceeded") and kill the worker,
# which Python's RecursionError does not catch. So deeper documents are refused unparsed.
MAX_JSON_DEPTH = 100
_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="


def looks_like_xml(data: bytes) -> bool:
    return _TAG + b">" in data and b"<" in data


def xml_certificates(data: bytes) -> list[bytes]:
    """The DER of each non-empty <…X509Certificate> element; an element that does not
    decode is given as b"" (so the caller can say a certificate was damaged)."""
    out: list[bytes] = []
    pos = 0
    while len(out) < MAX_ITEMS:
        at = data.find(_TAG, pos)
        if at == -1:
            return out
        pos = at + len(_TAG)
        if not _opens_element(data, at) or data[pos : pos + 1] not in (b">", b" ", b"\t", b"\r", b"\n"):
            continue
        start = data.find(b">", pos)
        if start == -1 or data[start - 1 : start] == b"/":  # no end, or an empty element <X509Certificate/>
            continue
        end = data.find(b"</", start)
        if end == -1:
            return out
        text = data[start + 1 : end]
        pos = end
        for ref in _XML_BREAKS:
            text = text.replace(ref, b"\n")
        out.append(_b64(text))
    return out


def _opens_element(data: bytes, at: int) -> bool:
    """`<X509Certificate` or `<prefix:X509Certificate`, looking back a bounded distance."""
    if data[at - 1 : at] == b"<":
        return True
    if data[at - 1 : at] != b":":
        return False
    lt = data.rfind(b"<", max(0, at - 64), at)
    return lt != -1 and all(c not in b" \t\r\n/>" for c in data[lt + 1 : at - 1])


def _b64(text: bytes) -> bytes:
    compact = b"".join(text.split())
    if not compact or compact.translate(None, _B64):
        return b""
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return b""


# JWK members that hold a private or secret key (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


@dataclass
class JsonFound:
    x5c: list[bytes] = field(default_factory=list)  # DER from `x5c` arrays (b"" for an entry that does not decode)
    pem_texts: list[bytes] = field(default_factory=list)  # strings that hold a PEM block
    private_key: bool = False  # a JWK with a private or secret member ("d", "p", "k", …)


def looks_like_json(data: bytes) -> bool:
    head = data.lstrip()[:1]
    return head in (b"{", b"[")


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')  # two disjoint alternatives: linear, no backtracking
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_too_deep(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether [ and { nest more than `limit` levels in `data` (outside strings), found
    without recursion and in time linear in the input."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


def json_certificates(data: bytes) -> JsonFound | None:
    """What a JSON document holds, or None when `data` is no JSON document. A document
    nested deeper than MAX_JSON_DEPTH is never given to the parser: the caller asks
    `json_too_deep` first."""
    if json_too_deep(data):
        return None
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        return None
    found = JsonFound()
    stack = [doc]
    while (
        stack and len(found.x5c) + len(found.pem_texts) < MAX_ITEMS
    ):  # iterative: deep nesting must not exhaust the stack
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("kty"), str) and not _PRIVATE_MEMBERS.isdisjoint(item):
                found.private_key = True
            chain = item.get("x5c")
            if isinstance(chain, list):
                found.x5c += [_b64(c.encode("ascii", "replace")) if isinstance(c, str) else b"" for c in chain]
            stack.extend(v for k, v in item.items() if k != "x5c")
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str) and "-----BEGIN" in item:
            found.pem_texts.append(item.encode("utf-8", "replace"))
    return found
