"""A light look at a certificate's ASN.1 shape before the full parse: refuses sizes no real
certificate has (tens of thousands of name parts, extensions, alternative names or policies,
or nesting far deeper than theirs), which asn1crypto would otherwise parse one by one, in seconds.

The bounds are data (checks/data/input.toml [limits]); each is far above what real
certificates hold, so only built inputs reach them. Counting stops at the bound, so the look
itself costs at most a few thousand element headers, whatever the input.
"""

from __future__ import annotations

from collections.abc import Iterator

from asn1crypto import parser

from checks.datafiles import load as load_data


def problem(der: bytes, whole: bool = True) -> str | None:
    """The input.toml [malformed] reason a certificate's shape is refused for, or None
    (also when the shape is damaged: the full parse then says why). With whole=False only
    the names and the number of extensions, which choosing the leaf reads: cheap enough for
    each of a thousand certificates in a bundle."""
    limits = load_data("input")["limits"]
    try:
        return _fields_problem(der, limits["name-attributes"], limits["elements"]) or (
            _walk_problem(der, limits["elements"], limits["depth"]) if whole else None
        )
    except (ValueError, StopIteration):  # damaged, or a field missing
        return None


def _elements(data: bytes) -> Iterator[tuple]:
    """The elements one after another in `data`, as asn1crypto.parser tuples (class, method,
    tag, header, contents, trailer). parser._parse reads at an offset, so siblings are found
    without copying the rest of the input for each one (parser.parse takes only a whole
    byte string: thousands of siblings in 1 MiB would copy gigabytes)."""
    pointer, end = 0, len(data)
    while pointer < end:
        info, pointer = parser._parse(data, end, pointer)
        yield info


# The fewest bytes an attribute in a name (SEQUENCE { OID, value }) and an Extension (SEQUENCE
# { OID, OCTET STRING }) take: 2 + 3 + 2. A name or list shorter than the bound times this
# cannot be over the bound, so most certificates are passed without counting.
_SMALLEST_PART = 7


def _fields_problem(der: bytes, name_limit: int, extension_limit: int) -> str | None:
    """Issuer and subject: at most `name_limit` attributes each; at most `extension_limit` extensions."""
    certificate = next(_elements(der))
    fields = list(_elements(next(_elements(certificate[4]))[4]))  # tbsCertificate: ten fields at most
    start = 1 if fields and fields[0][:3] == (2, 1, 0) else 0  # [0] version is optional
    for name in fields[start + 2 : start + 3] + fields[start + 4 : start + 5]:  # issuer, subject
        if len(name[4]) <= _SMALLEST_PART * name_limit:
            continue
        count = 0
        for rdn in _elements(name[4]):
            for _ in _elements(rdn[4]):
                count += 1
                if count > name_limit:
                    return "name-parts"
    for field in fields:
        if field[:3] == (2, 1, 3) and len(field[4]) > _SMALLEST_PART * extension_limit:  # [3] extensions
            for count, _ in enumerate(_elements(next(_elements(field[4]))[4]), 1):
                if count > extension_limit:
                    return "parts"
    return None


def _walk_problem(der: bytes, limit: int, max_depth: int) -> str | None:
    """Every element, also those inside OCTET and BIT STRINGs that hold DER (extension values,
    the key): at most `limit` of them, at most `max_depth` levels deep."""
    count = 0
    stack = [(der, 0, False)]  # (bytes, depth, encapsulated: may be plain bytes after all)
    while stack:
        data, depth, encapsulated = stack.pop()
        try:
            for class_, method, tag, _, contents, _ in _elements(data):
                count += 1
                if count > limit:
                    return "parts"
                inner = contents[1:] if (class_, tag) == (0, 3) else contents
                if method == 1 or ((class_, tag) in ((0, 3), (0, 4)) and inner[:1] in (b"\x30", b"\x31")):
                    if depth + 1 > max_depth:
                        return "nesting"
                    stack.append((contents if method == 1 else inner, depth + 1, encapsulated or method == 0))
        except ValueError:
            if not encapsulated:  # a damaged certificate: the full parse reports it
                raise
    return None
