"""Structured hostile and unusual inputs, as a careful tester tries them: each case with the
exact finding codes it must give. The same core runs in the browser, so each case runs
through check(), check_async() and load() alike.

Generators are here (support/pki.py makes the certificates; the worst cases are in support/hostile_input.py); nothing is committed as binary.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest
from asn1crypto import parser
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization

from checks import check, check_async
from checks.load import MAX_BYTES, Truncated, format_size, load
from support import pki as P
from support.aio import AsyncVerifier, run_coroutine  # Playwright's sync API may hold this thread's event loop
from support.hostile_input import WORST_CASES, many_cas_then_leaf

AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
OK = {"policy.wrong-environment", "revocation.not-checked"}  # a synthetic OCES3 test leaf, accepted for test
BUNDLE = OK | {"input.bundle"}
WRAPPED = OK | {"input.wrapping"}


@pytest.fixture(scope="module")
def pki():
    p = P.PKI.create()
    return p, p.trust(), p.oces3()


def codes(pki, data: bytes, lang: str = "en", **kw) -> set[str]:
    """The finding codes of check(); check_async() must give the same report."""
    _, trust, _ = pki
    report = check(data, at=AT, lang=lang, trust=trust, **kw)
    if not kw:
        other = run_coroutine(check_async(data, at=AT, lang=lang, trust=trust, verifier=AsyncVerifier()))
        assert other == report
    return {f["code"] for f in report["findings"]}


def report_of(pki, data: bytes, **kw) -> dict:
    _, trust, _ = pki
    return check(data, at=AT, lang="en", trust=trust, **kw)


def lines(pem: bytes, prefix: bytes, crlf: bool = False) -> bytes:
    end = b"\r\n" if crlf else b"\n"
    return b"".join(prefix + line + end for line in pem.splitlines())


# --- wrappings a certificate is pasted in ----------------------------------------------


@pytest.mark.parametrize(
    "prefix,expected",
    [
        (b"    ", WRAPPED),  # YAML block or an indented e-mail
        (b"\t", WRAPPED),
        (b"> ", WRAPPED),  # quoted in a mail reply
        (b"> > ", WRAPPED),
        (b"| ", WRAPPED),  # a chat or Markdown table
        (b"# ", WRAPPED),  # a comment in a configuration file
    ],
)
def test_prefixed_lines(pki, prefix, expected):
    leaf = pki[2]
    assert codes(pki, lines(leaf.pem, prefix)) == expected
    assert codes(pki, lines(leaf.pem, prefix, crlf=True)) == expected


def test_quoted_block_with_a_reflowed_blank_quote_line(pki):
    leaf = pki[2]
    text = lines(leaf.pem, b"> ").replace(b"\n", b"\n>\n", 1)
    assert codes(pki, b"On Monday someone wrote:\n" + text + b"\nRegards\n") == WRAPPED


def test_yaml_block_scalar(pki):
    leaf = pki[2]
    doc = b"service:\n  name: x\n  certificate: |\n" + lines(leaf.pem, b"    ") + b"  port: 443\n"
    assert codes(pki, doc) == WRAPPED


def test_wrapping_is_named_in_both_languages(pki):
    leaf = pki[2]
    for lang, word in (("da", "citeret"), ("en", "quoted")):
        report = check(lines(leaf.pem, b"> "), at=AT, lang=lang, trust=pki[1])
        [note] = [f for f in report["findings"] if f["code"] == "input.wrapping"]
        assert word in note["message"] and "“>”" in note["message"] and note["severity"] == "info"


@pytest.mark.parametrize(
    "body",
    [
        lambda der: base64.b64encode(der),  # base64 with no spaces
        lambda der: b" ".join(base64.encodebytes(der).split()),  # the 64-character lines joined by spaces
    ],
)
def test_one_line_pem(pki, body):
    leaf = pki[2]
    data = b"-----BEGIN CERTIFICATE-----" + body(leaf.der) + b"-----END CERTIFICATE-----"
    assert codes(pki, data) == WRAPPED
    assert codes(pki, b"cert=" + data + b" # pasted") == WRAPPED  # text before and after on the same line


def test_two_one_line_blocks_on_one_line(pki):
    p, _, leaf = pki

    def one(c):
        return b"-----BEGIN CERTIFICATE-----" + base64.b64encode(P.der(c)) + b"-----END CERTIFICATE-----"

    data = one(leaf.cert) + b" " + one(p["oces3-test-ca-1"].cert)
    report = report_of(pki, data)
    assert {f["code"] for f in report["findings"]} == BUNDLE | {"input.wrapping"}
    assert report["certificate"]["subject_cn"] == "SYNTETISK_SYSTEM_1"


def test_pem_in_a_json_document(pki):
    leaf = pki[2]
    doc = json.dumps({"name": "x", "certificate": leaf.pem.decode()}).encode()
    assert b"\\n" in doc
    assert codes(pki, doc) == WRAPPED
    assert report_of(pki, doc)["input"]["format"] == "pem"


def test_pem_with_escaped_newlines_outside_json(pki):
    """A fragment copied out of source code: not a JSON document, literal \\n escapes."""
    leaf = pki[2]
    fragment = b'cert = "' + leaf.pem.replace(b"\n", b"\\n") + b'";'
    assert codes(pki, fragment) == WRAPPED


def test_xml_metadata(pki):
    _p, _, leaf = pki
    b64 = base64.encodebytes(leaf.der)
    for tag in (b"ds:X509Certificate", b"X509Certificate", b"dsig:X509Certificate"):
        doc = (
            b'<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'
            b'<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><'
            + tag
            + b">\n"
            + b64
            + b"</"
            + tag
            + b"></ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:EntityDescriptor>"
        )
        report = report_of(pki, doc)
        assert {f["code"] for f in report["findings"]} == OK and report["input"]["format"] == "xml", tag
    # .NET writes &#13; at each line end; an entity bomb in the DOCTYPE is never expanded
    net = (
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<X509Certificate>" + b64.replace(b"\n", b"&#13;\n") + b"</X509Certificate>"
    )
    assert codes(pki, net) == OK


def test_xml_with_leaf_and_ca_in_any_order(pki):
    p, _, leaf = pki
    ca = P.der(p["oces3-test-ca-1"].cert)

    def element(d):
        return b"<ds:X509Certificate>" + base64.b64encode(d) + b"</ds:X509Certificate>"

    report = report_of(pki, b"<KeyInfo>" + element(ca) + element(leaf.der) + b"</KeyInfo>")
    assert {f["code"] for f in report["findings"]} == BUNDLE
    assert report["certificate"]["subject_cn"] == "SYNTETISK_SYSTEM_1"


def test_xml_element_that_is_not_a_certificate(pki):
    assert codes(pki, b"<X509Certificate>bm90IGEgY2VydA==</X509Certificate>") == {"input.unrecognised"}
    assert codes(pki, b"<X509Certificate>%%%</X509Certificate>") == {"cert.malformed"}


def test_jwk_and_jwks(pki):
    p, _, leaf = pki
    chain = [base64.b64encode(leaf.der).decode(), base64.b64encode(P.der(p["oces3-test-ca-1"].cert)).decode()]
    jwk = {"kty": "RSA", "use": "sig", "kid": "1", "n": "AQAB", "e": "AQAB", "x5c": chain}
    for doc in (jwk, {"keys": [jwk]}, {"keys": [{**jwk, "x5c": chain[::-1]}]}):
        report = report_of(pki, json.dumps(doc).encode())
        assert {f["code"] for f in report["findings"]} == BUNDLE and report["input"]["format"] == "jwk"
        assert report["certificate"]["subject_cn"] == "SYNTETISK_SYSTEM_1"


def test_private_jwk_is_a_private_key(pki):
    doc = {"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "c2VjcmV0", "x5c": [base64.b64encode(pki[2].der).decode()]}
    assert codes(pki, json.dumps(doc).encode()) == {"input.private-key"}


def test_json_without_certificates_and_deep_json(pki):
    assert codes(pki, b'{"keys": []}') == {"input.unrecognised"}
    # Deep nesting is refused before the parser recurses (issue 16: Pyodide's stack overflows).
    assert codes(pki, b"[" * 200_000 + b"]" * 200_000) == {"input.nested-too-deep"}


def test_der_whose_name_holds_markers_is_still_der(pki):
    p, _, _ = pki
    leaf = p.oces3(cn="-----BEGIN CERTIFICATE-----<X509Certificate>y</X509Certificate>")
    report = report_of(pki, leaf.der)
    assert {f["code"] for f in report["findings"]} == OK and report["input"]["format"] == "der"


# --- the leaf, whatever the container and order -------------------------------------------


ORDERS = [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]


def _chain(pki):
    p, _, leaf = pki
    return [leaf.cert, p["oces3-test-ca-1"].cert, p["oces3-test-root"].cert]


@pytest.mark.parametrize("order", ORDERS)
def test_leaf_first_in_pem_and_pkcs7(pki, order):
    certs = [_chain(pki)[i] for i in order]
    for data in (P.pem(*certs), P.pkcs7_bundle(*certs), P.pkcs7_bundle(*certs, encoding="pem")):
        report = report_of(pki, data)
        assert report["certificate"]["subject_cn"] == "SYNTETISK_SYSTEM_1", order
        assert {f["code"] for f in report["findings"]} == BUNDLE


def test_leaf_found_among_more_certificates_than_are_read(pki):
    from checks.load import MAX_CERTIFICATES

    p, _, leaf = pki
    data = many_cas_then_leaf(p, leaf, MAX_CERTIFICATES + 10)
    report = report_of(pki, data)
    assert report["certificate"]["subject_cn"] == "SYNTETISK_SYSTEM_1"
    assert {f["code"] for f in report["findings"]} == BUNDLE
    assert report["input"]["certificates"] == MAX_CERTIFICATES
    assert codes(pki, leaf.pem * 500) == OK  # one certificate many times is one certificate


# --- wrong diagnoses ---------------------------------------------------------------------


def _crl(pki, encoding=serialization.Encoding.DER) -> bytes:
    p, _, _ = pki
    ca = p["oces3-test-ca-1"]
    crl = (
        cx509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(dt.datetime(2025, 1, 1))
        .next_update(dt.datetime(2025, 2, 1))
        .sign(P.rsa_key("crl-signer"), hashes.SHA256())
    )
    return crl.public_bytes(encoding)


def test_crl_is_a_crl(pki):
    assert codes(pki, _crl(pki)) == {"input.crl"}
    assert codes(pki, _crl(pki, serialization.Encoding.PEM)) == {"input.crl"}
    der = _crl(pki)
    assert codes(pki, b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n") == {
        "input.crl"
    }


def test_p7b_under_a_certificate_label(pki):
    p7 = P.pkcs7_bundle(*_chain(pki))
    data = b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(p7) + b"-----END CERTIFICATE-----\n"
    report = report_of(pki, data)
    assert {f["code"] for f in report["findings"]} == BUNDLE
    assert report["certificate"]["subject_cn"] == "SYNTETISK_SYSTEM_1" and report["input"]["format"] == "pkcs7"


def test_encrypted_pkcs8_der_is_a_private_key(pki):
    key = pki[2].key
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"pw")
    )
    assert codes(pki, der) == {"input.private-key"}
    assert codes(pki, base64.encodebytes(der)) == {"input.private-key"}


@pytest.mark.parametrize(
    "label", ["PGP PRIVATE KEY BLOCK", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY"]
)
def test_armoured_private_keys(pki, label):
    block = f"-----BEGIN {label}-----\nVersion: x\n\nlQOYBGRz\n=abcd\n-----END {label}-----\n".encode()
    assert codes(pki, block) == {"input.private-key"}
    assert codes(pki, pki[2].pem + block) == {"input.private-key"}  # a key beside a certificate: refused whole


def _ber_outer(der: bytes, indefinite: bool = False) -> bytes:
    _, _, _, _, contents, _ = parser.parse(der)
    if indefinite:
        return b"\x30\x80" + contents + b"\x00\x00"
    return b"\x30\x84" + len(contents).to_bytes(4, "big") + contents


def _ber_algorithm(der: bytes) -> bytes:
    """The outer signatureAlgorithm SEQUENCE with a long-form length (it is not signed)."""
    _, _, _, _, contents, _ = parser.parse(der)
    tbs_len = parser.peek(contents)
    tbs, rest = contents[:tbs_len], contents[tbs_len:]
    alg_len = parser.peek(rest)
    alg, sig = rest[:alg_len], rest[alg_len:]
    _, _, _, _header, alg_contents, _ = parser.parse(alg)
    ber_alg = b"\x30\x81" + bytes([len(alg_contents)]) + alg_contents
    body = tbs + ber_alg + sig
    return b"\x30\x82" + len(body).to_bytes(2, "big") + body


@pytest.mark.parametrize(
    "make", [_ber_outer, lambda d: _ber_outer(d, True), _ber_algorithm], ids=["long-form", "indefinite", "algorithm"]
)
def test_ber_outer_lengths(pki, make):
    ber = make(pki[2].der)
    report = report_of(pki, ber)
    assert {f["code"] for f in report["findings"]} == OK | {"input.not-der"}
    loaded = load(ber)
    assert loaded.ders == [ber]  # the bytes as given, for the sha256 the report shows
    assert hashlib.sha256(loaded.ders[0]).hexdigest() != hashlib.sha256(pki[2].der).hexdigest()
    # The thumbprints in the report are those of the file, not of its re-encoding.
    assert report["certificate"]["sha256"] == hashlib.sha256(ber).hexdigest()
    assert report["certificate"]["sha1"] == hashlib.sha1(ber).hexdigest()


def test_malformed_reasons_are_catalogued_in_both_languages(pki):
    leaf = pki[2]
    cases = {
        leaf.der[:400]: ("filen slutter", "the file ends before"),
        leaf.der + b"\x01\x02": ("andre data efter", "other data follows"),
        b"-----BEGIN CERTIFICATE-----\nMII%%%\n-----END CERTIFICATE-----\n": ("ikke gyldig base64", "not valid base64"),
        b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(leaf.der): ("END-linjen mangler", "END line is missing"),
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n": ("standarden X.509", "X.509 standard"),
    }
    for data, (da, en) in cases.items():
        for lang, text in (("da", da), ("en", en)):
            report = check(data, at=AT, lang=lang, trust=pki[1])
            [f] = report["findings"]
            assert f["code"] == "cert.malformed" and text in f["message"], (data[:40], lang, f["message"])
            assert "asn1crypto" not in f["message"] and "_" not in f["message"]


# --- size and time: every input gets a report quickly -----------------------------------


def test_too_large_says_the_size_per_language(pki):
    big = b"0" * (MAX_BYTES + 1)
    [f] = check(big, at=AT, lang="da", trust=pki[1])["findings"]
    assert f["code"] == "input.too-large" and "mere end 1 MB" in f["message"]
    [f] = check(Truncated(big, 1485967), at=AT, lang="da", trust=pki[1])["findings"]
    assert "1,4 MB" in f["message"] and "1485967" not in f["message"]
    [f] = check(Truncated(big, 1485967), at=AT, lang="en", trust=pki[1])["findings"]
    assert "1.4 MB" in f["message"]
    assert format_size(2 * 1024**3, "da") == "2 GB" and format_size(None, "en") == "more than 1 MB"


@pytest.mark.parametrize("name", sorted(WORST_CASES))
def test_worst_cases_at_the_size_limit(pki, name):
    """Exact findings; how fast is measured by bench/hostile.py, side by side with a plain certificate."""
    data, expected = WORST_CASES[name]
    assert len(data) <= MAX_BYTES
    assert codes(pki, data) == expected


def test_empty_and_whitespace(pki):
    for data in (b"", b" \n\t\r\n", b"\xef\xbb\xbf"):
        assert codes(pki, data) == {"input.empty"}


def test_load_never_raises_on_odd_types_of_bytes(pki):
    for data in (bytearray(pki[2].der), memoryview(pki[2].der)):
        assert load(bytes(data)).certificates
    assert load(Truncated(b"x" * (MAX_BYTES + 1), None)).findings[0].code == "input.too-large"
