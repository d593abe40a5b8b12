"""`python -m checks` as a person or script runs it: output, JSON contract, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from checks.trust import pins
from support.paths import ROOT


def cli(*args, stdin: bytes | None = b"", trust_dir=None):
    cmd = [sys.executable, "-m", "checks", *args]
    if trust_dir is not None and args and args[0] in ("check", "message"):
        cmd[4:4] = ["--trust-dir", str(trust_dir)]
    return subprocess.run(cmd, input=stdin, capture_output=True, cwd=ROOT, timeout=60)


def corpus(shared, name):
    return str(shared / "corpus" / name)


def test_json_contract(shared, trust_dir):
    r = cli(
        "check",
        "--json",
        "--at",
        "2019-06-01T00:00:00Z",
        corpus(shared, "oces2-foces-test/tu-generel-foces-gyldig.pem"),
        corpus(shared, "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer"),
        trust_dir=trust_dir,
    )
    reports = json.loads(r.stdout)
    assert r.returncode == 1  # the OCES3 certificate is not yet valid in 2019
    assert [rep["file"] for rep in reports] == [
        corpus(shared, "oces2-foces-test/tu-generel-foces-gyldig.pem"),
        corpus(shared, "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer"),
    ]
    first = reports[0]
    assert set(first) >= {"file", "input", "certificate", "chain", "environments", "findings"}
    assert set(first["certificate"]) >= {
        "subject",
        "subject_cn",
        "issuer_cn",
        "generation",
        "kind",
        "cvr",
        "fid",
        "uuid",
        "not_before",
        "not_after",
        "sha256",
    }
    assert first["chain"]["path"] == [
        "TU GENEREL FOCES gyldig (funktionscertifikat)",
        "TRUST2408 Systemtest XIX CA",
        "TRUST2408 Systemtest VII Primary CA",
    ]
    for f in first["findings"]:
        assert set(f) == {"code", "severity", "message", "hint"} and f["message"] and f["hint"]
    assert "cert.not-yet-valid" in {f["code"] for f in reports[1]["findings"]}


def test_exit_zero_when_accepted_and_text_output(shared, trust_dir):
    r = cli(
        "check",
        "--lang",
        "en",
        "--at",
        "2027-01-01T00:00:00Z",
        corpus(shared, "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer"),
        trust_dir=trust_dir,
    )
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "production: accepted" in out and "test/preprod: rejected" in out
    assert "[policy.wrong-environment]" in out and "CVR 19435075" in out


@pytest.mark.parametrize(
    "args", [["check"], ["check", "--at", "yesterday", "x.pem"], ["nonsense"], ["message", "--test", "x.pem"]]
)
def test_usage_errors_exit_two(args, trust_dir):
    r = cli(*args, trust_dir=trust_dir)
    assert r.returncode == 2
    assert r.stderr


def test_each_file_is_reported_on_its_own(shared, trust_dir, tmp_path):
    """A missing or unreadable file is that file's finding; the others are still checked."""
    good = corpus(shared, "oces3-test/nemlogin-idp-test.cer")
    r = cli(
        "check",
        "--json",
        "--at",
        "2024-01-01T00:00:00Z",
        str(tmp_path / "nope.pem"),
        good,
        str(tmp_path),
        trust_dir=trust_dir,
    )
    assert r.returncode == 1, r.stderr
    missing, checked, folder = json.loads(r.stdout)
    assert [f["code"] for f in missing["findings"]] == ["input.not-found"] and missing["file"].endswith("nope.pem")
    assert checked["environments"]["test"]["accepted"] is True
    assert [f["code"] for f in folder["findings"]] == ["input.unreadable"]
    text = cli("check", str(tmp_path / "nope.pem"), trust_dir=trust_dir)
    assert text.returncode == 1 and b"[input.not-found]" in text.stdout and not text.stderr


def test_missing_trust_dir_is_said_plainly(tmp_path):
    r = cli("check", "--trust-dir", str(tmp_path / "absent"), "x.pem", trust_dir=None)
    assert r.returncode == 2 and b"trust directory" in r.stderr


