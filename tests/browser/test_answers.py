"""The answers page for STIL's support desk (/support/answers/): the ready answers with
their copy buttons and filter, readable without JavaScript, and the reply draft from a
pasted support summary or a dropped certificate (the worker's checks.answers)."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from .helpers import CHECKER, ROOT, TIMEOUT, check_file, clipboard_text, lang_prefix, open_checker, wait_ready

ANSWERS = "[data-widget='support-answers']"
IDP = "corpus/oces3-test/nemlogin-idp-test.cer"  # a test certificate, expired on 12 March 2026
NOW = "2026-12-03T10:15:00Z"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _data():
    with (ROOT / "docs/_data/answers.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _answer(aid):
    return next(a for a in _data()["answers"] if a["id"] == aid)


def open_answers(page, site_url, lang="da"):
    page.goto(f"{site_url}{lang_prefix(lang)}/support/answers/")
    page.evaluate(f"""() => {{
        window.__replies = [];
        document.querySelector("{ANSWERS}").addEventListener("oces-reply", (e) => window.__replies.push(e.detail));
    }}""")


def site_of(page):
    """The site's address as the page has it (mkdocs' site_url): the links are written from it."""
    return page.evaluate(f'() => JSON.parse(document.querySelector("{ANSWERS} [data-texts]").textContent).site')


def go(page, lang, slug):
    return f"{site_of(page)}{'' if lang == 'da' else 'en/'}go/{slug}/"


def wait_reply(page, before):
    page.wait_for_function(
        f'() => Number(document.querySelector("{ANSWERS}").dataset.replies || 0) > {before}', timeout=TIMEOUT
    )
    return page.evaluate("() => window.__replies[window.__replies.length - 1]")


def replies(page):
    return int(page.locator(ANSWERS).get_attribute("data-replies") or 0)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_without_javascript_answers_are_readable_and_no_tool_shows(browser, site_url, lang):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{site_url}{lang_prefix(lang)}/support/answers/")
    answers = _data()["answers"]
    assert page.locator(f"{ANSWERS} [data-answer]").count() == len(answers)
    for a in answers:
        assert page.locator(f"#{a['id']}").is_visible()
        assert a["title"][lang] in page.locator(f"[data-answer='{a['id']}'] h3").inner_text()
    assert page.locator(f"{ANSWERS} [data-nojs]").is_visible()
    for control in ("textarea", "input", "select", "button"):
        shown = page.locator(f"{ANSWERS} {control}").evaluate_all("els => els.filter(e => e.offsetParent).length")
        assert shown == 0, control
    ctx.close()


@pytest.mark.engine_area("clipboard")
@pytest.mark.parametrize("summary_lang,lang", [("da", "en"), ("en", "da")])
def test_summary_from_the_checker_gives_a_reply_in_the_chosen_language(page, site_url, shared, summary_lang, lang):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_checker(page, site_url, summary_lang)
    wait_ready(page)
    report = check_file(page, shared / IDP, at=NOW)
    page.click(f"{CHECKER} [data-action='copy-summary']")
    page.wait_for_function(f'() => document.querySelector("{CHECKER} [data-announce]").textContent.length > 0')
    summary = clipboard_text(page)
    assert summary.splitlines()[-1].startswith("oces-check: v1 sha256=" + report["certificate"]["sha256"])
    open_answers(page, site_url, lang)
    wait_ready(page, ANSWERS)
    pasted = "Hej STIL\n\n" + summary + "\n\nMed venlig hilsen\nLeverandøren"
    before = replies(page)
    page.fill(f"{ANSWERS} textarea[data-input='summary']", pasted)
    page.click(f"{ANSWERS} [data-action='make-reply']")
    result = wait_reply(page, before)
    reply = page.locator(f"{ANSWERS} [data-field='reply']").inner_text()
    assert result["answers"] == ["expired", "test-or-production"]
    assert reply.startswith("Hej\n" if lang == "da" else "Hello\n")
    assert _answer("expired")["text"][lang].strip() in reply
    assert go(page, lang, "oces3-renewal") in reply.splitlines()
    # Nothing pasted is lost.
    assert page.locator(f"{ANSWERS} textarea[data-input='summary']").input_value() == pasted
    page.click(f"{ANSWERS} [data-action='copy-reply']")
    copied = clipboard_text(page)
    assert copied == reply.strip() or copied == reply
    assert not re.search(r"<[a-z/!]", copied)


@pytest.mark.engine_area("paste", "clipboard")
def test_a_summary_pasted_with_the_keyboard_gives_a_reply_at_once(page, site_url, shared):
    """The agent's real path: the checker's copy button, then Ctrl+V in the answers box. The
    paste event makes the draft without a click, and the pasted text stays in the box."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_checker(page, site_url, "da")
    wait_ready(page)
    check_file(page, shared / IDP, at=NOW)
    page.click(f"{CHECKER} [data-action='copy-summary']")
    page.wait_for_function(f'() => document.querySelector("{CHECKER} [data-announce]").textContent.length > 0')
    summary = clipboard_text(page)
    open_answers(page, site_url, "da")
    wait_ready(page, ANSWERS)
    before = replies(page)
    page.locator(f"{ANSWERS} textarea[data-input='summary']").focus()
    page.keyboard.press("Control+V")
    result = wait_reply(page, before)
    assert result["answers"] == ["expired", "test-or-production"]
    assert page.locator(f"{ANSWERS} [data-field='reply']").inner_text().startswith("Hej\n")
    assert page.locator(f"{ANSWERS} textarea[data-input='summary']").input_value() == summary


