"""PKCS#12 without a password: the structure is read, unencrypted certificate bags are
checked as usual (leaf first), and otherwise the finding names what the file uses and the
export command that works for it. With a password (the CLI's opener), a wrong password is
told apart from an algorithm that cannot be opened.

Files are made here with `openssl pkcs12` (OpenSSL 3) and `cryptography`, never committed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as cpkcs12

from checks import check, check_async
from checks.load import load
from support import pki as P
from support.aio import run_coroutine  # Playwright's sync API may hold this thread's event loop

AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
OK = {"policy.wrong-environment", "revocation.not-checked"}
LEAF_CN = "SYNTETISK_SYSTEM_1"


@pytest.fixture(scope="module")
def pki():
    p = P.PKI.create()
    return p, p.trust(), p.oces3()


@pytest.fixture(scope="module")
def files(pki, tmp_path_factory):
    """PEM files for openssl: the leaf, its key, the issuing CA, the root."""
    p, _, leaf = pki
    d = tmp_path_factory.mktemp("p12")
    (d / "leaf.pem").write_bytes(leaf.pem)
    (d / "key.pem").write_bytes(P.private_key_pem(leaf.key))
    (d / "ca.pem").write_bytes(P.pem(p["oces3-test-ca-1"].cert))
    (d / "root.pem").write_bytes(P.pem(p["oces3-test-root"].cert))
    return d


def openssl(files, *options: str, certs=("leaf",), key: bool = True) -> bytes:
    chain = files / ("in-" + "-".join(certs) + ".pem")
    chain.write_bytes(b"".join((files / f"{c}.pem").read_bytes() for c in certs))
    args = ["openssl", "pkcs12", "-export", "-in", str(chain), "-passout", "pass:pw", *options]
    args += ["-inkey", str(files / "key.pem")] if key else ["-nokeys"]
    return subprocess.run(args, capture_output=True, check=True).stdout


def built(pki, algorithm=None, mac=hashes.SHA256(), *, key=True, cas=(), cert=True) -> bytes:
    _p, _, leaf = pki
    if algorithm is None:
        encryption = serialization.NoEncryption()
    else:
        encryption = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(2048)
            .key_cert_algorithm(algorithm)
            .hmac_hash(mac)
            .build(b"pw")
        )
    return cpkcs12.serialize_key_and_certificates(
        b"synthetic" if key or cert else None,
        leaf.key if key else None,
        leaf.cert if cert else None,
        list(cas) or None,
        encryption,
    )


def report(pki, data, **kw) -> dict:
    return check(data, at=AT, lang="en", trust=pki[1], **kw)


def codes(r: dict) -> list[str]:
    return [f["code"] for f in r["findings"]]


def summary(r: dict) -> dict:
    return r["input"]["pkcs12"]


# --- structure, read without a password -----------------------------------------------------


@pytest.mark.parametrize(
    "make,expected",
    [
        (
            lambda pki, f: built(pki, cpkcs12.PBES.PBESv2SHA256AndAES256CBC),
            {
                "certificate_encryption": "pbes2-aes-256-cbc",
                "key_encryption": "pbes2-aes-256-cbc",
                "mac": "sha256",
                "legacy": False,
            },
        ),
        (
            lambda pki, f: built(pki, cpkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC, hashes.SHA1()),
            {
                "certificate_encryption": "pbe-sha1-3des",
                "key_encryption": "pbe-sha1-3des",
                "mac": "sha1",
                "legacy": False,
            },
        ),
        (
            lambda pki, f: openssl(f),  # OpenSSL 3's default
            {
                "certificate_encryption": "pbes2-aes-256-cbc",
                "key_encryption": "pbes2-aes-256-cbc",
                "mac": "sha256",
                "legacy": False,
            },
        ),
        (
            lambda pki, f: openssl(f, "-legacy"),  # what older tools and many .p12 from MitID Erhverv use
            {
                "certificate_encryption": "pbe-sha1-rc2-40",
                "key_encryption": "pbe-sha1-3des",
                "mac": "sha1",
                "legacy": True,
            },
        ),
        (
            lambda pki, f: openssl(f, "-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"),
            {
                "certificate_encryption": "pbe-sha1-3des",
                "key_encryption": "pbe-sha1-3des",
                "mac": "sha1",
                "legacy": False,
            },
        ),
        (
            lambda pki, f: openssl(f, "-legacy", "-certpbe", "PBE-SHA1-RC4-128"),
            {
                "certificate_encryption": "pbe-sha1-rc4-128",
                "key_encryption": "pbe-sha1-3des",
                "mac": "sha1",
                "legacy": True,
            },
        ),
        (
            lambda pki, f: openssl(
                f, "-nomac", "-certpbe", "AES-256-CBC"
            ),  # -nomac alone leaves the certificates plain
            {
                "certificate_encryption": "pbes2-aes-256-cbc",
                "key_encryption": "pbes2-aes-256-cbc",
                "mac": "none",
                "legacy": False,
            },
        ),
        (
            lambda pki, f: openssl(f, "-certpbe", "AES-128-CBC", "-keypbe", "AES-128-CBC", "-macalg", "sha512"),
            {
                "certificate_encryption": "pbes2-aes-128-cbc",
                "key_encryption": "pbes2-aes-128-cbc",
                "mac": "sha512",
                "legacy": False,
            },
        ),
    ],
    ids=["aes256", "3des", "openssl-default", "openssl-legacy", "openssl-3des-sha1", "rc4", "nomac", "aes128-sha512"],
)
def test_encrypted_certificates_name_what_the_file_uses(pki, files, make, expected):
    data = make(pki, files)
    r = report(pki, data)
    assert codes(r) == ["input.pkcs12"] and summary(r) == expected
    assert r["certificate"] is None and r["input"]["format"] == "pkcs12"
    [f] = r["findings"]
    command = (
        "openssl pkcs12 -in FILE.p12 -nokeys -clcerts" + (" -legacy" if expected["legacy"] else "") + " -out cert.pem"
    )
    assert command in f["hint"] and f["guide"] == {
        "page": "oces3/export/",
        "title": "Take the public certificate out of the .p12 file",
    }
    da = check(data, at=AT, lang="da", trust=pki[1])["findings"][0]
    assert "-in FILE.p12 " in da["hint"] and da["guide"]["title"] == "Tag det offentlige certifikat ud af .p12-filen"
    assert "_" not in f["message"] and "{" not in f["message"]


def test_the_message_names_the_algorithms_as_the_standards_do(pki, files):
    r = report(pki, openssl(files, "-legacy"))
    message = r["findings"][0]["message"]
    assert "pbeWithSHAAnd40BitRC2-CBC" in message and "pbeWithSHAAnd3-KeyTripleDES-CBC" in message
    assert "SHA-1" in message
    r = report(pki, openssl(files, "-nomac", "-certpbe", "AES-256-CBC"))
    assert "no MAC" in r["findings"][0]["message"]


def test_unencrypted_certificate_bags_are_read_without_a_password(pki, files):
    for data in (
        openssl(files, "-certpbe", "NONE", certs=("leaf", "ca")),
        openssl(files, "-certpbe", "NONE", "-keypbe", "NONE", "-nomac", certs=("leaf", "ca")),
        built(pki, None, cas=[pki[0]["oces3-test-ca-1"].cert]),
    ):
        r = report(pki, data)
        assert set(codes(r)) == OK | {"input.pkcs12-read", "input.bundle"}
        assert r["certificate"]["subject_cn"] == LEAF_CN and r["environments"]["test"]["accepted"]
        assert summary(r)["certificate_encryption"] == "none"
    assert summary(report(pki, built(pki, None)))["key_encryption"] == "none"  # a plain key bag, untouched


@pytest.mark.parametrize("order", list(itertools.permutations(("leaf", "ca", "root"))))
def test_certificates_only_in_any_order(pki, files, order):
    """`openssl pkcs12 -nokeys` and Java truststores: no key, the CAs often first."""
    plain = report(pki, openssl(files, "-certpbe", "NONE", certs=order, key=False))
    assert plain["certificate"]["subject_cn"] == LEAF_CN, order
    assert set(codes(plain)) == OK | {"input.pkcs12-read", "input.bundle"}
    assert summary(plain) == {
        "certificate_encryption": "none",
        "key_encryption": None,
        "mac": "sha256",
        "legacy": False,
    }
    encrypted = openssl(files, certs=order, key=False)
    r = report(pki, encrypted)
    assert codes(r) == ["input.pkcs12"] and summary(r)["key_encryption"] is None
    assert "-nokeys -out cert.pem" in r["findings"][0]["hint"]  # no -clcerts: without a key it keeps nothing
    opened = report(pki, encrypted, password=b"pw")
    assert opened["certificate"]["subject_cn"] == LEAF_CN, order
    assert set(codes(opened)) == OK | {"input.bundle"}


@pytest.mark.parametrize("order", list(itertools.permutations((0, 1, 2))))
def test_certificates_only_built_by_cryptography(pki, order):
    p, _, leaf = pki
    chain = [leaf.cert, p["oces3-test-ca-1"].cert, p["oces3-test-root"].cert]
    data = built(pki, None, key=False, cert=False, cas=[chain[i] for i in order])
    r = report(pki, data)
    assert r["certificate"]["subject_cn"] == LEAF_CN and set(codes(r)) == OK | {"input.pkcs12-read", "input.bundle"}


def test_keys_only(pki, files):
    for data in (built(pki, None, cert=False), built(pki, cpkcs12.PBES.PBESv2SHA256AndAES256CBC, cert=False)):
        r = report(pki, data)
        assert codes(r) == ["input.pkcs12-no-certificate"], summary(r)
        assert summary(r)["certificate_encryption"] is None


def test_bags_and_safe_contents_are_listed(pki, files):
    from checks import pfx

    legacy = pfx.read(openssl(files, "-legacy", certs=("leaf", "ca")))
    assert legacy.bags == ["shrouded-key"] and legacy.encrypted_contents == ["pbe-sha1-rc2-40"]
    plain = pfx.read(openssl(files, "-certpbe", "NONE", certs=("leaf", "ca")))
    assert plain.bags == ["certificate", "certificate", "shrouded-key"] and plain.encrypted_contents == []
    assert len(plain.certificates) == 2 and pfx.read(b"\x30\x03\x02\x01\x03") is None


def test_the_key_is_never_read(pki):
    """The structure reader stops at the key bag's algorithm: a key bag whose contents are
    garbage does not matter to the certificates beside it."""
    data = built(pki, None, cas=[pki[0]["oces3-test-ca-1"].cert])
    key_der = P.private_key_der(pki[2].key)
    assert key_der in data
    garbage = data.replace(key_der[-40:], b"\x00" * 40)
    r = report(pki, garbage)
    assert r["certificate"]["subject_cn"] == LEAF_CN


# --- with a password (the CLI's opener) -------------------------------------------------------


def test_password_opens_every_kind(pki, files):
    for data in (
        built(pki, cpkcs12.PBES.PBESv2SHA256AndAES256CBC),
        openssl(files, "-legacy"),
        openssl(files, certs=("ca", "root", "leaf")),
    ):
        r = report(pki, data, password=b"pw")
        assert r["certificate"]["subject_cn"] == LEAF_CN and r["environments"]["test"]["accepted"]
        assert "input.pkcs12" not in codes(r) and summary(r)["certificate_encryption"] != "none"


def test_wrong_password_and_unsupported_algorithm_are_two_findings(pki, files):
    data = built(pki, cpkcs12.PBES.PBESv2SHA256AndAES256CBC)
    assert codes(report(pki, data, password=b"wrong")) == ["input.pkcs12-password"]
    nomac = openssl(files, "-nomac", "-certpbe", "AES-256-CBC")  # the decryption fails instead of the MAC
    assert codes(report(pki, nomac, password=b"wrong")) == ["input.pkcs12-password"]
    # An algorithm with an intact MAC that neither the CLI nor the browser opens (RC4, PBES2
    # Camellia): the right password passes the MAC, so the finding names the algorithm.
    # (A file whose algorithm was edited fails its MAC: that is the password finding.)
    for options, name in (
        (("-legacy", "-certpbe", "PBE-SHA1-RC4-128"), "pbeWithSHAAnd128BitRC4"),
        (("-certpbe", "CAMELLIA-256-CBC"), "PBES2 Camellia-256-CBC"),
    ):
        r = report(pki, openssl(files, *options), password=b"pw")
        assert codes(r) == ["input.pkcs12-unsupported"] and name in r["findings"][0]["message"]


def test_corpus_file(pki, shared, trust):
    data = (shared / "corpus/formats/pkcs12-foces-gyldig-Test1234.p12").read_bytes()
    without = check(data, at=AT, lang="da", trust=trust)
    assert codes(without) == ["input.pkcs12"]
    assert set(summary(without)) == {"certificate_encryption", "key_encryption", "mac", "legacy"}
    opened = check(data, at=dt.datetime(2019, 6, 1, tzinfo=dt.UTC), lang="da", trust=trust, password=b"Test1234")
    assert opened["certificate"] is not None and "input.pkcs12" not in codes(opened)


def test_browser_path_is_the_same(pki, files):
    """check_async (the worker's) never opens a file; it reads the same structure."""
    from support.aio import AsyncVerifier

    for data in (openssl(files, "-legacy"), openssl(files, "-certpbe", "NONE", certs=("ca", "leaf"))):
        sync = report(pki, data)
        assert run_coroutine(check_async(data, at=AT, lang="en", trust=pki[1], verifier=AsyncVerifier())) == sync


def test_damaged_pfx(pki):
    data = built(pki, cpkcs12.PBES.PBESv2SHA256AndAES256CBC)
    for cut in (data[:200], data[:-30]):  # a cut-off .p12 has its own finding (issue 16)
        assert codes(report(pki, cut)) == ["input.pkcs12-truncated"]
    assert load(data[:200]).pkcs12 is None
