"""`python -m checks` as a person or script runs it: output, JSON contract, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checks.trust import pins
from tests.conftest import ROOT


def cli(*args, stdin: bytes | None = b"", trust_dir=None):
    cmd = [sys.executable, "-m", "checks", *args]
    if trust_dir is not None and args and args[0] in ("check", "message"):
        cmd[4:4] = ["--trust-dir", str(trust_dir)]
    return subprocess.run(cmd, input=stdin, capture_output=True, cwd=ROOT, timeout=60)


def corpus(shared, name):
    return str(shared / "corpus" / name)


def test_json_contract(shared, trust_dir):
    r = cli("check", "--json", "--at", "2019-06-01T00:00:00Z",
            corpus(shared, "oces2-foces-test/tu-generel-foces-gyldig.pem"),
            corpus(shared, "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer"), trust_dir=trust_dir)
    reports = json.loads(r.stdout)
    assert r.returncode == 1  # the OCES3 certificate is not yet valid in 2019
    assert [rep["file"] for rep in reports] == [corpus(shared, "oces2-foces-test/tu-generel-foces-gyldig.pem"),
                                                corpus(shared, "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer")]
    first = reports[0]
    assert set(first) >= {"file", "input", "certificate", "chain", "environments", "findings"}
    assert set(first["certificate"]) >= {"subject", "subject_cn", "issuer_cn", "generation", "kind", "cvr", "fid",
                                         "uuid", "not_before", "not_after", "sha256"}
    assert first["chain"]["path"] == ["TU GENEREL FOCES gyldig (funktionscertifikat)",
                                      "TRUST2408 Systemtest XIX CA", "TRUST2408 Systemtest VII Primary CA"]
    for f in first["findings"]:
        assert set(f) == {"code", "severity", "message", "hint"} and f["message"] and f["hint"]
    assert "cert.not-yet-valid" in {f["code"] for f in reports[1]["findings"]}


def test_exit_zero_when_accepted_and_text_output(shared, trust_dir):
    r = cli("check", "--lang", "en", "--at", "2027-01-01T00:00:00Z",
            corpus(shared, "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer"), trust_dir=trust_dir)
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "production: accepted" in out and "test/preprod: rejected" in out
    assert "[policy.wrong-environment]" in out and "CVR 19435075" in out


@pytest.mark.parametrize("args", [["check"], ["check", "--at", "yesterday", "x.pem"], ["nonsense"],
                                  ["message", "--test", "x.pem"]])
def test_usage_errors_exit_two(args, trust_dir):
    r = cli(*args, trust_dir=trust_dir)
    assert r.returncode == 2
    assert r.stderr


def test_missing_file_is_a_usage_error(trust_dir, tmp_path):
    r = cli("check", str(tmp_path / "nope.pem"), trust_dir=trust_dir)
    assert r.returncode == 2 and b"nope.pem" in r.stderr


def test_missing_trust_dir_is_said_plainly(tmp_path):
    r = cli("check", "--trust-dir", str(tmp_path / "absent"), "x.pem", trust_dir=None)
    assert r.returncode == 2 and b"trust directory" in r.stderr


def test_empty_trust_dir_reports_missing_anchors(shared, tmp_path):
    r = cli("check", "--json", "--trust-dir", str(tmp_path), "--at", "2024-01-01T00:00:00Z",
            corpus(shared, "oces3-test/nemlogin-idp-test.cer"))
    report = json.loads(r.stdout)[0]
    missing = [f for f in report["findings"] if f["code"] == "chain.anchor-missing"]
    assert missing and f"{len(pins())} " in missing[0]["message"] and "Den Danske Stat OCES rod-CA" in missing[0]["message"]
    assert report["chain"]["trusted"] is False and r.returncode == 1


def test_pkcs12_password_stdin(shared, trust_dir):
    p12 = corpus(shared, "formats/pkcs12-oces3-testwsc-Test1234.pfx")
    ok = cli("check", "--json", "--password-stdin", "--at", "2024-01-01T00:00:00Z", p12,
             stdin=b"Test1234\n", trust_dir=trust_dir)
    assert json.loads(ok.stdout)[0]["certificate"]["uuid"] == "9f716cec-2420-4aff-b455-4972897b6249"
    assert ok.returncode == 0
    wrong = cli("check", "--json", "--password-stdin", p12, stdin=b"nope\n", trust_dir=trust_dir)
    assert [f["code"] for f in json.loads(wrong.stdout)[0]["findings"]] == ["input.pkcs12-password"]


def test_pkcs12_without_password_or_terminal_does_not_wait(shared, trust_dir):
    r = cli("check", "--json", corpus(shared, "formats/pkcs12-foces-gyldig-Test1234.p12"), stdin=None,
            trust_dir=trust_dir)
    assert [f["code"] for f in json.loads(r.stdout)[0]["findings"]] == ["input.pkcs12"]
    assert r.returncode == 1


def test_stdin_input(shared, trust_dir):
    data = (shared / "corpus" / "oces3-test/nemlogin-idp-test.cer").read_bytes()
    r = cli("check", "--json", "--at", "2024-01-01T00:00:00Z", "-", stdin=data, trust_dir=trust_dir)
    assert json.loads(r.stdout)[0]["certificate"]["cvr"] == "34051178"


def test_message_command(shared, trust_dir):
    r = cli("message", "--at", "2024-01-01T00:00:00Z",
            "--test", corpus(shared, "oces3-test/nemlogin-idp-test.cer"), "--test-ws", "ws-test-1",
            "--prod", corpus(shared, "oces3-prod/kombit-sp-exttest-signing-1.cer"), "--prod-ws", "ws-prod-1",
            trust_dir=trust_dir)
    out = r.stdout.decode()
    assert r.returncode == 0
    assert out.startswith("Emne: Registrering af funktionssignatur til Integrationsplatformen\n")
    assert "Systemcertifikat til test/preprod:\nCVR-nummer: 34051178\nUUID: a040fe26-ce78-4328-ac0e-29eeb12f46df\nwsBrugerId: ws-test-1" in out
    assert "message.cvr-differs" in r.stderr.decode()


def test_message_refuses_wrong_environment(shared, trust_dir):
    r = cli("message", "--at", "2024-01-01T00:00:00Z",
            "--test", corpus(shared, "oces3-prod/kombit-sp-exttest-signing-1.cer"), "--test-ws", "ws1",
            trust_dir=trust_dir)
    assert r.returncode == 1 and r.stdout == b""
    assert b"message.not-accepted" in r.stderr and b"policy.wrong-environment" in r.stderr


def test_message_refuses_line_break_in_ws_id(shared, trust_dir):
    r = cli("message", "--at", "2024-01-01T00:00:00Z",
            "--test", corpus(shared, "oces3-test/nemlogin-idp-test.cer"), "--test-ws", "ws1\nCVR-nummer: 1",
            trust_dir=trust_dir)
    assert r.returncode == 1 and r.stdout == b"" and b"message.ws-id-invalid" in r.stderr


def test_console_script_is_installed():
    script = ROOT / ".venv" / "bin" / "oces-check"
    assert script.exists()
    r = subprocess.run([str(script), "--help"], capture_output=True)
    assert r.returncode == 0 and b"check" in r.stdout