@pytest.mark.engine_area("file-input", "drop")
def test_a_dropped_or_chosen_certificate_gives_a_reply(page, site_url, shared):
    open_answers(page, site_url, "en")
    wait_ready(page, ANSWERS)
    before = replies(page)
    page.set_input_files(f"{ANSWERS} input[type=file]", str(shared / IDP))
    result = wait_reply(page, before)
    assert result["report"]["certificate"]["cvr"] == "34051178"
    assert result["answers"][0] == "expired" and result["reply"]
    assert page.locator(f"{ANSWERS} [data-field='reply']").inner_text().startswith("Hello")
    # Dropped: the same through the drop zone (a DataTransfer with the file's bytes).
    pem = (shared / IDP).read_bytes().hex()
    before = replies(page)
    page.evaluate(
        """(hex) => {
        const bytes = new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], "idp.cer"));
        const zone = document.querySelector("[data-widget='support-answers'] [data-tool]");
        for (const type of ["dragenter", "dragover", "drop"]) {
          zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
        }
    }""",
        pem,
    )
    result = wait_reply(page, before)
    assert result["answers"][0] == "expired"


def test_damaged_or_foreign_text_gives_a_clear_reason(page, site_url):
    open_answers(page, site_url, "da")
    wait_ready(page, ANSWERS)
    before = replies(page)
    page.fill(f"{ANSWERS} textarea[data-input='summary']", "Vores certifikat virker ikke!")
    page.click(f"{ANSWERS} [data-action='make-reply']")
    result = wait_reply(page, before)
    assert result["reply"] is None
    reason = _data()["draft"]["problems"]["not-found"]["da"]
    assert page.locator(f"{ANSWERS} [data-field='problems']").inner_text().strip() == reason
    assert page.locator(f"{ANSWERS} [data-field='reply']").is_hidden()
    assert page.locator(f"{ANSWERS} textarea[data-input='summary']").input_value() == "Vores certifikat virker ikke!"


def test_copy_button_and_filter(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_answers(page, site_url, "en")
    page.click("[data-answer='only-p12'] [data-action='copy-answer']")
    page.wait_for_function("() => document.querySelector(\"[data-answer='only-p12'] [data-copied]\")")
    copied = clipboard_text(page)
    a = _answer("only-p12")
    assert copied.startswith(a["text"]["en"].strip().split("\n")[0])
    assert copied.splitlines()[-3:] == [go(page, "en", s) for s in a["links"]]
    assert not re.search(r"<[a-z/!]", copied)
    page.fill(f"{ANSWERS} [data-input='filter']", "p12")
    shown = page.locator(f"{ANSWERS} [data-answer]").evaluate_all(
        "els => els.filter(e => !e.hidden).map(e => e.dataset.answer)"
    )
    assert "only-p12" in shown and "ws-id" not in shown and len(shown) < len(_data()["answers"])
    page.fill(f"{ANSWERS} [data-input='filter']", "cert.expired")
    shown = page.locator(f"{ANSWERS} [data-answer]").evaluate_all(
        "els => els.filter(e => !e.hidden).map(e => e.dataset.answer)"
    )
    assert shown == ["expired"]


def _axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}))
             .violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_answers_page_is_accessible(browser, site_url, shared, lang, scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    open_answers(page, site_url, lang)
    wait_ready(page, ANSWERS)
    before = replies(page)
    page.set_input_files(f"{ANSWERS} input[type=file]", str(shared / IDP))
    wait_reply(page, before)
    page.mouse.move(0, 0)
    violations = _axe(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.engine_area("csp")
def test_answers_work_under_the_csp_and_send_nothing(page, site_server, shared):
    mark = len(site_server.requests)
    open_answers(page, site_server.url, "da")
    wait_ready(page, ANSWERS)
    before = replies(page)
    page.set_input_files(f"{ANSWERS} input[type=file]", str(shared / IDP))
    assert wait_reply(page, before)["reply"]
    page.wait_for_timeout(300)  # reports are sent after the event
    assert site_server.csp_reports(mark) == []
    # Nothing was sent: every request was a GET of the site's own files, none carried a body.
    seen = [r for r in site_server.requests[mark:] if r.path != "/__csp-report"]
    assert seen and all(r.method in ("GET", "HEAD") and not r.body for r in seen), [(r.method, r.path) for r in seen]
