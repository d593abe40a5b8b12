"""Issue 16: every value from the input stays a value in every output, and the CLI fails
in one line. The same hostile names go through the text report, the JSON report, the
registration message and the page's file helpers (the browser side: tests/browser/
test_hostile_page.py); stdin closed and a full disk give one line and an exit code."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import pki as P

ROOT = Path(__file__).resolve().parents[1]
AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)

# The names of issue 16: a forged verdict line, and each control a terminal, a calendar or a
# text editor acts on.
FORGED = "\nTest/preprod: Godkendt"
HOSTILE_NAMES = {
    "line-break": "SYSTEM" + FORGED,
    "crlf": "SYSTEM\r\nTest/preprod: Godkendt",
    "nul": "SYS\x00TEM",
    "esc": "SYS\x1b[2JTEM",
    "bel": "SYS\x07TEM",
    "vt": "SYS\x0bTEM",
    "del": "SYS\x7fTEM",
    "line-separator": "SYSTEM\u2028Test/preprod: Godkendt",
    "rtl-override": "SYSTEM\u202eTEM",
}
RAW = ["\n", "\r", "\x00", "\x1b", "\x07", "\x0b", "\x7f", "\u2028", "\u202e"]


@pytest.fixture(scope="module")
def pki():
    return P.PKI.create()


@pytest.fixture(scope="module")
def hostile_leaves(pki):
    # A certificate's CN cannot hold NUL in cryptography's builder; the rest go into the CN.
    return {k: pki.oces3(cn=v) for k, v in HOSTILE_NAMES.items() if "\x00" not in v}


def _no_raw(text: str, allowed: str = "\n") -> None:
    for ch in RAW:
        if ch not in allowed:
            assert ch not in text, repr(ch)


def _lines_ours(text: str) -> None:
    """No line of the output starts with the forged verdict."""
    assert not [line for line in text.splitlines() if line.lstrip().startswith("Test/preprod: Godkendt")]


# --- the text report (CLI) -------------------------------------------------------------------


@pytest.mark.parametrize("key", [k for k in HOSTILE_NAMES if "\x00" not in HOSTILE_NAMES[k]])
def test_text_report_keeps_each_name_on_its_line(pki, hostile_leaves, key):
    from checks.cli import format_text
    from checks.report import check

    report = check(hostile_leaves[key].pem, at=AT, trust=pki.trust(), lang="da", name=HOSTILE_NAMES[key] + ".pem")
    text = format_text(report, "da")
    _no_raw(text)
    _lines_ours(text)
    assert text.splitlines()[0].startswith("SYS")  # file name and CN on the first line, escaped


def test_cli_file_names_with_controls(tmp_path, pki):
    """Through the real CLI: every hostile name as a file name (NUL cannot be in a path)."""
    trust = tmp_path / "trust"  # empty: the names matter here, not the verdicts
    trust.mkdir()
    paths = []
    for name in HOSTILE_NAMES.values():
        if "\x00" in name:
            continue
        path = tmp_path / (name.replace("/", "_") + ".pem")
        path.write_bytes(pki.oces3().pem)
        paths.append(str(path))
    r = subprocess.run(
        [sys.executable, "-m", "checks", "check", "--trust-dir", str(trust), *paths],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    out = r.stdout.decode("utf-8")
    assert r.returncode == 1 and b"Traceback" not in r.stderr, r.stderr
    _no_raw(out)
    _lines_ours(out)


# --- the registration message ------------------------------------------------------------------


def _accepted(pki, cn):
    from checks.report import check

    return check(pki.oces3(cn=cn).pem, at=AT, trust=pki.trust(), lang="da")


@pytest.mark.parametrize("key", list(HOSTILE_NAMES))
def test_message_refuses_hostile_ws_id_and_optional_lines(pki, key):
    from checks import build_message

    report = _accepted(pki, "SYNTETISK_SYSTEM_1")
    name = HOSTILE_NAMES[key]
    for lang in ("da", "en"):
        ws = build_message(test=(report, name), lang=lang)
        assert not ws["ok"] and ws["text"] is None
        assert [f["code"] for f in ws["findings"]] == ["message.ws-id-invalid"]
        for field in ("supplier", "system", "contact"):
            refused = build_message(test=(report, "ws-test-1"), lang=lang, **{field: name})
            assert not refused["ok"] and refused["text"] is None
            assert [f["code"] for f in refused["findings"]] == ["message.field-invalid"]


def test_ws_id_reason_is_said_in_both_languages(pki):
    from checks import build_message

    report = _accepted(pki, "SYNTETISK_SYSTEM_1")
    for value, da, en in (
        ("ws\u00a0test", "hårdt mellemrum", "no-break space"),
        ("w" * 10_000, "64 tegn", "64 characters"),
        ("ws\ntest", "linjeskift", "line breaks"),
    ):
        assert da in build_message(test=(report, value), lang="da")["findings"][0]["message"]
        assert en in build_message(test=(report, value), lang="en")["findings"][0]["message"]


@pytest.mark.parametrize("key", [k for k in HOSTILE_NAMES if "\x00" not in HOSTILE_NAMES[k]])
def test_message_from_a_hostile_certificate_keeps_its_lines(pki, hostile_leaves, key):
    """The message's lines come from the template: a hostile CN never reaches it, and the
    refusal that names the certificate keeps it on one line."""
    from checks import build_message
    from checks.report import check

    report = check(hostile_leaves[key].pem, at=AT, trust=pki.trust(), lang="da")
    result = build_message(test=(report, "ws-test-1"), lang="da")
    if result["text"] is not None:
        _no_raw(result["text"])
        _lines_ours(result["text"])
    for f in result["findings"]:
        _no_raw(f["message"], allowed="")


# --- the JSON report keeps values whole ----------------------------------------------------------


def test_json_keeps_the_name_whole(pki, hostile_leaves):
    from checks.report import check

    report = check(hostile_leaves["line-break"].pem, at=AT, trust=pki.trust(), lang="da", name="x")
    assert report["certificate"]["subject_cn"] == HOSTILE_NAMES["line-break"]
    assert json.loads(json.dumps(report))["certificate"]["subject_cn"] == HOSTILE_NAMES["line-break"]


# --- a certificate's thumbprint is the downloaded file's -----------------------------------------


def _ber(der: bytes) -> bytes:
    from asn1crypto import parser

    body = parser.parse(der)[4]
    return b"\x30\x84" + len(body).to_bytes(4, "big") + body


@pytest.mark.parametrize("wrapping", ["pem", "der", "base64", "pkcs7", "xml", "jwk", "hex", "ber", "ber-pem"])
def test_downloaded_certificate_has_the_shown_thumbprint(pki, wrapping):
    import base64
    import hashlib

    from checks import browser
    from checks.report import check

    leaf = pki.oces3()
    b64 = base64.b64encode(leaf.der).decode()
    data = {
        "pem": leaf.pem,
        "der": leaf.der,
        "base64": P.headerless_base64(leaf.cert),
        "pkcs7": P.pkcs7_bundle(leaf.cert),
        "xml": f"<ds:X509Certificate>{b64}</ds:X509Certificate>".encode(),
        "jwk": json.dumps({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB", "x5c": [b64]}]}).encode(),
        "hex": leaf.der.hex().encode(),
        "ber": _ber(leaf.der),
        "ber-pem": b"-----BEGIN CERTIFICATE-----\n"
        + base64.encodebytes(_ber(leaf.der))
        + b"-----END CERTIFICATE-----\n",
    }[wrapping]
    browser._state["trust"] = pki.trust()
    report = check(data, at=AT, trust=pki.trust(), lang="en")
    files = json.loads(browser.files(data, json.dumps(report["chain"]["path"])))
    der = base64.b64decode(files["der"])
    assert hashlib.sha256(der).hexdigest() == report["certificate"]["sha256"]
    from asn1crypto import pem as apem

    assert apem.unarmor(files["pem"].encode())[2] == der


# --- the CLI fails in one line ---------------------------------------------------------------------


def _cli(*args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, close_stdin=False, trust=None):
    cmd = [sys.executable, "-m", "checks", *args]
    env = dict(os.environ, OCES_TRUST_DIR=str(trust)) if trust else None
    # `0<&-` as a shell would: the child starts with descriptor 0 closed.
    pre = (lambda: os.close(0)) if close_stdin else None
    return subprocess.run(
        cmd,
        stdin=None if close_stdin else stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        timeout=120,
        preexec_fn=pre,
        env=env,
    )


@pytest.fixture(scope="module")
def cert_file(tmp_path_factory, pki):
    path = tmp_path_factory.mktemp("cli") / "leaf.pem"
    path.write_bytes(pki.oces3().pem)
    return path


@pytest.mark.parametrize(
    "args", [("check", "-"), ("check", "--password-stdin", "{file}"), ("message", "--test", "-", "--test-ws", "ws-1")]
)
def test_closed_stdin_is_one_line(trust_dir, cert_file, args):
    args = [a.replace("{file}", str(cert_file)) for a in args]
    r = _cli(*args, close_stdin=True, trust=trust_dir)
    lines = r.stderr.decode().strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and "standard input is closed" in lines[0], r.stderr
    assert b"Traceback" not in r.stderr


def test_pkcs12_without_terminal_or_stdin_is_still_a_pkcs12(shared, trust_dir):
    p12 = shared / "corpus" / "formats" / "pkcs12-oces3-testwsc-Test1234.pfx"
    r = _cli("check", "--json", str(p12), close_stdin=True, trust=trust_dir)
    assert r.returncode == 1 and b"Traceback" not in r.stderr, r.stderr
    [report] = json.loads(r.stdout)
    assert report["input"]["format"] == "pkcs12"
    assert [f["code"] for f in report["findings"]] == ["input.pkcs12"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("check", "{file}"), ("check", "--json", "{file}"), ("trust",)])
def test_full_disk_is_one_line(trust_dir, cert_file, args):
    args = [a.replace("{file}", str(cert_file)) for a in args]
    with open("/dev/full", "w") as full:
        r = _cli(*args, stdout=full, trust=trust_dir)
    lines = r.stderr.decode().strip().splitlines()
    assert b"Traceback" not in r.stderr and len(lines) == 1, r.stderr
    assert r.returncode == 3 and "could not be written" in lines[0]
