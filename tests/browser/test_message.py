"""The registration-message builder in each engine: a full test+prod message from OCES3
certificates (the same text as the CLI's `message`), refusals, the wsBrugerId guard,
download, and the hand-over from the checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import BUILDER, CHECKER, ROOT, TIMEOUT, codes, lang_prefix, open_checker, wait_clipboard, wait_ready

AT = "2026-07-01T00:00:00Z"  # both OCES3 certificates below are valid then
TEST_CERT = "oces3-test/kombit-sp-devtest4-demoklient.pem"
PROD_CERT = "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer"
PORTAL = "https://jira.stil.dk/servicedesk/customer/portal/15/"

EXPECTED = """Emne: Registrering af systemcertifikat til Integrationsplatformen

Systemcertifikat til test/preprod:
CVR-nummer: 19435075
UUID: 8c227b32-7e85-4dab-958e-71de2886af35
wsBrugerId: ws-test-123

Systemcertifikat til prod:
CVR-nummer: 19435075
UUID: 9b499a4d-4374-41de-8540-504682ec1e46
wsBrugerId: ws-prod-456
"""


@pytest.fixture(scope="module")
def builder(lang, browser, site_url):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}{lang_prefix(lang)}/message/?at={AT}")
    wait_ready(page, BUILDER)
    page.lang = lang
    yield page
    context.close()
    assert not errors, errors


def _fill(page, slot: str, path=None, ws: str = ""):
    fs = f"{BUILDER} [data-slot='{slot}']"
    if path is not None:
        page.set_input_files(f"{fs} input[type=file]", str(path))
        page.wait_for_function(f'() => document.querySelector("{fs}").dataset.value', timeout=TIMEOUT)
    page.fill(f"{fs} [data-input='ws']", ws)


def _build(page) -> dict:
    root = page.locator(BUILDER)
    before = int(root.get_attribute("data-builds") or 0)
    page.evaluate("""() => { window.__built = null; document.querySelector("[data-widget='registration-message']")
        .addEventListener("oces-message", (e) => { window.__built = e.detail; }, {once: true}); }""")
    page.click(f"{BUILDER} [data-action='build']")
    page.wait_for_function(
        f'() => Number(document.querySelector("{BUILDER}").dataset.builds || 0) > {before}', timeout=TIMEOUT
    )
    return page.evaluate("() => window.__built")


def _reset(page):
    """Each test starts from nothing, by the builder's own button (it also forgets what
    sessionStorage keeps): no reload, so Pyodide starts once per module."""
    page.click(f"{BUILDER} [data-action='clear']")
    for slot in ("test", "prod"):
        assert page.locator(f"{_slot(slot)} [data-input='ws']").input_value() == ""
        assert not page.locator(f"{_slot(slot)}").get_attribute("data-value")
    assert page.evaluate("() => sessionStorage.getItem('oces-builder')") is None


@pytest.mark.engine_area("downloads", "clipboard")
def test_full_message_from_oces3_certificates(builder, shared, trust_dir):
    _reset(builder)
    corpus = shared / "corpus"
    _fill(builder, "test", corpus / TEST_CERT, "ws-test-123")
    _fill(builder, "prod", corpus / PROD_CERT, "ws-prod-456")
    assert builder.locator(f"{BUILDER} [data-slot='test']").get_attribute("data-value") == "accepted"
    assert builder.locator(f"{BUILDER} [data-slot='prod']").get_attribute("data-value") == "accepted"
    result = _build(builder)
    # Danish whatever the page language, and the same text the CLI writes.
    assert builder.locator(f"{BUILDER} [data-field='message']").text_content() == EXPECTED
    assert result["message"] == EXPECTED
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "checks",
            "message",
            "--test",
            str(corpus / TEST_CERT),
            "--test-ws",
            "ws-test-123",
            "--prod",
            str(corpus / PROD_CERT),
            "--prod-ws",
            "ws-prod-456",
            "--at",
            AT,
            "--trust-dir",
            str(trust_dir),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert cli.stdout.strip() == EXPECTED.strip()
    assert codes(builder, BUILDER) == []

    # Download as .txt: exactly the message.
    with builder.expect_download() as info:
        builder.click(f"{BUILDER} [data-action='download']")
    download = info.value
    assert download.suggested_filename.endswith(".txt")
    assert Path(download.path()).read_text(encoding="utf-8") == EXPECTED

    builder.context.grant_permissions(["clipboard-read", "clipboard-write"])
    builder.click(f"{BUILDER} [data-action='copy-message']")
    wait_clipboard(builder, EXPECTED)

    portal = builder.locator(f"{BUILDER} a[href='{PORTAL}']")
    assert portal.count() == 1 and portal.is_visible()
    # STIL's portal opens in a new tab, so the message stays here.
    assert portal.get_attribute("target") == "_blank" and "noopener" in portal.get_attribute("rel")


def test_wrong_environment_certificate_is_refused(builder, shared):
    _reset(builder)
    _fill(builder, "test", shared / "corpus" / PROD_CERT, "ws-test-123")
    assert builder.locator(f"{BUILDER} [data-slot='test']").get_attribute("data-value") == "rejected"
    result = _build(builder)
    assert result["message"] is None
    assert "message.not-accepted" in codes(builder, BUILDER)
    assert builder.locator(f"{BUILDER} [data-output]").is_hidden()
    assert builder.locator(f"{BUILDER} [data-field='message']").text_content() == ""


def test_ws_id_with_line_break_is_refused(builder, shared):
    _reset(builder)
    _fill(builder, "test", shared / "corpus" / TEST_CERT, "ws-test-123\nwsBrugerId: someone-else")
    result = _build(builder)
    assert result["message"] is None
    assert "message.ws-id-invalid" in codes(builder, BUILDER)
    assert "someone-else" not in builder.locator(f"{BUILDER} [data-field='message']").text_content()


def test_equal_ws_ids_warn(builder, shared):
    _reset(builder)
    corpus = shared / "corpus"
    _fill(builder, "test", corpus / TEST_CERT, "same-id")
    _fill(builder, "prod", corpus / PROD_CERT, "same-id")
    result = _build(builder)
    assert "message.same-ws-id" in codes(builder, BUILDER)
    assert result["message"] is not None  # a warning, not a refusal


@pytest.mark.engine_area("storage")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_checker_hands_certificate_to_the_builder(page, site_url, shared, lang):
    open_checker(page, site_url, lang, at=AT)
    page.set_input_files(f"{CHECKER} input[type=file]", str(shared / "corpus" / TEST_CERT))
    page.wait_for_function(f"() => document.querySelector(\"{CHECKER}\").dataset.state === 'done'", timeout=TIMEOUT)
    page.click(f"{CHECKER} [data-action='use-in-message']")
    page.wait_for_url(f"**{lang_prefix(lang)}/message/?at=*")
    fs = f"{BUILDER} [data-slot='test']"
    page.wait_for_function(f"() => document.querySelector(\"{fs}\").dataset.value === 'accepted'", timeout=TIMEOUT)
    assert page.locator(f"{fs} [data-slot-name]").text_content() == "kombit-sp-devtest4-demoklient.pem"
    page.fill(f"{fs} [data-input='ws']", "ws-test-123")
    _build(page)
    text = page.locator(f"{BUILDER} [data-field='message']").text_content()
    assert "UUID: 8c227b32-7e85-4dab-958e-71de2886af35" in text and "til prod" not in text


def _slot(slot: str) -> str:
    return f"{BUILDER} [data-slot='{slot}']"


def test_optional_fields_go_into_the_message(builder, shared):
    _reset(builder)
    _fill(builder, "test", shared / "corpus" / TEST_CERT, "ws-test-123")
    builder.fill(f"{BUILDER} [data-input='supplier']", "Skolesoft A/S")
    builder.fill(f"{BUILDER} [data-input='system']", "Elevplan")
    builder.fill(f"{BUILDER} [data-input='contact']", "Anne Hansen, anne@example.dk")
    result = _build(builder)
    text = result["message"]
    for line in ("Leverandør: Skolesoft A/S", "System: Elevplan", "Kontaktperson: Anne Hansen, anne@example.dk"):
        assert line in text.splitlines()
    # Empty optional fields are left out.
    builder.fill(f"{BUILDER} [data-input='system']", "")
    assert "System:" not in _build(builder)["message"]


def test_refused_slot_says_why_at_once(builder, shared):
    _reset(builder)
    _fill(builder, "test", shared / "corpus" / PROD_CERT)
    status = builder.locator(f"{_slot('test')} [data-slot-status]").text_content()
    reason = "a production certificate" if builder.lang == "en" else "et produktionscertifikat"
    assert reason in status, status
    assert builder.locator(f"{BUILDER} [data-builds]").count() == 0  # nothing was built to find out


def test_swapped_pair_is_recognised_and_swapped(builder, shared):
    _reset(builder)
    corpus = shared / "corpus"
    _fill(builder, "test", corpus / PROD_CERT, "ws-test-123")
    _fill(builder, "prod", corpus / TEST_CERT, "ws-prod-456")
    offer = builder.locator(f"{BUILDER} [data-swap-offer]")
    assert offer.is_visible()
    before = int(builder.locator(BUILDER).get_attribute("data-slot-checks") or 0)
    offer.locator("[data-action='swap']").click()
    assert builder.locator(f"{_slot('test')} [data-slot-name]").text_content() == TEST_CERT.split("/")[1]
    assert builder.locator(f"{_slot('prod')} [data-slot-name]").text_content() == PROD_CERT.split("/")[1]
    assert builder.locator(f"{_slot('test')}").get_attribute("data-value") == "accepted"
    assert builder.locator(f"{_slot('prod')}").get_attribute("data-value") == "accepted"
    assert int(builder.locator(BUILDER).get_attribute("data-slot-checks") or 0) == before  # no new check needed
    assert not offer.is_visible()
    # The wsBrugerIds stay with their environment.
    assert builder.locator(f"{_slot('test')} [data-input='ws']").input_value() == "ws-test-123"
    assert _build(builder)["message"] == EXPECTED


def test_swap_and_clear_per_slot(builder, shared):
    _reset(builder)
    _fill(builder, "test", shared / "corpus" / TEST_CERT, "ws-test-123")
    builder.click(f"{_slot('test')} [data-action='swap']")
    assert builder.locator(f"{_slot('prod')} [data-slot-name]").text_content() == TEST_CERT.split("/")[1]
    assert builder.locator(f"{_slot('prod')}").get_attribute("data-value") == "rejected"
    assert not builder.locator(f"{_slot('test')} [data-slot-name]").is_visible()
    builder.click(f"{_slot('prod')} [data-action='clear-slot']")
    assert builder.locator(f"{_slot('prod')}").get_attribute("data-value") is None
    assert builder.locator(f"{_slot('prod')} [data-slot-status]").text_content() == ""
    result = _build(builder)
    assert result["message"] is None and codes(builder, BUILDER) == ["message.no-slot"]
    assert builder.evaluate("() => JSON.parse(sessionStorage.getItem('oces-builder')).slots") == {}


def test_a_pkcs12_slot_is_read_like_in_the_checker(builder, shared, tmp_path):
    _reset(builder)
    assert ".p12" in builder.locator(f"{_slot('test')} input[type=file]").get_attribute("accept")
    pfx = tmp_path / "certs-only.pfx"
    subprocess.run(
        [
            "openssl",
            "pkcs12",
            "-export",
            "-nokeys",
            "-in",
            str(shared / "corpus" / TEST_CERT),
            "-certpbe",
            "NONE",
            "-passout",
            "pass:x",
            "-out",
            str(pfx),
        ],
        check=True,
        capture_output=True,
    )
    _fill(builder, "test", pfx, "ws-test-123")
    assert builder.locator(_slot("test")).get_attribute("data-value") == "accepted"
    assert "UUID: 8c227b32-7e85-4dab-958e-71de2886af35" in _build(builder)["message"]
    # An encrypted one is refused with the reason, at once.
    _fill(builder, "prod", shared / "corpus/formats/pkcs12-oces3-testwsc-Test1234.pfx")
    assert "PKCS#12" in builder.locator(f"{_slot('prod')} [data-slot-status]").text_content()


@pytest.mark.engine_area("storage")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_inputs_survive_a_link_and_the_other_language(page, site_url, shared, lang):
    other = "en" if lang == "da" else "da"
    page.goto(f"{site_url}{lang_prefix(lang)}/message/?at={AT}")
    wait_ready(page, BUILDER)
    _fill(page, "test", shared / "corpus" / TEST_CERT, "ws-test-123")
    page.fill(f"{BUILDER} [data-input='supplier']", "Skolesoft A/S")
    page.goto(f"{site_url}{lang_prefix(other)}/message/?at={AT}")
    page.wait_for_function(
        f"() => document.querySelector(\"{_slot('test')}\").dataset.value === 'accepted'", timeout=TIMEOUT
    )
    assert page.locator(f"{_slot('test')} [data-input='ws']").input_value() == "ws-test-123"
    assert page.locator(f"{BUILDER} [data-input='supplier']").input_value() == "Skolesoft A/S"
    assert page.locator(f"{_slot('test')} [data-slot-name]").text_content() == TEST_CERT.split("/")[1]
    page.go_back()
    page.wait_for_function(
        f"() => document.querySelector(\"{_slot('test')}\").dataset.value === 'accepted'", timeout=TIMEOUT
    )
    assert page.locator(f"{_slot('test')} [data-input='ws']").input_value() == "ws-test-123"
    # "Clear everything" forgets it, here and on the next visit.
    page.click(f"{BUILDER} [data-action='clear']")
    page.reload()
    wait_ready(page, BUILDER)
    assert page.locator(f"{_slot('test')} [data-input='ws']").input_value() == ""
    assert page.locator(f"{BUILDER} [data-input='supplier']").input_value() == ""
    assert page.evaluate("() => localStorage.getItem('oces-builder')") is None


@pytest.mark.engine_area("focus", "scrolling")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_builder_at_390_px(page, site_url, shared, lang):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site_url}{lang_prefix(lang)}/message/?at={AT}")
    wait_ready(page, BUILDER)
    _fill(page, "test", shared / "corpus" / TEST_CERT, "ws-test-123")
    page.click(f"{BUILDER} [data-action='build']")
    page.wait_for_function(
        f'() => Number(document.querySelector("{BUILDER}").dataset.builds || 0) > 0', timeout=TIMEOUT
    )
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # The message comes into view, its heading focused.
    assert page.evaluate("() => document.activeElement.matches('[data-output-heading]')")
    for sel in (f"{_slot('test')} [data-input='ws']", f"{BUILDER} [data-input='supplier']"):
        assert page.locator(sel).evaluate("e => e.getBoundingClientRect().width") > 250


def test_a_renewal_names_the_old_and_new_uuid(builder, shared):
    """Issue 14: the old certificate of a slot makes the message a renewal (as the CLI's --test-old)."""
    _reset(builder)
    corpus = shared / "corpus"
    _fill(builder, "test", corpus / TEST_CERT, "ws-test-123")
    builder.click(f"{BUILDER} [data-renewal] summary")
    builder.set_input_files(
        f"{BUILDER} input[data-input='old'][data-for='test']", str(corpus / "oces3-test/nemlogin-idp-test.cer")
    )
    builder.wait_for_function(
        f"() => !document.querySelector(\"{BUILDER} [data-old-chosen='test']\").hidden", timeout=TIMEOUT
    )
    result = _build(builder)
    text = result["message"]
    assert text.startswith("Emne: Fornyelse af systemcertifikat til Integrationsplatformen\n\nDet er en fornyelse")
    assert (
        "UUID: 8c227b32-7e85-4dab-958e-71de2886af35\n"
        "Tidligere UUID: a040fe26-ce78-4328-ac0e-29eeb12f46df\nwsBrugerId: ws-test-123"
    ) in text
    # Removing the old certificate makes it an ordinary registration again.
    builder.click(f"{BUILDER} [data-action='clear-old'][data-for='test']")
    assert _build(builder)["message"].startswith("Emne: Registrering af systemcertifikat")
