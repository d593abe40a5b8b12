"""The checker as a supplier meets it (issue 8): the identifiers people are asked for, each
with a copy button; expiry and the renewal reminder; downloads made in the browser; a file
that is not a certificate; several files at once; page behaviour (focus, drop anywhere,
390 px, sessionStorage). Both languages."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from .helpers import (
    CHECKER,
    TIMEOUT,
    check_file,
    checker_session,
    clipboard_text,
    field,
    lang_prefix,
    open_checker,
    wait_clipboard,
    wait_ready,
)

IDP = "oces3-test/nemlogin-idp-test.cer"  # OCES3 test, valid until 12 March 2026
IDP_EXPIRY = {"da": "12. marts 2026", "en": "12 March 2026"}
AT = "2026-01-01T00:00:00Z"
TEST_CERT = "oces3-test/kombit-sp-devtest4-demoklient.pem"
PROD_CERT = "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer"
PAIR_AT = "2026-07-01T00:00:00Z"  # both of the above are valid then
OLD = "oces2-foces-prod/kombit-test-ekstern-adgangsstyring-ca-iii.pem"  # same CVR and FID,
NEW = "oces2-foces-prod/kombit-test-ekstern-adgangsstyring-ca-iv.pem"  # issued three years apart


def certificate(path) -> x509.Certificate:
    data = path.read_bytes()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def colons(hex_text: str) -> str:
    return ":".join(re.findall("..", hex_text.upper()))


@pytest.fixture(scope="module")
def checker(lang, browser, site_url):
    with checker_session(browser, site_url, lang, clipboard=True, accept_downloads=True) as page:
        yield page


def visible(page, selector: str) -> bool:
    return page.locator(selector).is_visible()


def check_files(page, paths, at: str) -> list[dict]:
    """Chooses several files at once; waits for one report per file."""
    root = page.locator(CHECKER)
    root.evaluate("(el, at) => { el.dataset.at = at; }", at)
    before = int(root.get_attribute("data-checks") or 0)
    page.set_input_files(f"{CHECKER} input[type=file]", [str(p) for p in paths])
    page.wait_for_function(
        f'() => Number(document.querySelector("{CHECKER}").dataset.checks || 0) >= {before + len(paths)}',
        timeout=TIMEOUT,
    )
    return page.evaluate(f"() => window.__reports.slice(-{len(paths)})")


@pytest.mark.engine_area("clipboard")
def test_identifiers_each_with_a_copy_button(checker, shared):
    path = shared / "corpus" / IDP
    cert = certificate(path)
    der = cert.public_bytes(Encoding.DER)
    report = check_file(checker, path, at=AT)
    # The technical rows are folded under one control (issue 15): open it first.
    checker.locator(f"{CHECKER} [data-technical] > summary").click()
    serial = format(cert.serial_number, "x")
    expected = {
        "uuid": "a040fe26-ce78-4328-ac0e-29eeb12f46df",
        "cvr": "34051178",
        "subject-serial": "UI:DK-O:G:a040fe26-ce78-4328-ac0e-29eeb12f46df",
        "serial": ":".join(re.findall("..", serial.zfill(len(serial) + len(serial) % 2))),
        "serial-decimal": str(cert.serial_number),
        "sha256": colons(hashlib.sha256(der).hexdigest()),
        "sha256-hex": hashlib.sha256(der).hexdigest(),
        "sha1": colons(hashlib.sha1(der).hexdigest()),
        "sha1-hex": hashlib.sha1(der).hexdigest(),
    }
    for name, value in expected.items():
        assert field(checker, name).text_content() == value, name
        button = checker.locator(f"{CHECKER} [data-row='{name}'] [data-action='copy']")
        button.click()
        wait_clipboard(checker, value)
        # Visible feedback on the button itself.
        assert button.get_attribute("data-copied") == "true"
        assert button.text_content() == ("Copied" if checker.lang == "en" else "Kopieret")
    bits = cert.public_key().key_size
    assert field(checker, "key").text_content() == (f"RSA, {bits} bits" if checker.lang == "en" else f"RSA, {bits} bit")
    assert field(checker, "policies").text_content() == ", ".join(report["certificate"]["policies"])
    assert "0.4.0.2042.1.1" in report["certificate"]["policies"]
    usage = field(checker, "key-usage").text_content()  # in words (issue 15)
    assert ("digital signature" if checker.lang == "en" else "digital signatur") in usage and "_" not in usage


@pytest.mark.engine_area("intl-dates")
def test_expiry_in_days_and_words(checker, shared):
    path = shared / "corpus" / IDP
    days = (certificate(path).not_valid_after_utc - dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).days
    check_file(checker, path, at=AT)
    date = IDP_EXPIRY[checker.lang]
    want = f"Expires in {days} days ({date})" if checker.lang == "en" else f"Udløber om {days} dage ({date})"
    assert field(checker, "expires").text_content() == want
    assert "cert.expires-soon" in [f["code"] for f in checker.evaluate("() => window.__reports.at(-1).findings")]
    # An expired certificate says so, and offers no reminder.
    check_file(checker, path, at="2026-04-01T00:00:00Z")
    assert field(checker, "expires").text_content() == (
        f"Expired on {date}" if checker.lang == "en" else f"Udløbet den {date}"
    )
    assert not visible(checker, f"{CHECKER} [data-action='ics']")


@pytest.mark.engine_area("downloads", "intl-dates")
def test_renewal_reminder_is_an_rfc5545_calendar(checker, shared):
    path = shared / "corpus" / IDP
    not_after = certificate(path).not_valid_after_utc
    check_file(checker, path, at="2025-06-01T00:00:00Z")
    with checker.expect_download() as info:
        checker.click(f"{CHECKER} [data-action='ics']")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines), "every line ends in CRLF"
    assert all(len(line) <= 75 for line in lines)
    text = raw.decode("utf-8").replace("\r\n ", "")  # unfold
    start = (not_after.date() - dt.timedelta(weeks=8)).strftime("%Y%m%d")
    assert f"DTSTART;VALUE=DATE:{start}" in text
    plain = text.replace("\r\n", "\n")
    assert "BEGIN:VALARM" in text
    assert re.search(r"^UID:\S+$", plain, re.M) and re.search(r"^DTSTAMP:\d{8}T\d{6}Z$", plain, re.M)
    # Commas in the description are escaped, line breaks written as \n.
    assert "CVR 34051178\\, UUID a040fe26-ce78-4328-ac0e-29eeb12f46df" in text
    assert "\\n" in text
    assert IDP_EXPIRY[checker.lang] in text


@pytest.mark.engine_area("downloads")
def test_downloads_made_in_the_browser(checker, shared, trust_dir):
    path = shared / "corpus" / IDP
    cert = certificate(path)
    report = check_file(checker, path, at=AT)
    checker.wait_for_function(f"() => !document.querySelector(\"{CHECKER} [data-download='chain']\").disabled")
    got = {}
    for kind in ("cer", "pem", "chain"):
        with checker.expect_download() as info:
            checker.click(f"{CHECKER} [data-download='{kind}']")
        got[kind] = (info.value.suggested_filename, Path(info.value.path()).read_bytes())
    assert got["cer"][0] == "nemlogin-idp-test.cer"
    assert got["cer"][1] == cert.public_bytes(Encoding.DER)
    assert got["pem"][0] == "nemlogin-idp-test.pem"
    assert got["pem"][1] == cert.public_bytes(Encoding.PEM)
    chain = x509.load_pem_x509_certificates(got["chain"][1])
    assert chain[0] == cert
    assert len(chain) == len(report["chain"]["path"]) >= 2
    pinned = {
        hashlib.sha256(c.public_bytes(Encoding.DER)).hexdigest()
        for f in trust_dir.rglob("*")
        if f.is_file() and f.suffix in (".cer", ".crt", ".pem", ".der")
        for c in [certificate(f)]
    }
    for ca in chain[1:]:
        assert hashlib.sha256(ca.public_bytes(Encoding.DER)).hexdigest() in pinned
        assert ca.subject == chain[chain.index(ca) - 1].issuer


@pytest.mark.parametrize("kind", ["random", "private-key", "csr"])
def test_not_a_certificate_shows_no_verdict(checker, tmp_path, kind):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    data = {
        "random": lambda: random.Random(8).randbytes(2000),
        "private-key": lambda: key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "csr": lambda: (
            x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "x")]))
            .sign(key, hashes.SHA256())
            .public_bytes(serialization.Encoding.PEM)
        ),
    }[kind]()
    path = tmp_path / f"{kind}.cer"
    path.write_bytes(data)
    report = check_file(checker, path)
    assert report["certificate"] is None
    assert checker.locator(f"{CHECKER} [data-headline]").text_content() == (
        "The file could not be read as a certificate."
        if checker.lang == "en"
        else "Filen kunne ikke læses som et certifikat."
    )
    for hidden in (
        "[data-verdicts]",
        "[data-facts]",
        "[data-action='use-in-message']",
        "[data-action='ics']",
        "[data-download='cer']",
    ):
        loc = checker.locator(f"{CHECKER} {hidden}")
        assert not loc.is_visible(), hidden
        # `hidden` really hides: no display rule (Material's .md-button) beats it.
        assert loc.evaluate("e => getComputedStyle(e).display") == "none", hidden


def test_use_in_message_exists_only_with_a_certificate(checker, shared):
    check_file(checker, shared / "corpus" / IDP, at=AT)
    assert visible(checker, f"{CHECKER} [data-action='use-in-message']")


@pytest.mark.parametrize(
    "name",
    [
        "spoofed/fake-person-cert.pem",
        "oces2-other/nemid-moces-employee-valid.pem",
        "oces3-prod/kombit-sp-exttest-signing-1.cer",
    ],
)
def test_no_hand_over_for_a_certificate_accepted_nowhere(checker, shared, name):
    """Issue 15 (review n4): a forged, an OCES2 and an expired certificate are rejected for
    both environments, so the builder is not offered; their environment note stays a note."""
    report = check_file(checker, shared / "corpus" / name, at="2026-12-03T00:00:00Z")
    assert report["certificate"] and not any(v["accepted"] for v in report["environments"].values())
    assert not checker.locator(f"{CHECKER} [data-action='use-in-message']").is_visible()
    assert {f["severity"] for f in report["findings"] if f["code"] == "policy.wrong-environment"} <= {"info"}
    check_file(checker, shared / "corpus" / IDP, at=AT)  # and back for an accepted one
    assert visible(checker, f"{CHECKER} [data-action='use-in-message']")


@pytest.mark.engine_area("file-input", "intl-dates")
def test_several_files_old_and_new(checker, shared):
    corpus = shared / "corpus"
    reports = check_files(checker, [corpus / OLD, corpus / NEW], at="2021-07-01T00:00:00Z")
    assert [r["file"] for r in reports] == [OLD.split("/")[1], NEW.split("/")[1]]
    rows = checker.locator(f"{CHECKER} [data-file-list] [data-action='show']")
    assert rows.count() == 2
    assert rows.evaluate_all("els => els.map(e => e.dataset.role)") == ["old", "new"]
    note = checker.locator(f"{CHECKER} [data-pair-note]").text_content()
    assert NEW.split("/")[1] in note and OLD.split("/")[1] in note
    assert ("Valid until" if checker.lang == "en" else "Gyldig til") in note
    assert ("3 August 2021 → 8 June 2024" if checker.lang == "en" else "3. august 2021 → 8. juni 2024") in note
    # Each row shows its own details.
    rows.nth(1).click()
    assert field(checker, "not-after").text_content() == ("8 June 2024" if checker.lang == "en" else "8. juni 2024")
    rows.nth(0).click()
    assert field(checker, "not-after").text_content() == ("3 August 2021" if checker.lang == "en" else "3. august 2021")
    chosen = checker.locator(f"{CHECKER} [data-chosen]").text_content()
    assert OLD.split("/")[1] in chosen and NEW.split("/")[1] in chosen


@pytest.mark.engine_area("file-input", "storage")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_test_and_prod_go_to_the_builder_in_one_click(page, site_url, shared, lang):
    corpus = shared / "corpus"
    open_checker(page, site_url, lang, at=PAIR_AT)
    wait_ready(page)
    page.set_input_files(f"{CHECKER} input[type=file]", [str(corpus / TEST_CERT), str(corpus / PROD_CERT)])
    page.wait_for_function(f'() => Number(document.querySelector("{CHECKER}").dataset.checks) >= 2', timeout=TIMEOUT)
    page.click(f"{CHECKER} [data-action='pair-to-message']")
    page.wait_for_url(f"**{lang_prefix(lang)}/message/?at=*")
    for slot, name in (("test", TEST_CERT), ("prod", PROD_CERT)):
        fs = f"[data-widget='registration-message'] [data-slot='{slot}']"
        page.wait_for_function(f"() => document.querySelector(\"{fs}\").dataset.value === 'accepted'", timeout=TIMEOUT)
        assert page.locator(f"{fs} [data-slot-name]").text_content() == name.split("/")[1]
        assert page.locator(f"{fs} [data-handed]").is_visible()


@pytest.mark.engine_area("focus", "scrolling")
def test_result_comes_into_view_with_focus_and_the_name_stays(checker, shared):
    checker.set_viewport_size({"width": 1280, "height": 600})
    checker.evaluate("() => window.scrollTo(0, 0)")
    check_file(checker, shared / "corpus" / IDP, at=AT)
    focused = checker.evaluate("() => document.activeElement.matches('[data-result-heading]')")
    assert focused
    top = checker.locator(f"{CHECKER} [data-result-heading]").evaluate("e => e.getBoundingClientRect().top")
    assert -2 <= top < 600
    assert "nemlogin-idp-test.cer" in checker.locator(f"{CHECKER} [data-chosen]").text_content()
    assert visible(checker, f"{CHECKER} [data-chosen]")


DROP = """([selector, name, bytes]) => {
  const dt = new DataTransfer();
  dt.items.add(new File([new Uint8Array(bytes)], name));
  const ev = new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true });
  document.querySelector(selector).dispatchEvent(ev);
  return ev.defaultPrevented;
}"""


@pytest.mark.engine_area("drop")
def test_the_whole_widget_is_a_drop_target(checker, shared):
    root = checker.locator(CHECKER)
    root.evaluate("(el, at) => { el.dataset.at = at; }", AT)
    before = int(root.get_attribute("data-checks") or 0)
    data = list((shared / "corpus" / IDP).read_bytes())
    # Dropped on the widget's title, far from the file input.
    assert checker.evaluate(DROP, [f"{CHECKER} .oces-title", "dropped.cer", data])
    checker.wait_for_function(f'() => Number(document.querySelector("{CHECKER}").dataset.checks) > {before}')
    assert field(checker, "uuid").text_content() == "a040fe26-ce78-4328-ac0e-29eeb12f46df"
    assert field(checker, "file").text_content() == "dropped.cer"
    # Dropped elsewhere on the page: the browser does not leave the page to open it.
    url = checker.url
    assert checker.evaluate(DROP, ["h1", "elsewhere.cer", data])
    assert checker.url == url
    assert int(root.get_attribute("data-checks")) == before + 1


@pytest.mark.engine_area("layout")
def test_facts_stack_at_390_px(checker, shared):
    checker.set_viewport_size({"width": 390, "height": 800})
    try:
        check_file(checker, shared / "corpus" / IDP, at=AT)
        checker.locator(f"{CHECKER} [data-technical] > summary").click()
        rows = checker.locator(f"{CHECKER} [data-facts] [data-row]:not([hidden])")
        geometry = rows.evaluate_all("""rows => rows.map(r => {
            const dt = r.querySelector('dt').getBoundingClientRect();
            const dd = r.querySelector('dd').getBoundingClientRect();
            return {name: r.dataset.row, dtBottom: dt.bottom, ddTop: dd.top, width: dd.width};
        })""")
        assert len(geometry) >= 10
        for g in geometry:
            assert g["width"] > 250, g
            assert g["ddTop"] >= g["dtBottom"] - 1, g
        assert checker.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        checker.set_viewport_size({"width": 1280, "height": 720})


@pytest.mark.engine_area("storage")
@pytest.mark.parametrize("lang", ["da", "en"])
def test_results_survive_a_link_back_and_the_other_language(page, site_url, shared, lang):
    other = "en" if lang == "da" else "da"
    open_checker(page, site_url, lang, at=AT)
    wait_ready(page)
    page.set_input_files(f"{CHECKER} input[type=file]", str(shared / "corpus" / IDP))
    page.wait_for_function(f"() => document.querySelector(\"{CHECKER}\").dataset.state === 'done'", timeout=TIMEOUT)
    # "Læs mere" to the findings page, then Back.
    # Followed as a link would be (WebKit's driver can find the link under the sticky header).
    more = page.locator(f"{CHECKER} [data-findings] .oces-finding-link a").first.get_attribute("href")
    page.goto(urljoin(page.url, more))
    page.wait_for_url("**/findings/**")
    page.go_back()
    # Restored from sessionStorage (or kept whole by the back/forward cache).
    page.wait_for_function(f'() => !document.querySelector("{CHECKER} [data-result]").hidden', timeout=TIMEOUT)
    assert field(page, "uuid").text_content() == "a040fe26-ce78-4328-ac0e-29eeb12f46df"
    assert page.locator(f"{CHECKER} [data-result]").is_visible()
    # The same page in the other language: the result again, in that language.
    page.goto(f"{site_url}{lang_prefix(other)}/checker/?at={AT}")
    page.wait_for_function(f"() => document.querySelector(\"{CHECKER}\").dataset.restored === 'true'", timeout=TIMEOUT)
    assert field(page, "verdict-test").text_content() == ("Accepted" if other == "en" else "Godkendes")
    assert field(page, "uuid").text_content() == "a040fe26-ce78-4328-ac0e-29eeb12f46df"
    # Certificates never reach localStorage (the theme may keep its own settings there).
    kept = page.evaluate("() => Object.keys(localStorage).map(k => k + '=' + localStorage.getItem(k)).join(' ')")
    for secret in ("CERTIFICATE", "oces-checker", "a040fe26", "34051178"):
        assert secret not in kept, kept
    # The clear button forgets it all.
    page.click(f"{CHECKER} [data-action='clear']")
    assert page.evaluate("() => sessionStorage.getItem('oces-checker')") is None
    assert not page.locator(f"{CHECKER} [data-result]").is_visible()
    page.reload()
    wait_ready(page)
    assert not page.locator(f"{CHECKER} [data-result]").is_visible()


def _openssl(*args, cwd):
    import subprocess

    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def pkcs12_files(tmp_path_factory, shared):
    """PKCS#12 files made with OpenSSL 3: AES-256 (its default), certificates not encrypted
    (with a key of its own, and certificates only, holding a real OCES3 test certificate)."""
    d = tmp_path_factory.mktemp("p12")
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "key.pem",
        "-out",
        "self.pem",
        "-subj",
        "/CN=Selvlavet",
        "-days",
        "30",
        cwd=d,
    )
    _openssl(
        "pkcs12", "-export", "-inkey", "key.pem", "-in", "self.pem", "-passout", "pass:x", "-out", "aes.p12", cwd=d
    )
    _openssl(
        "pkcs12",
        "-export",
        "-inkey",
        "key.pem",
        "-in",
        "self.pem",
        "-certpbe",
        "NONE",
        "-passout",
        "pass:x",
        "-out",
        "open-certs.p12",
        cwd=d,
    )
    _openssl(
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
        "certs-only.pfx",
        cwd=d,
    )
    return d


def _visible_text(page) -> str:
    return page.locator(CHECKER).inner_text()


@pytest.mark.parametrize("source, legacy", [("corpus", True), ("aes.p12", False)])
def test_pkcs12_says_what_it_uses_and_the_command_once(checker, site_url, shared, pkcs12_files, source, legacy):
    path = shared / "corpus/formats/pkcs12-oces3-testwsc-Test1234.pfx" if source == "corpus" else pkcs12_files / source
    report = check_file(checker, path)
    assert report["input"]["pkcs12"]["legacy"] is legacy
    assert next(f["code"] for f in report["findings"]) == "input.pkcs12"
    text = _visible_text(checker)
    assert text.count("openssl pkcs12") == 1, text
    assert ("-legacy" in text) is legacy
    # The headline says what locks the file, not that it is no certificate.
    locked = (
        "The certificate in the file is locked with the file's password. Type the password below to open"
        " the certificate part here in your browser."
        if checker.lang == "en"
        else "Certifikatet i filen er låst med filens adgangskode. Skriv adgangskoden herunder, så åbnes"
        " certifikatdelen her i browseren."
    )
    assert checker.locator(f"{CHECKER} [data-headline]").text_content() == locked
    checker.click(f"{CHECKER} [data-action='copy-summary']")
    # The summary says what locks the file in its own sentence (checks/data/summary.toml).
    said = (
        "The certificate in the file cannot be read without the password."
        if checker.lang == "en"
        else "Certifikatet i filen kan ikke læses uden adgangskoden."
    )
    assert said in clipboard_text(checker).splitlines()
    uses = "RC2" if legacy else "AES-256"
    assert uses in text
    assert not checker.locator(f"{CHECKER} [data-action='use-in-message']").is_visible()
    assert (
        checker.locator(f"{CHECKER} [data-password-form] input[type=password]").count() == 1
    )  # the way in: its password
    # The export guide, linked in the page's language, and there.
    guide = checker.locator(f"{CHECKER} [data-code='input.pkcs12'] .oces-finding-guide a")
    title = {
        "da": "Tag det offentlige certifikat ud af .p12-filen",
        "en": "Take the public certificate out of the .p12 file",
    }[checker.lang]
    assert guide.text_content() == title
    href = guide.evaluate("a => a.href")
    assert href == f"{site_url}{lang_prefix(checker.lang)}/oces3/export/"
    assert checker.evaluate("(u) => fetch(u).then((r) => r.status)", href) == 200


@pytest.mark.parametrize("lang", ["da", "en"])
def test_pkcs12_with_open_certificate_bags_is_checked_and_never_handed_over(page, site_url, pkcs12_files, lang):
    checker = page
    open_checker(page, site_url, lang)
    wait_ready(page)
    report = check_file(checker, pkcs12_files / "open-certs.p12")
    assert report["certificate"]["subject_cn"] == "Selvlavet"
    assert report["input"]["pkcs12"]["certificate_encryption"] == "none"
    assert checker.locator(f"{CHECKER} [data-facts]").is_visible()
    # The self-made certificate is accepted nowhere, so it is not offered to the builder
    # (issue 15, review n4); what the tab keeps holds no key.
    assert not checker.locator(f"{CHECKER} [data-action='use-in-message']").is_visible()
    kept = checker.evaluate("() => JSON.stringify(sessionStorage)")
    assert "PRIVATE KEY" not in kept and "Selvlavet" in kept


def test_a_correct_test_certificate_shows_no_error(checker, shared):
    report = check_file(checker, shared / "corpus" / IDP, at=AT)
    assert report["environments"]["test"]["accepted"] and not report["environments"]["prod"]["accepted"]
    severities = checker.locator(f"{CHECKER} [data-findings] [data-code]").evaluate_all(
        "els => els.map(e => e.dataset.severity)"
    )
    assert "error" not in severities and "info" in severities
    assert ("Error:" if checker.lang == "en" else "Fejl:") not in checker.locator(
        f"{CHECKER} [data-result]"
    ).inner_text()
    # The other environment's reason is a note, in the page's words, in the summary too.
    checker.click(f"{CHECKER} [data-action='copy-summary']")
    summary = clipboard_text(checker)
    note = "Note" if checker.lang == "en" else "Bemærk"
    assert f"policy.wrong-environment ({note})" in summary and "(error)" not in summary
