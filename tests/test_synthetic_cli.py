"""The CLI's PKCS#12 password path with synthetic files: how the password arrives on stdin.

The synthetic certificates do not chain to the real anchors (the CLI only trusts pinned
ones), so these tests look at what was read, not at verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from support import pki as P

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def leaf():
    return P.PKI.create().oces3()


def cli(path: Path, trust_dir: Path, stdin: bytes | None) -> dict:
    args = [
        sys.executable,
        "-m",
        "checks",
        "check",
        "--json",
        "--trust-dir",
        str(trust_dir),
        "--at",
        "2025-06-01T00:00:00Z",
    ]
    if stdin is not None:
        args.append("--password-stdin")
    done = subprocess.run(args + [str(path)], input=stdin or b"", capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    [report] = json.loads(done.stdout)
    return report


def read_ok(report: dict, leaf) -> None:
    assert {k: report["input"][k] for k in ("format", "certificates")} == {"format": "pkcs12", "certificates": 1}
    assert set(report["input"]["pkcs12"]) == {"certificate_encryption", "key_encryption", "mac", "legacy"}
    assert report["certificate"]["sha256"] == P.hashlib_sha256(leaf.der)
    # Only a note may speak of the input (a PKCS#12 whose certificates are not encrypted).
    assert not [f["code"] for f in report["findings"] if f["code"].startswith("input.") and f["severity"] != "info"]


@pytest.mark.parametrize(
    "password,stdin",
    [
        (b"Test1234", b"Test1234\n"),
        (b"Test1234", b"Test1234\r\n"),  # typed on Windows
        (b"Test1234", b"Test1234"),  # no line end at all
        ("Kodeord-æøå".encode(), "Kodeord-æøå\n".encode()),
        (b"Test1234 ", b"Test1234 \n"),  # a trailing space belongs to the password
    ],
    ids=["lf", "crlf", "no-newline", "utf8", "trailing-space"],
)
def test_password_from_stdin(trust_dir, tmp_path, leaf, password, stdin):
    path = tmp_path / "x.p12"
    path.write_bytes(P.pkcs12_file(leaf.key, leaf.cert, password=password))
    read_ok(cli(path, trust_dir, stdin), leaf)


def test_legacy_3des_file(trust_dir, tmp_path, leaf):
    path = tmp_path / "legacy.pfx"
    path.write_bytes(P.pkcs12_file(leaf.key, leaf.cert, password=b"Test1234", legacy=True))
    read_ok(cli(path, trust_dir, b"Test1234\n"), leaf)


def test_wrong_password_and_no_password(trust_dir, tmp_path, leaf):
    path = tmp_path / "x.p12"
    path.write_bytes(P.pkcs12_file(leaf.key, leaf.cert, password=b"Test1234"))
    wrong = cli(path, trust_dir, b"Test12345\n")
    assert [f["code"] for f in wrong["findings"]] == ["input.pkcs12-password"]
    assert wrong["certificate"] is None
    none = cli(path, trust_dir, None)  # no --password-stdin, no terminal: at once, no waiting
    assert [f["code"] for f in none["findings"]] == ["input.pkcs12"]


def test_unencrypted_file_with_an_empty_password(trust_dir, tmp_path, leaf):
    path = tmp_path / "open.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(b"x", leaf.key, leaf.cert, None, serialization.NoEncryption())
    )
    read_ok(cli(path, trust_dir, b"\n"), leaf)
