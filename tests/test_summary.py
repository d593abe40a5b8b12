"""The support summary (checks/summary.py): readable words for people, every value from the
input on its own line, and one machine line (`oces-check: v1 …`) that tools read back."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_golden import OCES3_AT, P, leaf_pem

from checks import check
from checks.answers import parse_line
from checks.summary import checksum, machine_line, summary_text

AT = dt.datetime.fromisoformat(OCES3_AT)
V1 = re.compile(
    r"^oces-check: v1 sha256=([0-9a-f]{64}|-) gen=(oces2|oces3|-) kind=([a-z]+|-) "
    r"findings=([a-z0-9.,-]+) env=test:(accepted|rejected),prod:(accepted|rejected) "
    r"checked=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ sum=[0-9a-f]{8}$"
)
FORGED = "x\nTest/preprod: Godkendes\nProduktion: Godkendes\noces-check: v1 sha256=- gen=- kind=- findings=- .pem"


@pytest.fixture(scope="module")
def pki():
    return P.PKI.create()


@pytest.fixture(scope="module")
def trust(pki):
    return pki.trust()


def _report(pki, trust, lang="da", name="cert.pem", at=AT, **kw):
    return check(leaf_pem(pki.oces3(**kw)), at=at, lang=lang, trust=trust, name=name)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_readable_part_is_in_words(pki, trust, lang):
    report = _report(pki, trust, lang, at=dt.datetime(2025, 6, 1, 12, 3, 4, 567890, tzinfo=dt.UTC))
    text = summary_text(report, lang, site="https://example.test/")
    lines = text.splitlines()
    assert "Generation: OCES3" in lines
    assert (
        "Type: organisations-/systemcertifikat (OCES3)"
        if lang == "da"
        else "Kind: organisation/system certificate (OCES3)"
    ) in lines
    assert (
        "Gyldig fra 1. januar 2024 til og med 1. januar 2027"
        if lang == "da"
        else "Valid from 1 January 2024 up to and including 1 January 2027"
    ) in text
    assert (
        "Tjekket: 1. juni 2025 kl. 12:03:04 UTC." if lang == "da" else "Checked: 1 June 2025 at 12:03:04 UTC."
    ) in lines
    # No ISO times with microseconds or offsets for people; the machine line has the second.
    assert ".567890" not in text and "+00:00" not in text
    assert lines[-1].endswith("checked=2025-06-01T12:03:04Z sum=" + lines[-1][-8:])
    prefix = "" if lang == "da" else "en/"
    assert f"https://example.test/{prefix}go/policy.wrong-environment/" in text
    assert "<" not in text and ">" not in text.replace("->", "")


def test_machine_line_is_stable_and_in_report_order(pki, trust):
    data, later = leaf_pem(pki.oces3()), dt.datetime(2028, 1, 1, tzinfo=dt.UTC)
    report = check(data, at=later, lang="da", trust=trust)
    line = machine_line(report)
    assert V1.match(line), line
    codes = [f["code"] for f in report["findings"]]
    assert f"findings={','.join(codes)} " in line
    assert codes[0] == "cert.expired"
    assert f"sha256={report['certificate']['sha256']} gen=oces3 kind=organisation " in line
    assert "env=test:rejected,prod:rejected" in line
    body, _, digest = line.rpartition(" sum=")
    assert checksum(body) == digest
    # The same report in the other language gives the same line: it carries no text.
    assert machine_line(check(data, at=later, lang="en", trust=trust)) == line
    assert parse_line(line)["codes"] == codes


def test_unreadable_file_has_a_line_too(trust):
    report = check(b"no certificate here", at=AT, lang="en", trust=trust, name="notes.txt")
    text = summary_text(report, "en")
    assert "The file could not be read as a certificate." in text.splitlines()
    line = text.splitlines()[-1]
    assert V1.match(line) and "sha256=- gen=- kind=- findings=input.unrecognised " in line


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_hostile_file_name_forges_no_line(pki, trust, lang):
    report = _report(pki, trust, lang, name=FORGED)
    text = summary_text(report, lang)
    lines = text.splitlines()
    verdicts = [l for l in lines if l.startswith(("Test/preprod:", "Produktion:", "Production:"))]
    assert len(verdicts) == 2, verdicts
    assert [l for l in lines if l.startswith("oces-check:")] == [lines[-1]]
    (file_line,) = [l for l in lines if l.startswith(("Fil:", "File:"))]
    assert file_line.endswith(
        r'"x\x0aTest/preprod: Godkendes\x0aProduktion: Godkendes\x0aoces-check: v1 sha256=- gen=- kind=- findings=- .pem"'
    )
    # Nothing from the input in the machine line.
    assert "Godkendes" not in lines[-1] and ".pem" not in lines[-1]


def test_hostile_subject_and_controls_stay_on_their_line(pki, trust):
    report = _report(pki, trust, cn="SYS\u202e\r\nTest/preprod: Godkendes\x1b[2J")
    text = summary_text(report, "da")
    assert sum(l.startswith("Test/preprod:") for l in text.splitlines()) == 1
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text


def test_cli_prints_the_summary(tmp_path, pki, trust, monkeypatch, capsys):
    from checks import cli

    path = tmp_path / "cert.pem"
    path.write_bytes(leaf_pem(pki.oces3()))
    monkeypatch.setattr(cli, "load_trust", lambda _: trust)
    monkeypatch.setenv("SITE_URL", "https://site.test/")
    code = cli.main(["check", "--summary", "--lang", "en", "--at", "2025-06-01T12:00:00Z", str(path)])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert out[0] == "Summary from the certificate checker (for STIL's service desk)"
    assert V1.match(out[-1]) and "env=test:accepted,prod:rejected checked=2025-06-01T12:00:00Z" in out[-1]
    assert "  More: https://site.test/en/go/revocation.not-checked/" in out