def test_empty_trust_dir_reports_missing_anchors(shared, tmp_path):
    r = cli(
        "check",
        "--json",
        "--trust-dir",
        str(tmp_path),
        "--at",
        "2024-01-01T00:00:00Z",
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
    )
    report = json.loads(r.stdout)[0]
    missing = [f for f in report["findings"] if f["code"] == "chain.anchor-missing"]
    assert (
        missing
        and f"{len(pins())} " in missing[0]["message"]
        and "Den Danske Stat OCES rod-CA" in missing[0]["message"]
    )
    assert report["chain"]["trusted"] is False and r.returncode == 1


def test_pkcs12_password_stdin(shared, trust_dir):
    p12 = corpus(shared, "formats/pkcs12-oces3-testwsc-Test1234.pfx")
    ok = cli(
        "check",
        "--json",
        "--password-stdin",
        "--at",
        "2024-01-01T00:00:00Z",
        p12,
        stdin=b"Test1234\n",
        trust_dir=trust_dir,
    )
    assert json.loads(ok.stdout)[0]["certificate"]["uuid"] == "9f716cec-2420-4aff-b455-4972897b6249"
    assert ok.returncode == 0
    wrong = cli("check", "--json", "--password-stdin", p12, stdin=b"nope\n", trust_dir=trust_dir)
    assert [f["code"] for f in json.loads(wrong.stdout)[0]["findings"]] == ["input.pkcs12-password"]


def test_pkcs12_without_password_or_terminal_does_not_wait(shared, trust_dir):
    r = cli(
        "check", "--json", corpus(shared, "formats/pkcs12-foces-gyldig-Test1234.p12"), stdin=None, trust_dir=trust_dir
    )
    assert [f["code"] for f in json.loads(r.stdout)[0]["findings"]] == ["input.pkcs12"]
    assert r.returncode == 1
    # As text, the hint is followed by the guide page that shows how, by its title.
    text = (
        cli(
            "check",
            "--lang",
            "en",
            corpus(shared, "formats/pkcs12-foces-gyldig-Test1234.p12"),
            stdin=None,
            trust_dir=trust_dir,
        )
        .stdout.decode()
        .splitlines()
    )
    hint = next(i for i, line in enumerate(text) if line.lstrip().startswith("What to do:"))
    assert text[hint + 1].strip() == "Guide: Take the public certificate out of the .p12 file"


def test_stdin_input(shared, trust_dir):
    data = (shared / "corpus" / "oces3-test/nemlogin-idp-test.cer").read_bytes()
    r = cli("check", "--json", "--at", "2024-01-01T00:00:00Z", "-", stdin=data, trust_dir=trust_dir)
    assert json.loads(r.stdout)[0]["certificate"]["cvr"] == "34051178"


def test_message_command(shared, trust_dir):
    r = cli(
        "message",
        "--at",
        "2024-01-01T00:00:00Z",
        "--test",
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
        "--test-ws",
        "ws-test-1",
        "--prod",
        corpus(shared, "oces3-prod/kombit-sp-exttest-signing-1.cer"),
        "--prod-ws",
        "ws-prod-1",
        trust_dir=trust_dir,
    )
    out = r.stdout.decode()
    assert r.returncode == 0
    assert out.startswith("Emne: Registrering af systemcertifikat til Integrationsplatformen\n")
    assert (
        "Systemcertifikat til test/preprod:\nCVR-nummer: 34051178\nUUID: a040fe26-ce78-4328-ac0e-29eeb12f46df\nwsBrugerId: ws-test-1"
        in out
    )
    assert "message.cvr-differs" in r.stderr.decode()


def test_message_refuses_wrong_environment(shared, trust_dir):
    r = cli(
        "message",
        "--at",
        "2024-01-01T00:00:00Z",
        "--test",
        corpus(shared, "oces3-prod/kombit-sp-exttest-signing-1.cer"),
        "--test-ws",
        "ws1",
        trust_dir=trust_dir,
    )
    assert r.returncode == 1 and r.stdout == b""
    assert b"message.not-accepted" in r.stderr and b"policy.wrong-environment" in r.stderr


