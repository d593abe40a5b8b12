"""Opening a PKCS#12 certificate part with its password (checks/pfx.py), the same code path
in the CLI (`cryptography`'s ciphers) and the browser (checks/pkcs12_ciphers.py's pure-Python
libraries, run here under CPython): every encryption real files use, each failure told apart,
the file's own certificate, bounded work, and the two paths agreeing on every file.

Files are made here with `openssl pkcs12` (OpenSSL 3) and `cryptography`; the corpus .pfx
is MitID Erhverv's own layout.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from asn1crypto import pkcs12 as apkcs12
from cryptography.hazmat.decrepit.ciphers import algorithms as old
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.hazmat.primitives.serialization import pkcs12 as cpkcs12

from checks import browser, check, pfx, pkcs12_ciphers
from checks.load import load
from checks.pkcs12 import CryptographyCiphers
from support import pki as P
from support.aio import run_coroutine

ROOT = Path(__file__).resolve().parents[1]
AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
LEAF_CN = "SYNTETISK_SYSTEM_1"
PFX = "corpus/formats/pkcs12-oces3-testwsc-Test1234.pfx"


@pytest.fixture(scope="module")
def pki():
    p = P.PKI.create()
    return p, p.trust(), p.oces3()


@pytest.fixture(scope="module")
def files(pki, tmp_path_factory):
    p, _, leaf = pki
    d = tmp_path_factory.mktemp("p12open")
    (d / "leaf.pem").write_bytes(leaf.pem)
    (d / "key.pem").write_bytes(P.private_key_pem(leaf.key))
    (d / "ca.pem").write_bytes(P.pem(p["oces3-test-ca-1"].cert))
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=Selvlavet",
            "-days",
            "3650",
            "-keyout",
            str(d / "self-key.pem"),
            "-out",
            str(d / "self.pem"),
        ],
        capture_output=True,
        check=True,
    )
    return d


def openssl(files, *options, cert="leaf.pem", key="key.pem", extra=("ca.pem",), password="pw") -> bytes:
    chain = files / f"in-{cert}-{'-'.join(extra)}.pem"
    chain.write_bytes(b"".join((files / f).read_bytes() for f in (cert, *extra)))
    args = [
        "openssl",
        "pkcs12",
        "-export",
        "-in",
        str(chain),
        "-inkey",
        str(files / key),
        "-passout",
        f"pass:{password}",
        *options,
    ]
    return subprocess.run(args, capture_output=True, check=True).stdout


def made_by_cryptography(pki, algorithm, mac=hashes.SHA256()) -> bytes:
    p, _, leaf = pki
    enc = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(algorithm)
        .hmac_hash(mac)
        .build(b"pw")
    )
    return cpkcs12.serialize_key_and_certificates(b"x", leaf.key, leaf.cert, [p["oces3-test-ca-1"].cert], enc)


def opened(data: bytes, password: bytes, ciphers):
    return load(data, pfx.Opener(lambda: password, ciphers))


def codes(r) -> list[str]:
    return (
        [f.code for f in r.findings]
        if hasattr(r, "findings") and not isinstance(r, dict)
        else [f["code"] for f in r["findings"]]
    )


def cli_report(pki, data, password=b"pw") -> dict:
    return check(data, at=AT, lang="en", trust=pki[1], password=password)


def browser_report(pki, data, password=b"pw") -> dict:
    """The worker's path (checks/browser.py) under CPython, with the pure-Python ciphers."""
    from support.aio import AsyncVerifier

    browser._state.update(trust=pki[1], verifier=AsyncVerifier())
    return run_coroutine(browser.report(data, None, AT, "en", password))


