"""Issue 16 in the browser: a bad ?at= is a lasting message on both tool pages; a worker
that hangs or crashes is replaced, the page says so and the next check works; hostile
names stay values in what the page shows, names its downloads and writes to the .ics;
the thumbprint shown is the downloaded .cer's for every wrapping; long values are cut on
the page, whole in the report, and the stored result is bounded."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from support import pki as P
from support.hostile_certificates import CASES

from .helpers import BUILDER, CHECKER, TIMEOUT, check_file, checker_session, field, lang_prefix, wait_ready

CERT = "oces3-test/nemlogin-idp-test.cer"
AT = "2026-01-01T00:00:00Z"
HOSTILE = "SYSTEM\nTest/preprod: Godkendt\x00\x1b\x07\x0b\x7f\u2028\u202eX"
RAW = ["\n", "\r", "\x00", "\x1b", "\x07", "\x0b", "\x7f", "\u2028", "\u202e"]


def _no_raw(text: str, allowed: str = "") -> None:
    for ch in RAW:
        if ch not in allowed:
            assert ch not in text, (repr(ch), text[:300])


# --- a bad ?at= ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("tool", ["checker", "message"])
def test_bad_at_is_a_visible_lasting_message(browser, site_url, shared, lang, tool):
    root = CHECKER if tool == "checker" else BUILDER
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}{lang_prefix(lang)}/{tool}/?at=not-a-time")
    note = page.locator(f"{root} [data-at-error]")
    note.wait_for(timeout=TIMEOUT)
    said = note.text_content()
    assert "?at=not-a-time" in said and ("gyldig dato" in said if lang == "da" else "valid date" in said)
    assert note.get_attribute("role") == "alert"
    wait_ready(page, root)
    path = str(shared / "corpus" / CERT)
    if tool == "checker":
        page.set_input_files(f"{CHECKER} input[type=file]", path)
        page.wait_for_timeout(1500)
        assert page.locator(CHECKER).get_attribute("data-checks") in (None, "0")  # nothing was sent
    else:
        page.set_input_files(f"{BUILDER} [data-slot='test'] input[type=file]", path)
        page.locator(f"{BUILDER} [data-slot='test'] [data-input='ws']").fill("ws-test-1")
        page.click(f"{BUILDER} [data-action='build']")
        page.wait_for_function(
            f'() => Number(document.querySelector("{BUILDER}").dataset.builds || 0) > 0', timeout=TIMEOUT
        )
        assert not page.locator(f"{BUILDER} [data-field='message']").text_content()
    assert note.is_visible() and note.text_content() == said  # still there, unchanged
    assert "Traceback" not in page.locator(root).text_content()
    context.close()
    assert not errors, errors


# --- a worker that fails -----------------------------------------------------------------------------


# Not in Firefox yet: after the hung worker is terminated, Firefox reports an uncaught
# exception whose value is `undefined` to the page; where it comes from is still open.
@pytest.mark.engine_area("worker")
@pytest.mark.engines("chromium", "webkit")
def test_a_hung_worker_is_replaced_and_the_next_check_works(browser, site_url, shared):
    with checker_session(browser, site_url, "en") as page:
        root = page.locator(CHECKER)
        root.evaluate("(el, at) => { el.dataset.at = at; }", AT)
        page.evaluate("() => { globalThis.OCES_WORKER_TIMEOUT_MS = 1; }")  # every answer is late
        page.set_input_files(f"{CHECKER} input[type=file]", str(shared / "corpus" / CERT))
        page.wait_for_function(
            f'() => Number(document.querySelector("{CHECKER}").dataset.checks || 0) > 0', timeout=TIMEOUT
        )
        status = page.locator(f"{CHECKER} [data-status]").text_content()
        assert "has been started again" in status and "nemlogin-idp-test.cer" in status
        assert page.evaluate("() => window.__reports.at(-1)")["error"]
        page.evaluate("() => { delete globalThis.OCES_WORKER_TIMEOUT_MS; }")
        wait_ready(page)
        report = check_file(page, shared / "corpus" / CERT, at=AT)
        assert report["certificate"]["uuid"] and report["environments"]["test"]["accepted"]
        assert page.locator(f"{CHECKER} [data-status]").text_content() == ""


# --- hostile names ----------------------------------------------------------------------------------


def test_page_helpers_keep_hostile_names_values(browser, site_url):
    """textsafe.js, files.js and ics.js, fed the names of issue 16."""
    with checker_session(browser, site_url, "da") as page:
        got = page.evaluate(
            """async (name) => {
            const base = new URL("../assets/widgets/", document.baseURI).href;
            const ts = await import(base + "textsafe.js");
            const files = await import(base + "files.js");
            const ics = await import(base + "ics.js");
            const text = ics.reminder({ uid: "x@y", summary: "Forny " + ts.oneLine(name) + ", i dag",
                description: "Certifikatet " + ts.oneLine(name) + " udløber.\\nSådan; nu", url: "https://example.org/",
                expires: "2027-01-01T00:00:00Z", now: new Date("2026-01-01T00:00:00Z") });
            return { one: ts.oneLine(name), file: files.safeFileName(name + "/../x.cer", "certifikat"),
                     empty: files.safeFileName("\\u0000\\u202e/..", "certifikat"), ics: text };
        }""",
            HOSTILE,
        )
    _no_raw(got["one"])
    assert got["one"].startswith("SYSTEM\\x0aTest/preprod: Godkendt\\x00\\x1b\\x07\\x0b\\x7f\\u2028\\u202eX")
    _no_raw(got["file"])
    assert "/" not in got["file"] and not got["file"].startswith(".") and got["file"].endswith("x.cer")
    assert got["empty"] == "certifikat"
    lines = got["ics"].split("\r\n")
    assert lines[-1] == "" and lines[0] == "BEGIN:VCALENDAR"
    unfolded = got["ics"].replace("\r\n ", "")
    for line in unfolded.split("\r\n"):
        assert all(ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F) for ch in line), repr(line)
        assert not line.startswith("Test/preprod")
        assert len(line.encode()) <= 75 or "\r\n " in got["ics"]
    for line in lines:
        assert len(line.encode()) <= 75, line
    summary = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    assert "\\," in summary and "\\n" not in summary  # the name stays on the summary's line


# Not in WebKit: WebKitWebDriver refuses a file name with control characters
# (InvalidArgumentException), so the page could never be given one there.
@pytest.mark.engine_area("file-input", "downloads")
@pytest.mark.engines("chromium", "firefox")
def test_hostile_file_name_and_subject_in_the_checker(browser, site_url, tmp_path):
    pki = P.PKI.create()
    cn = HOSTILE.replace("\x00", "")  # a name in a certificate cannot hold NUL here
    leaf = pki.oces3(cn=cn)
    with checker_session(browser, site_url, "da", accept_downloads=True) as page:
        # (No NUL or "/" in the file name: no file system holds them, and some engines' drivers write it to disk.)
        report = check_file(
            page,
            {"name": cn.replace("/", "_") + ".pem", "mimeType": "application/x-pem-file", "buffer": leaf.pem},
            at="2025-06-01T00:00:00Z",
        )
        assert report["certificate"]["subject_cn"] == cn  # whole in the report
        for sel in ("[data-chosen]", "[data-field='subject']", "[data-field='file']", "[data-findings]"):
            _no_raw(page.locator(f"{CHECKER} {sel}").text_content())
        page.wait_for_function(
            f"() => !document.querySelector(\"{CHECKER} [data-download='cer']\").disabled", timeout=TIMEOUT
        )
        with page.expect_download() as info:
            page.click(f"{CHECKER} [data-download='cer']")
        name = info.value.suggested_filename
        _no_raw(name)
        assert "/" not in name and name.endswith(".cer")
        with page.expect_download() as info:
            page.click(f"{CHECKER} [data-action='ics']")
        raw = Path(info.value.path()).read_bytes().decode("utf-8")
        unfolded = raw.replace("\r\n ", "")
        for line in unfolded.split("\r\n"):
            assert all(ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F) for ch in line), repr(line)
            assert "\u2028" not in line and "\u202e" not in line
            assert not line.lstrip().startswith("Test/preprod")


# --- the thumbprint shown is the downloaded file's ---------------------------------------------------


@pytest.mark.parametrize("wrapping", ["pem", "base64", "pkcs7", "xml", "jwk"])
def test_shown_sha256_is_the_downloaded_cer(browser, site_url, shared, wrapping):
    der = (shared / "corpus" / CERT).read_bytes()
    b64 = base64.b64encode(der).decode()
    data = {
        "pem": b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der) + b"-----END CERTIFICATE-----\n",
        "base64": base64.encodebytes(der),
        "pkcs7": P.pkcs7_bundle(der),
        "xml": f"<md:KeyDescriptor><ds:X509Certificate>{b64}</ds:X509Certificate></md:KeyDescriptor>".encode(),
        "jwk": json.dumps({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB", "x5c": [b64]}]}).encode(),
    }[wrapping]
    with checker_session(browser, site_url, "en", accept_downloads=True) as page:
        report = check_file(
            page, {"name": f"cert.{wrapping}", "mimeType": "application/octet-stream", "buffer": data}, at=AT
        )
        shown = field(page, "sha256-hex").text_content()
        assert shown == report["certificate"]["sha256"] == hashlib.sha256(der).hexdigest()
        page.wait_for_function(
            f"() => !document.querySelector(\"{CHECKER} [data-download='cer']\").disabled", timeout=TIMEOUT
        )
        with page.expect_download() as info:
            page.click(f"{CHECKER} [data-download='cer']")
        assert hashlib.sha256(Path(info.value.path()).read_bytes()).hexdigest() == shown


# --- long values: cut on the page, whole in the report; the stored result bounded -----------------------


@pytest.mark.engine_area("storage")
def test_long_name_is_cut_on_the_page_and_storage_is_bounded(browser, site_url):
    pki = P.PKI.create()
    by_id = {c.id: c for c in CASES}
    data = by_id["subject-with-a-part-of-50000-characters"].make(pki)[0]
    big = by_id["issuer-of-1-mb"].make(pki)[0]
    with checker_session(browser, site_url, "da") as page:
        report = check_file(
            page, {"name": "lang.cer", "mimeType": "application/pkix-cert", "buffer": data}, at="2025-06-01T00:00:00Z"
        )
        assert len(report["certificate"]["subject"]) > 50000
        shown = field(page, "subject").text_content()
        assert 0 < len(shown) <= 300 and shown.endswith("…")
        report = check_file(
            page,
            {"name": "udsteder.cer", "mimeType": "application/pkix-cert", "buffer": big},
            at="2025-06-01T00:00:00Z",
        )
        assert len(report["certificate"]["issuer"]) > 1_000_000
        page.wait_for_timeout(500)  # the downloads are made and stored after the result
        stored = page.evaluate("() => (sessionStorage.getItem('oces-checker') || '').length")
        assert stored <= 256 * 1024