def test_message_refuses_line_break_in_ws_id(shared, trust_dir):
    r = cli(
        "message",
        "--at",
        "2024-01-01T00:00:00Z",
        "--test",
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
        "--test-ws",
        "ws1\nCVR-nummer: 1",
        trust_dir=trust_dir,
    )
    assert r.returncode == 1 and r.stdout == b"" and b"message.ws-id-invalid" in r.stderr


def test_console_script_is_installed():
    script = ROOT / ".venv" / "bin" / "oces-check"
    assert script.exists()
    r = subprocess.run([str(script), "--help"], capture_output=True)
    assert r.returncode == 0 and b"check" in r.stdout


# --- hostile input and hostile terminals ------------------------------------------------

AT = "2024-01-01T00:00:00Z"


def test_stdin_may_be_given_once(trust_dir):
    r = cli("check", "-", "-", stdin=b"x", trust_dir=trust_dir)
    assert r.returncode == 2 and b"only once" in r.stderr and r.stdout == b""


@pytest.mark.parametrize(
    "at",
    ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "10000-01-01T00:00:00Z", "２０２４-01-01T00:00:00Z"],
)
def test_times_outside_the_range_are_usage_errors(shared, trust_dir, at):
    r = cli("check", "--at", at, corpus(shared, "oces3-test/nemlogin-idp-test.cer"), trust_dir=trust_dir)
    assert r.returncode == 2 and b"--at" in r.stderr and b"Traceback" not in r.stderr


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+00:00"])
def test_times_at_the_edge_give_a_report(shared, trust_dir, at):
    r = cli("check", "--json", "--at", at, corpus(shared, "oces3-test/nemlogin-idp-test.cer"), trust_dir=trust_dir)
    assert r.returncode == 1, r.stderr
    codes = {f["code"] for f in json.loads(r.stdout)[0]["findings"]}
    assert codes & {"cert.expired", "cert.not-yet-valid"}


def _limited_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # far less than the 2 GiB file


def test_huge_inputs_are_read_only_up_to_the_limit(trust_dir, tmp_path):
    sparse = tmp_path / "big.bin"
    with open(sparse, "wb") as f:
        f.truncate(2 * 1024**3)
    cmd = [sys.executable, "-m", "checks", "check", "--json", "--trust-dir", str(trust_dir), str(sparse), "/dev/zero"]
    r = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=60, preexec_fn=_limited_memory)
    assert r.returncode == 1, r.stderr
    big, zero = json.loads(r.stdout)
    assert [f["code"] for f in big["findings"]] == ["input.too-large"] and "2 GB" in big["findings"][0]["message"]
    assert [f["code"] for f in zero["findings"]] == ["input.too-large"]
    piped = subprocess.run(
        cmd[:-2] + ["-"],
        input=b"\0" * (3 * 1024 * 1024),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        preexec_fn=_limited_memory,
    )
    assert [f["code"] for f in json.loads(piped.stdout)[0]["findings"]] == ["input.too-large"]


HOSTILE_CN = "Evil\x1b[2J\r\n  test/preprod: godkendt\u2028\u202eX\x85\x7f"


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    from support import pki as P

    d = tmp_path_factory.mktemp("hostile")
    leaf = P.PKI.create().oces3(cn=HOSTILE_CN)
    path = d / "cn.pem"
    path.write_bytes(leaf.pem)
    named = d / "navn\x1b[31m\nx.pem"
    named.write_bytes(leaf.pem)
    latin = os.path.join(os.fsencode(d), b"caf\xe9.pem")
    with open(latin, "wb") as f:
        f.write(leaf.pem)
    return path, named, os.fsdecode(latin)


def _no_raw_controls(text: str) -> None:
    for ch in text:
        assert ch == "\n" or ch.isprintable(), repr(ch)


