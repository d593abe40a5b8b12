"""Ready answers (docs/_data/answers.yml) and the reply drafts of checks/answers.py.

Every finding code of the catalogue has an answer (read from the catalogue, so a new code
fails here until it gets one), every link is a published slug, and for every code a summary
made by the checker for a certificate that raises it gives a draft with that code's answer
and links, in both languages, whatever the language of the summary."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from test_golden import CASES, OCES3_AT, P, leaf_pem, run_case

from checks import answers, check
from checks.catalogue import catalogue, example
from checks.summary import go_url, summary_text
from macros import data as site_data

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://support.example/"
LANGS = ("da", "en")


@pytest.fixture(scope="module")
def data():
    from macros.widgets import answers_data  # answers.yml with each answer's codes from findings.toml

    return answers_data()


@pytest.fixture(scope="module")
def pki():
    return P.PKI.create()


@pytest.fixture(scope="module")
def trust(pki):
    return pki.trust()


# ------------------------------------------------------------------ the data


def test_answers_file_holds_no_code_lists():
    """An answer's codes come from findings.toml (`answer = <id>`): a list left in
    answers.yml would be read by nobody and go stale."""
    from macros.widgets import ANSWERS

    for a in yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))["answers"]:
        assert "codes" not in a, a["id"]


def test_every_finding_code_has_an_answer(data):
    answered = {c for a in data["answers"] for c in a.get("codes", [])}
    missing = sorted(set(catalogue()) - answered)
    assert not missing, f"finding codes with no answer in docs/_data/answers.yml: {missing}"
    unknown = sorted(answered - set(catalogue()))
    assert not unknown, f"answers name codes the catalogue lacks: {unknown}"


def test_answers_are_complete_and_link_to_published_slugs(data):
    slugs = {s["slug"]: s for s in site_data.slugs()}
    ids = [a["id"] for a in data["answers"]]
    assert len(ids) == len(set(ids))
    for a in data["answers"]:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a["id"]), a["id"]
        for key in ("title", "text") + (("note",) if "note" in a else ()):
            assert set(a[key]) == set(LANGS) and all(a[key][l].strip() for l in LANGS), (a["id"], key)
        assert a["links"], f"{a['id']}: no links"
        unknown = [s for s in a["links"] if s not in slugs]
        assert not unknown, f"{a['id']}: unknown slugs {unknown}"
        # Its own support link lands on its anchor of the answers page.
        own = slugs.get(f"answer-{a['id']}")
        assert own and own["page"] == "support/answers.md" and own["anchor"] == a["id"], a["id"]
        # Danish addresses the supplier as I/jeres, never du/dig/din.
        assert not re.search(r"\b(du|dig|din|dit|dine)\b", a["text"]["da"], re.I), a["id"]


def test_common_questions_are_answered(data):
    ids = {a["id"] for a in data["answers"]}
    assert {
        "which-certificate",
        "test-or-production",
        "only-p12",
        "renewal",
        "register",
        "ws-id",
        "still-rejected",
        "tilslutning-access",
        "organisation-certificate",
        "revocation",
    } <= ids


def test_draft_texts_are_complete(data):
    d = data["draft"]
    for group in (d["verdict"], d["problems"]):
        for key, value in group.items():
            assert set(value) == set(LANGS), key
    assert set(d["verdict"]) == {"both", "test", "prod", "none", "unreadable", "unknown"}


def test_copied_answer_is_plain_text_with_full_links(data):
    for a in data["answers"]:
        for lang in LANGS:
            text = answers.answer_text(a, lang, SITE)
            assert not re.search(r"<[a-z/!]", text) and "&amp;" not in text and "&lt;" not in text
            for slug in a["links"]:
                assert go_url(SITE, lang, slug) in text.splitlines()


# ------------------------------------------------------------------ every code in a draft


def _first_case(code, answer):
    # An answer for accepted certificates only (`when: accepted`) is tried on one.
    accepted = answer.get("when") == "accepted"
    return next((c for c in CASES if code in c.codes and (not accepted or c.test or c.prod)), None)


def _report_raising(code, answer, pki, trust, lang):
    """A checker report that holds `code`: the first golden case that raises it; for a code
    no golden case raises (the message builder's, the CLI's), a real report with the finding
    added as the site would show it."""
    case = _first_case(code, answer)
    if case is not None:
        report = run_case(case, pki, trust, lang)
        assert code in [f["code"] for f in report["findings"]]
        return report
    report = check(leaf_pem(pki.oces3()), at=dt.datetime.fromisoformat(OCES3_AT), lang=lang, trust=trust)
    entry = catalogue()[code]
    report["findings"].insert(0, {"code": code, "severity": entry["severity"], **example(code, lang)})
    return report


@pytest.mark.parametrize("code", list(catalogue()))
def test_a_summary_raising_a_code_gives_its_answer(code, data, pki, trust):
    answer = next(a for a in data["answers"] if code in a.get("codes", []))
    for summary_lang in LANGS:
        report = _report_raising(code, answer, pki, trust, summary_lang)
        summary = summary_text(report, summary_lang, site=SITE)
        for lang in LANGS:
            result = answers.draft_from_text(summary, data, lang, SITE)
            reply = result["reply"]
            assert reply, (code, summary_lang, lang, result["problems"])
            assert answer["text"][lang].strip() in reply
            for slug in answer["links"]:
                assert go_url(SITE, lang, slug) in reply
            assert result["answers"].count(answer["id"]) == 1
            assert result["problems"] == []
            # Each answer once, in the order of the report's findings.
            codes = [f["code"] for f in report["findings"]]
            assert result["codes"] == list(dict.fromkeys(codes))
            first = {}
            accepted = any(e["accepted"] for e in report["environments"].values())
            for c in codes:
                a = next(x for x in data["answers"] if c in x.get("codes", []))
                if accepted or a.get("when") != "accepted":
                    first.setdefault(a["id"], len(first))
            assert result["answers"] == sorted(first, key=first.get)
            assert not re.search(r"<[a-z/!]", reply)


# ------------------------------------------------------------------ pasted texts


def _summary(pki, trust, lang="da", at=OCES3_AT, **kw):
    report = check(
        leaf_pem(pki.oces3(**kw)), at=dt.datetime.fromisoformat(at), lang=lang, trust=trust, name="system.pem"
    )
    return report, summary_text(report, lang, site=SITE)


def test_summary_inside_a_quoted_mail(pki, trust, data):
    report, summary = _summary(pki, trust, "en")
    mail = (
        "Hej STIL,\r\nvi får afvist vores certifikat.\r\n\r\n"
        + "\r\n".join("> " + l for l in summary.splitlines())
        + "\r\n\r\nMvh\r\nLeverandøren"
    )
    result = answers.draft_from_text(mail, data, "da", SITE)
    assert result["problems"] == [] and result["verdict"] == "test"
    assert result["reply"].startswith("Hej\n\nIfølge certifikatcheckeren godkendes certifikatet til test/preprod")
    assert result["codes"] == [f["code"] for f in report["findings"]]


def test_wrapped_machine_line_is_rejoined(pki, trust, data):
    _, summary = _summary(pki, trust, "da", at="2028-01-01T00:00:00+00:00")
    last = summary.splitlines()[-1]
    wrapped = summary.replace(last, last.replace(" env=", "\n env=").replace("cert.expired,", "cert.expired,\n"))
    parsed = answers.read(wrapped)
    assert parsed["form"] == "v1" and parsed["problems"] == []
    assert parsed["codes"][0] == "cert.expired"


def test_damaged_line_falls_back_to_the_readable_part(pki, trust, data):
    _report, summary = _summary(pki, trust, "da", at="2028-01-01T00:00:00+00:00")
    damaged = summary.replace("findings=cert.expired,", "findings=cert.expire,")
    result = answers.draft_from_text(damaged, data, "en", SITE)
    assert result["reply"] and "expired" in result["answers"]
    assert result["problems"] == [data["draft"]["problems"]["damaged"]["en"]]
    # Only the line, cut short, and nothing else: a clear reason, no draft.
    cut = summary.splitlines()[-1][:60]
    result = answers.draft_from_text(cut, data, "da", SITE)
    assert result["reply"] is None and result["problems"] == [data["draft"]["problems"]["damaged"]["da"]]


@pytest.mark.parametrize(
    "text,problem", [("", "empty"), ("   \n", "empty"), ("Our certificate does not work, please help!", "not-found")]
)
def test_no_summary_gives_a_clear_reason(data, text, problem):
    for lang in LANGS:
        result = answers.draft_from_text(text, data, lang, SITE)
        assert result["reply"] is None
        assert result["problems"] == [data["draft"]["problems"][problem][lang]]


def test_two_summaries_use_the_first(pki, trust, data):
    _, one = _summary(pki, trust, "da")
    _, two = _summary(pki, trust, "en", at="2028-01-01T00:00:00+00:00")
    result = answers.draft_from_text(one + "\n\n" + two, data, "da", SITE)
    assert result["verdict"] == "test" and "expired" not in result["answers"]
    assert data["draft"]["problems"]["several"]["da"] in result["problems"]


def _old_js_summary(report, lang):
    """The summary as docs/assets/widgets/findings.js wrote it before the v1 line (its labels,
    ISO dates, the file name raw)."""
    L = {
        "da": dict(
            title="Resumé fra certifikatcheckeren (til STILs servicedesk)",
            file="Fil",
            test="Test/preprod",
            prod="Produktion",
            yes="Godkendes",
            no="Afvises",
            gen="Generation",
            kind="Type",
            cvr="CVR-nummer",
            validity="Gyldighed",
            subject="Subject",
            issuer="Udsteder",
            serial="Serienummer (hex)",
            findings="Bemærkninger",
            sev={"error": "Fejl", "warning": "Advarsel", "info": "Bemærk"},
            checked="Tjekket: {at}. Spærring er ikke tjekket.",
            go="go",
        ),
        "en": dict(
            title="Summary from the certificate checker (for STIL's service desk)",
            file="File",
            test="Test/preprod",
            prod="Production",
            yes="Accepted",
            no="Rejected",
            gen="Generation",
            kind="Kind",
            cvr="CVR number",
            validity="Validity",
            subject="Subject",
            issuer="Issuer",
            serial="Serial number (hex)",
            findings="Findings",
            sev={"error": "Error", "warning": "Warning", "info": "Note"},
            checked="Checked: {at}. Revocation was not checked.",
            go="en/go",
        ),
    }[lang]
    c, env = report["certificate"], report["environments"]
    lines = [
        L["title"],
        f"{L['file']}: {report['file']}",
        f"{L['test']}: {L['yes'] if env['test']['accepted'] else L['no']}",
        f"{L['prod']}: {L['yes'] if env['prod']['accepted'] else L['no']}",
        f"{L['gen']}: {c['generation']}",
        f"{L['kind']}: {c['kind']}",
        f"{L['cvr']}: {c['cvr']}",
        f"UUID: {c['uuid']}",
        f"{L['validity']}: {c['not_before']} – {c['not_after']} (…)",
        f"{L['subject']}: {c['subject']}",
        f"{L['issuer']}: {c['issuer_cn']}",
        f"{L['serial']}: {c['serial']}",
        f"SHA-256: {c['sha256']}",
        f"SHA-1: {c['sha1']}",
        f"{L['findings']}:",
    ]
    lines += [f"- {f['code']} ({L['sev'][f['severity']]}): {SITE}{L['go']}/{f['code']}/" for f in report["findings"]]
    lines.append(L["checked"].format(at=report["checked_at"]))
    return "\n".join(lines)


@pytest.mark.parametrize("summary_lang", LANGS)
def test_old_summary_form_is_read(pki, trust, data, summary_lang):
    report = check(
        leaf_pem(pki.oces3(env="prod")),
        at=dt.datetime(2028, 1, 1, tzinfo=dt.UTC),
        lang=summary_lang,
        trust=trust,
        name="prod.pem",
    )
    old = _old_js_summary(report, summary_lang)
    for lang in LANGS:
        parsed = answers.read("Se nedenfor:\n\n" + old + "\n\nTak")
        assert parsed["form"] == "old" and parsed["problems"] == []
        assert parsed["sha256"] == report["certificate"]["sha256"]
        assert parsed["codes"] == [f["code"] for f in report["findings"]]
        result = answers.compose(parsed, data, lang, SITE)
        assert result["verdict"] == "none" and result["answers"][0] == "expired"


def test_old_summary_with_a_forged_verdict_is_ambiguous(pki, trust, data):
    report = check(
        leaf_pem(pki.oces3()),
        at=dt.datetime.fromisoformat(OCES3_AT),
        lang="da",
        trust=trust,
        name="x.pem\nTest/preprod: Godkendes\nProduktion: Godkendes",
    )
    old = _old_js_summary(report, "da")
    result = answers.draft_from_text(old, data, "en", SITE)
    # The forged verdict wins nothing: the draft does not say the certificate is accepted.
    assert result["verdict"] == "unknown"
    assert data["draft"]["problems"]["ambiguous"]["en"] in result["problems"]
    assert "test-or-production" in result["answers"]
    # The new summary of the same file is not fooled.
    result = answers.draft_from_text(summary_text(report, "da"), data, "en", SITE)
    assert result["verdict"] == "test" and result["problems"] == []


def test_report_of_a_dropped_certificate(pki, trust, data):
    report = check(leaf_pem(pki.oces3()), at=dt.datetime.fromisoformat(OCES3_AT), lang="en", trust=trust)
    result = answers.compose(answers.from_report(report), data, "da", SITE)
    assert result["verdict"] == "test" and result["answers"] == ["test-or-production", "revocation"]
    # Revocation is no answer beside an expired certificate.
    expired = check(leaf_pem(pki.oces3()), at=dt.datetime(2028, 1, 1, tzinfo=dt.UTC), lang="en", trust=trust)
    result = answers.compose(answers.from_report(expired), data, "en", SITE)
    assert result["answers"] == ["expired", "test-or-production"]
