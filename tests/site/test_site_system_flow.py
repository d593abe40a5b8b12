"""The flow "use the certificate in your system" (issue 15, item 2): every command and
program it gives runs here as the reader would run it, on a .p12 made in the test, where
the tool is on the machine (keytool and java, openssl, python, php). .NET is not in
Debian, so its program is not run: the step says so and is marked vendor-only."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

import pytest
import yaml

from site_helpers import built_page

from macros import data, render

FLOW = "oces3-system"
PAGE = "oces3/use-in-system.md"
PASSWORD = "pw 1234"  # with a space, as a real one may have
NAME = "Skoleportal System"  # the friendly name: keytool lower-cases it into the alias


def _step(step_id: str) -> dict:
    return next(s for s in data.flow(FLOW)["steps"] if s["id"] == step_id)


def _run(cmd: str, cwd, stdin: str | None = None, env=None, **subst) -> subprocess.CompletedProcess:
    args = [subst.get(a, a) for a in shlex.split(cmd)]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, input=stdin,
                          env={**os.environ, **(env or {})})


def _need(tool: str) -> str:
    exe = shutil.which(tool)
    if not exe:
        pytest.skip(f"no {tool} on this machine")
    return exe


@pytest.fixture(scope="module")
def p12(tmp_path_factory):
    """An OCES3 system certificate from the synthetic PKI (support/pki.py) with its key, as a
    .p12 encrypted as OpenSSL 3 and MitID Erhverv's newer files are (AES-256), under a
    friendly name; and the SHA-256 of the certificate, as the checker shows it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from support import pki as P

    leaf = P.PKI.create().oces3()
    d = tmp_path_factory.mktemp("system")
    (d / "FILE.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        NAME.encode(), leaf.key, leaf.cert, None, serialization.BestAvailableEncryption(PASSWORD.encode())))
    return d, hashlib.sha256(leaf.der).hexdigest(), leaf


def _fresh(p12, tmp_path):
    d, sha256, leaf = p12
    shutil.copy(d / "FILE.p12", tmp_path / "FILE.p12")
    return sha256, leaf


def _snippet(step_id: str, tmp_path) -> str:
    snippet = _step(step_id)["snippets"][0]
    (tmp_path / snippet["file"]).write_text(snippet["code"], encoding="utf-8")
    return snippet["file"]


def test_keep_p12_command(p12, tmp_path):
    _fresh(p12, tmp_path)
    (cmd,) = _step("keep-p12")["commands"]
    assert _run(cmd, tmp_path).returncode == 0
    assert (tmp_path / "FILE.p12").stat().st_mode & 0o777 == 0o600


def test_java_commands_and_program(p12, tmp_path):
    """keytool lists the alias; the second command lists only that entry; the program opens
    the file as a PKCS12 keystore and prints the alias and the checker's SHA-256."""
    _need("keytool")
    sha256, _ = _fresh(p12, tmp_path)
    listing, one = _step("java")["commands"]
    listed = _run(listing, tmp_path, stdin=PASSWORD + "\n")
    assert listed.returncode == 0, listed.stderr + listed.stdout
    alias = re.search(r"^Alias name: (.+)$", listed.stdout, re.M).group(1).strip()
    assert alias == NAME.lower() and " " in alias
    assert '-alias "ALIAS"' in one
    done = _run(one, tmp_path, stdin=PASSWORD + "\n", ALIAS=alias)
    assert done.returncode == 0 and "PrivateKeyEntry" in done.stdout, done.stderr + done.stdout
    _need("java")
    name = _snippet("java", tmp_path)
    text = render.t(_step("java")["action"], "en")
    assert f"java {name} FILE.p12" in text
    ran = _run(f"java {name} FILE.p12", tmp_path, env={"P12_PASSWORD": PASSWORD})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == f"alias={alias} sha256={sha256}"
    wrong = _run(f"java {name} FILE.p12", tmp_path, env={"P12_PASSWORD": "wrong"})
    assert wrong.returncode != 0 and sha256 not in wrong.stdout


def _openssl() -> None:
    exe = _need("openssl")
    if not subprocess.run([exe, "version"], capture_output=True, text=True).stdout.startswith("OpenSSL 3"):
        pytest.skip("the flow's commands are written for OpenSSL 3")


def _pem_files(tmp_path) -> None:
    cert, key, chmod = _step("python")["commands"]
    for cmd in (cert, key):
        done = _run(cmd + " -passin env:P12_PASSWORD", tmp_path, env={"P12_PASSWORD": PASSWORD})
        assert done.returncode == 0, done.stderr
    assert _run(chmod, tmp_path).returncode == 0
    assert (tmp_path / "key.pem").stat().st_mode & 0o777 == 0o600
    assert "PRIVATE KEY" not in (tmp_path / "cert.pem").read_text()
    assert "BEGIN PRIVATE KEY" in (tmp_path / "key.pem").read_text()  # unencrypted, as requests needs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _test_server(tmp_path):
    """The last step's test server, as the reader starts it (port 8443 moved to a free one)."""
    make, serve, _ = _step("which-certificate")["commands"]
    done = _run(make, tmp_path)
    assert done.returncode == 0, done.stderr
    port = _free_port()
    args = [str(port) if a == "8443" else a for a in shlex.split(serve)]
    server = subprocess.Popen(args, cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return server, port


def test_python_commands_program_and_which_certificate_is_sent(p12, tmp_path):
    """The PEM files from the .p12, the program with requests against the last step's test
    server, and the server's "Client certificate" block: its fingerprint is the checker's."""
    _openssl()
    sha256, leaf = _fresh(p12, tmp_path)
    _pem_files(tmp_path)
    name = _snippet("python", tmp_path)
    server, port = _test_server(tmp_path)
    try:
        ca = str(tmp_path / "server.pem")  # the note: give the system server.pem as trusted
        env = {**os.environ, "SERVICE_URL": f"https://localhost:{port}/", "PYTHONUNBUFFERED": "1",
               "REQUESTS_CA_BUNDLE": ca, "CURL_CA_BUNDLE": ca}
        try:  # the server answers no HTTP (the step says so): the call waits until stopped
            printed = subprocess.run([sys.executable, name], cwd=tmp_path, capture_output=True, text=True,
                                     timeout=8, env=env).stdout
        except subprocess.TimeoutExpired as waited:
            printed = waited.stdout.decode() if isinstance(waited.stdout, bytes) else (waited.stdout or "")
    finally:
        time.sleep(0.3)
        server.kill()
        out, _err = server.communicate(timeout=10)
    assert printed.splitlines()[0] == f"sha256={sha256}", printed
    assert "Client certificate" in out, out
    block = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", out[out.index("Client certificate"):], re.S)
    (tmp_path / "sent.pem").write_text(block.group(0) + "\n")
    fingerprint = _run(_step("which-certificate")["commands"][2], tmp_path)
    assert fingerprint.returncode == 0, fingerprint.stderr
    shown = fingerprint.stdout.strip().split("=", 1)[1].replace(":", "").lower()
    assert shown == sha256


def test_php_program(p12, tmp_path):
    _need("php")
    sha256, _ = _fresh(p12, tmp_path)
    name = _snippet("php", tmp_path)
    ran = _run(f"php {name}", tmp_path, env={"P12_PASSWORD": PASSWORD})
    assert ran.returncode == 0, ran.stderr + ran.stdout
    assert ran.stdout.strip() == f"sha256={sha256}"
    wrong = _run(f"php {name}", tmp_path, env={"P12_PASSWORD": "wrong"})
    assert wrong.returncode == 1 and sha256 not in wrong.stdout


def test_dotnet_program_is_not_run_here_and_says_so():
    """Debian has no .NET: the program is shown, not run; what it uses is checked by name."""
    code = _step("dotnet")["snippets"][0]["code"]
    for api in ("new X509Certificate2(", "HashAlgorithmName.SHA256", "ClientCertificates.Add", "Thumbprint"):
        assert api in code


def test_flow_shape_routes_sources_and_certainty():
    flow = data.flow(FLOW)
    assert flow["page"] == PAGE
    assert render.step_labels(flow) == ["1", "A", "B", "C", "D", "2"]
    sources = {s["id"] for s in yaml.safe_load((data.STEPS.parent / "sources.yml").read_text())["sources"]}
    for step in flow["steps"]:
        assert step["certainty"] in ("confirmed", "vendor-only", "original-guide", "inference"), step["id"]
        assert step["sources"] and set(step["sources"]) <= sources, step["id"]
        if step["certainty"] == "confirmed":
            assert "local-test-system" in step["sources"], step["id"]
    assert _step("dotnet")["certainty"] == "vendor-only"
    for lang in ("da", "en"):
        assert "Debian" in render.t(_step("dotnet")["action"], lang)