def test_text_report_escapes_control_characters(trust_dir, hostile_files):
    path, named, _ = hostile_files
    r = cli("check", "--lang", "en", str(path), str(named), trust_dir=trust_dir)
    out = r.stdout.decode("utf-8")
    _no_raw_controls(out)
    assert "Evil\\x1b[2J\\r\\n  test/preprod: godkendt\\u2028\\u202eX\\x85\\x7f" in out
    assert "navn\\x1b[31m\\nx.pem" in out
    # every line is one the report wrote: the verdict lines are ours and say rejected
    verdicts = [line for line in out.splitlines() if line.startswith("  test/preprod:")]
    assert verdicts == ["  test/preprod: rejected"] * 2


def test_non_utf8_file_name_with_json(trust_dir, hostile_files):
    _, _, latin = hostile_files
    r = cli("check", "--json", latin, trust_dir=trust_dir)
    assert r.returncode == 1 and b"Traceback" not in r.stderr, r.stderr
    [report] = json.loads(r.stdout.decode("utf-8"))
    assert report["file"].endswith("caf\\xe9.pem") and report["certificate"]["subject_cn"] == HOSTILE_CN
    text = cli("check", latin, trust_dir=trust_dir)
    assert "caf\\xe9.pem" in text.stdout.decode("utf-8")


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "LANG": "C"}, {"PYTHONIOENCODING": "ascii", "LC_ALL": "C"}]
)
def test_output_is_utf8_whatever_the_console(shared, trust_dir, hostile_files, env):
    path, _, _ = hostile_files
    cmd = [
        sys.executable,
        "-m",
        "checks",
        "check",
        "--trust-dir",
        str(trust_dir),
        "--at",
        AT,
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
        str(path),
    ]
    r = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=60, env={**os.environ, **env})
    assert r.returncode == 1 and b"Traceback" not in r.stderr, r.stderr
    out = r.stdout.decode("utf-8")
    assert "Den Danske Stat OCES udstedende-CA 1 (Test - cti) → " in out and "Gør sådan" in out