KINDS = {
    "openssl-default": lambda pki, f: openssl(f),  # PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256
    "openssl-legacy": lambda pki, f: openssl(f, "-legacy"),  # RC2-40 certificates, 3DES key
    "openssl-rc2-128": lambda pki, f: openssl(f, "-legacy", "-certpbe", "PBE-SHA1-RC2-128"),
    "openssl-3des": lambda pki, f: openssl(f, "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"),
    "openssl-2des": lambda pki, f: openssl(f, "-legacy", "-certpbe", "PBE-SHA1-2DES"),
    "openssl-aes128-sha512": lambda pki, f: openssl(f, "-certpbe", "AES-128-CBC", "-macalg", "sha512"),
    "openssl-nomac": lambda pki, f: openssl(f, "-nomac", "-certpbe", "AES-256-CBC"),
    "cryptography-aes256": lambda pki, f: made_by_cryptography(pki, cpkcs12.PBES.PBESv2SHA256AndAES256CBC),
    "cryptography-3des": lambda pki, f: made_by_cryptography(
        pki, cpkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC, hashes.SHA1()
    ),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_encryption_opens_in_both_paths(pki, files, kind):
    data = KINDS[kind](pki, files)
    _, cert, extra = cpkcs12.load_key_and_certificates(data, b"pw")
    want = [cert.public_bytes(Encoding.DER)] + [c.public_bytes(Encoding.DER) for c in extra]
    for ciphers in (CryptographyCiphers(), pkcs12_ciphers):
        got = opened(data, b"pw", ciphers)
        assert codes(got) == [] and got.ders[0] == want[0] and sorted(got.ders) == sorted(want), ciphers
    cli, web = cli_report(pki, data), browser_report(pki, data)
    assert cli == web
    assert cli["certificate"]["subject_cn"] == LEAF_CN and cli["environments"]["test"]["accepted"]


def test_corpus_pfx_in_both_paths(shared, trust):
    data = (shared / PFX).read_bytes()
    assert pfx.read(data).certificate_encryption == "pbe-sha1-rc2-40"  # MitID Erhverv's certificate part
    at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    cli = check(data, at=at, lang="da", trust=trust, password=b"Test1234")
    from support.aio import AsyncVerifier

    browser._state.update(trust=trust, verifier=AsyncVerifier())
    web = run_coroutine(browser.report(data, None, at, "da", b"Test1234"))
    manifest = {e["file"]: e for e in json.loads((shared / "corpus/manifest.json").read_text())}
    entry = manifest[PFX.removeprefix("corpus/")]
    assert cli == web
    assert cli["certificate"]["subject_cn"] == entry["subject_cn"] and cli["certificate"]["uuid"] == entry["uuid"]
    assert cli["chain"]["environment"] == "test" and cli["environments"]["test"]["accepted"]
    assert codes(run_coroutine(browser.report(data, None, at, "da", b"Test12345"))) == ["input.pkcs12-password"]


def test_the_ciphers_are_pure_python_and_agree_with_cryptography():
    import pyaes
    import pyDes
    import rc2

    for module in (pyaes, pyDes, rc2):
        folder = Path(module.__file__).parent
        top = [Path(module.__file__)] if not module.__file__.endswith("__init__.py") else list(folder.iterdir())
        assert all(p.suffix in (".py", ".pyc", "") or p.name == "__pycache__" for p in top), module
    plain = os.urandom(64)
    iv16, iv8 = os.urandom(16), os.urandom(8)
    for size in (16, 24, 32):
        key = os.urandom(size)
        enc = Cipher(algorithms.AES(key), modes.CBC(iv16)).encryptor()
        assert pkcs12_ciphers.decrypt("aes", key, iv16, enc.update(plain) + enc.finalize()) == plain
    for size in (16, 24):
        key = os.urandom(size)
        enc = Cipher(old.TripleDES(key), modes.CBC(iv8)).encryptor()
        ct = enc.update(plain) + enc.finalize()
        assert pkcs12_ciphers.decrypt("tripledes", key + (key[:8] if size == 16 else b""), iv8, ct) == plain
    key = os.urandom(16)
    enc = Cipher(old.RC2(key), modes.CBC(iv8)).encryptor()  # cryptography's RC2 takes 128-bit keys only;
    ct = enc.update(plain) + enc.finalize()  # RC2-40 is checked through OpenSSL's -legacy files above
    assert pkcs12_ciphers.decrypt("rc2", key, iv8, ct) == plain


def test_wrong_password_unsupported_and_no_password_are_distinct(pki, files):
    data = openssl(files, "-legacy")
    for report in (cli_report(pki, data, b"wrong"), browser_report(pki, data, b"wrong")):
        assert codes(report) == ["input.pkcs12-password"]
    for report in (check(data, at=AT, lang="en", trust=pki[1]), browser_report(pki, data, None)):
        assert codes(report) == ["input.pkcs12"]
    rc4 = openssl(files, "-legacy", "-certpbe", "PBE-SHA1-RC4-128")  # valid MAC, a cipher neither path has
    for report in (cli_report(pki, rc4), browser_report(pki, rc4)):
        assert codes(report) == ["input.pkcs12-unsupported"] and "RC4" in report["findings"][0]["message"]
    assert codes(cli_report(pki, rc4, b"wrong")) == ["input.pkcs12-password"]  # the MAC speaks first
    nomac = openssl(files, "-nomac", "-certpbe", "AES-256-CBC")
    for report in (cli_report(pki, nomac, b"wrong"), browser_report(pki, nomac, b"wrong")):
        assert codes(report) == ["input.pkcs12-password"]


def _with_mac_iterations(data: bytes, count: int) -> bytes:
    parsed = apkcs12.Pfx.load(data)
    parsed["mac_data"]["iterations"] = count
    return parsed.dump(force=True)


def test_iteration_counts_past_the_limit_are_refused_before_deriving(pki, files):
    limit = pfx.limits()["iterations"]
    assert limit >= 20000  # every common tool's default fits (cryptography 20 000, keytool 10 000)
    huge = _with_mac_iterations(openssl(files), 2**31 - 1)
    started = time.perf_counter()
    for report in (cli_report(pki, huge), browser_report(pki, huge)):
        assert codes(report) == ["input.pkcs12-iterations"]
        assert "2147483647" in report["findings"][0]["message"] and str(limit) in report["findings"][0]["message"]
    assert time.perf_counter() - started < 2
    past = openssl(files, "-iter", str(limit + 1))
    assert codes(cli_report(pki, past)) == ["input.pkcs12-iterations"]
    at_limit = _with_mac_iterations(openssl(files), limit)  # the MAC then fails: derived, not refused
    assert codes(cli_report(pki, at_limit)) == ["input.pkcs12-password"]


def test_a_cut_off_pkcs12_has_its_own_finding(pki, files):
    data = openssl(files)
    for cut in (data[:100], data[: len(data) // 2], data[:-1]):
        for report in (check(cut, at=AT, lang="en", trust=pki[1]), cli_report(pki, cut), browser_report(pki, cut)):
            assert codes(report) == ["input.pkcs12-truncated"]
            assert report["input"]["format"] == "pkcs12"


def test_one_damaged_certificate_bag_is_named_and_the_rest_read(pki, files):
    p = pki[0]
    data = openssl(files, "-nomac", "-certpbe", "NONE", "-keypbe", "NONE")
    ca = P.der(p["oces3-test-ca-1"].cert)
    assert ca in data
    damaged = data.replace(ca, b"\x31" + ca[1:])  # same length, no longer a certificate
    report = check(damaged, at=AT, lang="en", trust=pki[1])
    assert "input.pkcs12-damaged-bag" in codes(report)
    assert report["certificate"]["subject_cn"] == LEAF_CN
    assert report == browser_report(pki, damaged, None)


def test_the_files_own_certificate_is_the_keys(pki, files):
    """A self-made certificate with its key, and a genuine OCES3 certificate beside it: the
    file would make a system send the self-made one, so it is checked and not accepted."""
    for options, encrypted in ((("-certpbe", "NONE"), False), ((), True), (("-legacy",), True)):
        data = openssl(files, *options, cert="self.pem", key="self-key.pem", extra=("leaf.pem",))
        for report in (check(data, at=AT, lang="en", trust=pki[1]), cli_report(pki, data), browser_report(pki, data)):
            if encrypted and codes(report) == ["input.pkcs12"]:
                continue  # encrypted and no password: nothing accepted either
            assert report["certificate"]["subject_cn"] == "Selvlavet", options
            assert not any(e["accepted"] for e in report["environments"].values())
            unbound = [f for f in report["findings"] if f["code"] == "input.pkcs12-unbound"]
            assert unbound and LEAF_CN in unbound[0]["message"] and "Selvlavet" in unbound[0]["message"]
        if encrypted:
            assert codes(check(data, at=AT, lang="en", trust=pki[1])) == ["input.pkcs12"]


def test_a_key_that_matches_no_certificate(pki, files):
    _p, _, leaf = pki
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # a key of no certificate here
    data = cpkcs12.serialize_key_and_certificates(b"x", other, None, [leaf.cert], serialization.NoEncryption())
    for report in (check(data, at=AT, lang="en", trust=pki[1]), browser_report(pki, data, None)):
        assert codes(report) == ["input.pkcs12-key-unmatched"] and LEAF_CN in report["findings"][0]["message"]
        assert report["certificate"] is None


def test_the_key_bag_is_never_decrypted(pki, files, monkeypatch):
    """Every decryption the opener asks for is of an encrypted safe contents, never of the
    shrouded key bag's ciphertext."""
    data = openssl(files, "-legacy")
    plain = [i for i in apkcs12.Pfx.load(data).authenticated_safe if i["content_type"].native == "data"]
    shrouded = [
        bytes(b["bag_value"]["encrypted_data"].native)
        for i in plain
        for b in apkcs12.SafeContents.load(i["content"].native)
        if b["bag_id"].native == "pkcs8_shrouded_key_bag"
    ]
    assert shrouded
    seen = []
    real = pkcs12_ciphers.decrypt
    monkeypatch.setattr(pkcs12_ciphers, "decrypt", lambda c, k, iv, d: seen.append(d) or real(c, k, iv, d))
    assert browser_report(pki, data)["certificate"]["subject_cn"] == LEAF_CN
    assert seen and not any(s in shrouded for s in seen)


def test_base64_pkcs12_takes_its_password_line(pki, files, tmp_path):
    """Regression (issue 16): a base64-wrapped .p12 with --password-stdin got no password."""
    p, _trust, _ = pki
    trust_dir = tmp_path / "trust"
    trust_dir.mkdir()
    for ca in ("oces3-test-root",):
        (trust_dir / f"{ca}.pem").write_bytes(P.pem(p[ca].cert))
    b64 = tmp_path / "cert.p12.b64"
    b64.write_bytes(base64.encodebytes(openssl(files)))
    der = tmp_path / "second.p12"
    der.write_bytes(openssl(files, password="second"))
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "checks",
            "check",
            "--json",
            "--password-stdin",
            "--lang",
            "en",
            "--at",
            AT.isoformat(),
            str(b64),
            str(der),
        ],
        input=b"pw\nsecond\n",
        capture_output=True,
        cwd=ROOT,
    )
    reports = json.loads(res.stdout)
    assert [r["input"]["format"] for r in reports] == ["pkcs12", "pkcs12"]
    for r in reports:
        assert "input.pkcs12" not in codes(r) and "input.pkcs12-password" not in codes(r), r["findings"]
        assert r["certificate"]["subject_cn"] == LEAF_CN


def test_a_certificate_part_past_the_size_limit_is_refused(pki, files, monkeypatch):
    data = openssl(files)
    monkeypatch.setattr(pfx, "limits", lambda: {"iterations": 100000, "ciphertext": 100, "ciphertext-tripledes": 8192})
    for report in (cli_report(pki, data), browser_report(pki, data)):
        assert codes(report) == ["input.pkcs12-too-much"] and "100" in report["findings"][0]["message"]
    # triple DES, slow in the browser, has a lower bound of its own (real parts: about 5 KB)
    monkeypatch.setattr(
        pfx, "limits", lambda: {"iterations": 100000, "ciphertext": 24576, "ciphertext-tripledes": 1000}
    )
    aes = cli_report(pki, data)  # AES: only the general bound
    assert aes["certificate"]["subject_cn"] == LEAF_CN and "input.pkcs12-too-much" not in codes(aes)
    des = openssl(files, "-certpbe", "PBE-SHA1-3DES")
    assert codes(cli_report(pki, des)) == ["input.pkcs12-too-much"]


def _with_plain_certificate(data: bytes, cert_der: bytes, password: bytes) -> bytes:
    """`data` with one more safe contents, unencrypted, holding `cert_der` in a certificate
    bag with no localKeyId; the MAC made again, so the file is as a tool could write it."""
    import hashlib
    import hmac

    from asn1crypto import cms
    from asn1crypto import x509 as ax509

    parsed = apkcs12.Pfx.load(data)
    safes = apkcs12.AuthenticatedSafe.load(parsed["auth_safe"]["content"].native)
    bag = apkcs12.SafeBag(
        {"bag_id": "cert_bag", "bag_value": {"cert_id": "x509", "cert_value": ax509.Certificate.load(cert_der)}}
    )
    safes.append(cms.ContentInfo({"content_type": "data", "content": apkcs12.SafeContents([bag]).dump()}))
    content = safes.dump(force=True)
    mac = parsed["mac_data"]
    digest = mac["mac"]["digest_algorithm"]["algorithm"].native
    key = pfx.pkcs12_kdf(
        digest,
        pfx.bmp_password(password),
        bytes(mac["mac_salt"].native),
        3,
        mac["iterations"].native,
        hashlib.new(digest).digest_size,
    )
    return apkcs12.Pfx(
        {
            "version": "v3",
            "auth_safe": {"content_type": "data", "content": content},
            "mac_data": {
                "mac": {"digest_algorithm": {"algorithm": digest}, "digest": hmac.new(key, content, digest).digest()},
                "mac_salt": mac["mac_salt"].native,
                "iterations": mac["iterations"].native,
            },
        }
    ).dump()


def test_issue_16_case_self_made_key_and_a_genuine_certificate_in_a_plain_bag(pki, files):
    """Issue 16's file: a self-made certificate and its key (encrypted), and a genuine OCES3
    certificate in an unencrypted bag. Accepted for test before; now, without the password
    it needs the password, and with it the self-made certificate is checked and refused."""
    data = _with_plain_certificate(
        openssl(files, cert="self.pem", key="self-key.pem", extra=()), P.der(pki[2].cert), b"pw"
    )
    assert cpkcs12.load_key_and_certificates(data, b"pw")[0] is not None  # a valid file, MAC and all
    for report in (check(data, at=AT, lang="en", trust=pki[1]), browser_report(pki, data, None)):
        assert codes(report) == ["input.pkcs12"] and report["certificate"] is None
    for report in (cli_report(pki, data), browser_report(pki, data)):
        assert report["certificate"]["subject_cn"] == "Selvlavet"
        assert not any(e["accepted"] for e in report["environments"].values())
        assert "input.pkcs12-unbound" in codes(report)