def test_closed_pipe_ends_quietly(shared, trust_dir):
    files = [corpus(shared, "oces3-test/nemlogin-idp-test.cer")] * 300  # far more than a pipe buffer holds
    for flag in ([], ["--json"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "checks", "check", *flag, "--trust-dir", str(trust_dir), "--at", AT, *files],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        proc.stdout.readline()
        proc.stdout.close()  # as `| head -1` does
        err = proc.stderr.read()
        assert proc.wait(timeout=60) in (0, 1)
        assert err == b"", err


# --- PKCS#12 passwords --------------------------------------------------------------------


@pytest.fixture(scope="module")
def p12_files(tmp_path_factory):
    from support import pki as P

    p = P.PKI.create()
    d = tmp_path_factory.mktemp("p12")
    first, second = p.oces3(cn="ERSTE"), p.oces3(cn="ANDEN", uuid=P.random_uuid())
    (d / "a.p12").write_bytes(P.pkcs12_file(first.key, first.cert, password=b"one"))
    (d / "b.p12").write_bytes(P.pkcs12_file(second.key, second.cert, password=b"two"))
    (d / "c.p12").write_bytes(P.pkcs12_file(second.key, second.cert, password=b"one"))
    (d / "plain.pem").write_bytes(first.pem)
    return d


def _read(trust_dir, d, names, stdin):
    r = cli("check", "--json", "--password-stdin", *[str(d / n) for n in names], stdin=stdin, trust_dir=trust_dir)
    assert r.returncode in (0, 1), r.stderr
    return [
        (rep["certificate"] or {}).get("subject_cn") or next(f["code"] for f in rep["findings"])
        for rep in json.loads(r.stdout)
    ]


def test_one_password_line_serves_every_pkcs12_file(trust_dir, p12_files):
    assert _read(trust_dir, p12_files, ["a.p12", "plain.pem", "c.p12"], b"one\n") == ["ERSTE", "ERSTE", "ANDEN"]


def test_one_password_line_per_pkcs12_file(trust_dir, p12_files):
    names = ["a.p12", "plain.pem", "b.p12"]  # the PEM file takes no line
    assert _read(trust_dir, p12_files, names, b"one\ntwo\n") == ["ERSTE", "ERSTE", "ANDEN"]
    assert _read(trust_dir, p12_files, names, b"one\r\ntwo") == ["ERSTE", "ERSTE", "ANDEN"]
    assert _read(trust_dir, p12_files, ["a.p12", "b.p12"], b"two\none\n") == ["input.pkcs12-password"] * 2
    assert _read(trust_dir, p12_files, ["a.p12", "b.p12"], b"one\n") == ["ERSTE", "input.pkcs12-password"]


def test_message_reads_pkcs12_with_password_stdin(shared, trust_dir):
    p12 = corpus(shared, "formats/pkcs12-oces3-testwsc-Test1234.pfx")
    r = cli(
        "message",
        "--at",
        AT,
        "--password-stdin",
        "--test",
        p12,
        "--test-ws",
        "ws-1",
        stdin=b"Test1234\n",
        trust_dir=trust_dir,
    )
    assert r.returncode == 0, r.stderr
    assert "UUID: 9f716cec-2420-4aff-b455-4972897b6249" in r.stdout.decode()
    without = cli("message", "--at", AT, "--test", p12, "--test-ws", "ws-1", stdin=None, trust_dir=trust_dir)
    assert without.returncode == 1 and b"input.pkcs12" in without.stderr


def test_message_takes_stdin_once(trust_dir):
    r = cli(
        "message", "--test", "-", "--test-ws", "a", "--prod", "-", "--prod-ws", "b", stdin=b"x", trust_dir=trust_dir
    )
    assert r.returncode == 2 and b"only once" in r.stderr


def test_message_command_optional_lines(shared, trust_dir):
    r = cli(
        "message",
        "--at",
        "2024-01-01T00:00:00Z",
        "--test",
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
        "--test-ws",
        "ws-test-1",
        "--supplier",
        "Leverandøren A/S",
        "--system",
        "Elevplan",
        "--contact",
        "Jens Hansen, jh@example.dk",
        trust_dir=trust_dir,
    )
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert "Leverandør: Leverandøren A/S\n" in out and "System: Elevplan\n" in out
    assert "Kontaktperson: Jens Hansen, jh@example.dk\n" in out
    # A line break in an optional field could forge a line of the message: refused.
    r = cli(
        "message",
        "--at",
        "2024-01-01T00:00:00Z",
        "--test",
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
        "--test-ws",
        "ws-test-1",
        "--system",
        "Elevplan\nwsBrugerId: other",
        trust_dir=trust_dir,
    )
    assert r.returncode == 1 and r.stdout == b"" and b"message.field-invalid" in r.stderr


def test_message_command_renewal_names_old_and_new_uuid(shared, trust_dir):
    r = cli(
        "message",
        "--at",
        "2024-01-01T00:00:00Z",
        "--test",
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
        "--test-ws",
        "ws-test-1",
        "--test-old",
        corpus(shared, "oces3-test/nemlogin-lookupservice-test.cer"),
        trust_dir=trust_dir,
    )
    out = r.stdout.decode()
    assert r.returncode == 0, r.stderr
    assert out.startswith("Emne: Fornyelse af systemcertifikat til Integrationsplatformen\n\nDet er en fornyelse")
    assert "UUID: a040fe26-ce78-4328-ac0e-29eeb12f46df\nTidligere UUID: " in out


def test_message_command_old_certificate_needs_its_slot(shared, trust_dir):
    r = cli(
        "message",
        "--test",
        corpus(shared, "oces3-test/nemlogin-idp-test.cer"),
        "--test-ws",
        "a",
        "--prod-old",
        corpus(shared, "oces3-test/nemlogin-lookupservice-test.cer"),
        trust_dir=trust_dir,
    )
    assert r.returncode == 2 and b"--prod-old needs --prod" in r.stderr
