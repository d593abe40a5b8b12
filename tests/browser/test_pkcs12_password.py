"""A .p12/.pfx with its password, in the browser (issue 15 item 1): the checker offers a
password field for a locked file; a wrong password gets the wrong-password finding and the
field again; the right one gives the same report as the CLI, the .cer download is the
certificate, the hand-over to the builder works, and the password is nowhere in the page's
text or storage afterwards. The builder's slots take a .p12 the same way.

The corpus file (../shared/corpus) is MitID Erhverv's layout: RC2-40 certificate part,
3DES key bag, SHA-1 MAC. It is chosen under a name without the password in it, so that the
scans below can look for the password itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from .helpers import AT, BUILDER, CHECKER, ROOT, TIMEOUT, check_file, codes, open_checker, wait_ready

PFX = "corpus/formats/pkcs12-oces3-testwsc-Test1234.pfx"
PASSWORD = "Test1234"
WRONG = "Forkert1"
NAME = "mitid-erhverv.pfx"


def _cli(path, trust_dir) -> dict:
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "checks",
            "check",
            "--json",
            "--password-stdin",
            "--at",
            AT,
            "--trust-dir",
            str(trust_dir),
            str(path),
        ],
        input=PASSWORD.encode() + b"\n",
        capture_output=True,
        cwd=ROOT,
    )
    return json.loads(res.stdout)[0]


def _submit(page, scope: str, password: str, counter: str, before: int) -> None:
    page.fill(f"{scope} [data-password-form] input[type=password]", password)
    page.click(f"{scope} [data-password-form] [data-action='open-pkcs12']")
    page.wait_for_function(
        f"""() => Number(document.querySelector("{BUILDER if scope != CHECKER else CHECKER}").dataset.{counter} || 0) > {before}""",
        timeout=TIMEOUT,
    )


def _password_anywhere(page) -> list[str]:
    """Where the password shows: storage of both kinds, the page's text, input values."""
    return page.evaluate(
        """(passwords) => passwords.flatMap((pw) => {
        const found = [];
        for (const store of [sessionStorage, localStorage]) {
            for (let i = 0; i < store.length; i++) {
                const k = store.key(i);
                if ((k + store.getItem(k)).includes(pw)) found.push("storage:" + k);
            }
        }
        if (document.body.innerText.includes(pw)) found.push("text");
        if (document.documentElement.outerHTML.includes(pw)) found.push("html");
        for (const el of document.querySelectorAll("input, textarea")) if (el.value.includes(pw)) found.push("input");
        return found;
    })""",
        [PASSWORD, WRONG],
    )


@pytest.mark.engine_area("file-input", "downloads", "focus")
def test_pfx_with_its_password_in_the_checker(browser, site_url, shared, trust_dir, engine):
    data = (shared / PFX).read_bytes()
    _, cert, _ = pkcs12.load_key_and_certificates(data, PASSWORD.encode())
    cli = _cli(shared / PFX, trust_dir)
    context = browser.new_context(accept_downloads=True)
    if engine == "chromium":  # the support summary is read back from the clipboard here
        context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        open_checker(page, site_url, "da", at=AT)  # ?at= goes along to the builder
        wait_ready(page)
        requests = []
        if engine == "chromium":
            page.on("request", lambda r: requests.append(r.url))
        locked = check_file(page, {"name": NAME, "mimeType": "application/x-pkcs12", "buffer": data})
        assert [f["code"] for f in locked["findings"]] == ["input.pkcs12"] and locked["certificate"] is None
        form = page.locator(f"{CHECKER} [data-password-form]")
        assert form.is_visible()
        assert "sendes ikke" in form.inner_text() and "dekrypteret" in form.inner_text()
        if engine == "chromium":  # the cipher wheels are not loaded before a password is given
            assert not [u for u in requests if "pyaes" in u or "rc2-" in u or "pydes" in u]

        checks = int(page.locator(CHECKER).get_attribute("data-checks"))
        _submit(page, CHECKER, WRONG, "checks", checks)
        assert codes(page) == ["input.pkcs12-password"]
        assert page.locator(f"{CHECKER} [data-headline]").text_content().startswith("Adgangskoden åbner ikke filen.")
        assert page.locator(f"{CHECKER} [data-password-form]").is_visible()  # try again
        assert _password_anywhere(page) == []  # the field was emptied; nothing kept
        assert page.evaluate("() => document.activeElement.type") == "password"  # ready to type again

        checks = int(page.locator(CHECKER).get_attribute("data-checks"))
        _submit(page, CHECKER, PASSWORD, "checks", checks)
        report = page.evaluate("() => window.__reports[window.__reports.length - 1]")
        assert report["certificate"]["subject_cn"] == "NemLog-in LookupServices.TestWSC - Test"
        assert report["certificate"]["sha256"] == cli["certificate"]["sha256"]
        assert report["environments"] == cli["environments"] and report["environments"]["test"]["accepted"]
        assert sorted(f["code"] for f in report["findings"]) == sorted(f["code"] for f in cli["findings"])
        assert page.locator(f"{CHECKER} [data-password-form]").count() == 0
        if engine == "chromium":
            assert [u for u in requests if "rc2-" in u]  # loaded on the password

        page.wait_for_function(
            f"() => !document.querySelector(\"{CHECKER} [data-download='cer']\").disabled", timeout=TIMEOUT
        )
        with page.expect_download() as info:
            page.click(f"{CHECKER} [data-download='cer']")
        assert info.value.suggested_filename == "mitid-erhverv.cer"
        assert Path(info.value.path()).read_bytes() == cert.public_bytes(Encoding.DER)
        assert _password_anywhere(page) == []
        if engine == "chromium":
            page.click(f"{CHECKER} [data-action='copy-summary']")
            page.wait_for_function(
                "async () => (await navigator.clipboard.readText()).includes('LookupServices')", timeout=10_000
            )
            summary = page.evaluate("() => navigator.clipboard.readText()")
            assert PASSWORD not in summary and WRONG not in summary

        page.click(f"{CHECKER} [data-action='use-in-message']")
        page.wait_for_function("() => location.pathname.includes('/message/')", timeout=TIMEOUT)
        page.wait_for_function(
            f"""() => (document.querySelector("{BUILDER} [data-slot='test'] [data-slot-name]") || {{}}).textContent
                      === "{NAME}" """,
            timeout=TIMEOUT,
        )
        page.wait_for_function(
            f"""() => document.querySelector("{BUILDER} [data-slot='test']").dataset.value === "accepted" """,
            timeout=TIMEOUT,
        )
        assert _password_anywhere(page) == []
        assert not errors, errors
    finally:
        context.close()


def test_a_builder_slot_takes_a_pfx_with_its_password(browser, site_url, shared):
    data = (shared / PFX).read_bytes()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_url}/message/?at={AT}")
        slot = f"{BUILDER} [data-slot='test']"
        page.set_input_files(
            f"{slot} input[type=file]", {"name": NAME, "mimeType": "application/x-pkcs12", "buffer": data}
        )
        page.wait_for_function(f"""() => document.querySelector("{slot} [data-password-form]")""", timeout=TIMEOUT)
        assert page.locator(f"{slot}").get_attribute("data-value") == "rejected"
        before = int(page.locator(BUILDER).get_attribute("data-slot-checks") or 0)
        _submit(page, slot, PASSWORD, "slotChecks", before)
        page.wait_for_function(
            f"""() => document.querySelector("{slot}").dataset.value === "accepted" """, timeout=TIMEOUT
        )
        assert page.locator(f"{slot} [data-password-form]").count() == 0
        assert "NemLog-in LookupServices.TestWSC" in page.locator(f"{slot} [data-slot-status]").inner_text()
        assert _password_anywhere(page) == []
    finally:
        context.close()


def test_the_cipher_wheels_are_pinned_and_not_needed_at_start(built_site):
    import hashlib
    import re

    from checks import pkcs12_ciphers  # noqa: F401  (the module the wheels serve)

    out = built_site / "assets" / "pyodide"
    lock = json.loads((out / "pyodide-lock.json").read_text())
    for name, module in (("pyaes", "pyaes"), ("pydes", "pyDes"), ("rc2", "rc2")):
        entry = lock["packages"][name]
        assert hashlib.sha256((out / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]
        assert entry["imports"] == [module] and entry["depends"] == []
    assert lock["packages"]["oces-checks"]["depends"] == ["asn1crypto"]  # not pulled in at start
    worker = (ROOT / "docs/assets/widgets/worker.js").read_text()
    assert re.search(r'packages: \["oces-checks"\]', worker)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_password_field_is_accessible(browser, site_url, shared, lang, scheme):
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    try:
        open_checker(page, site_url, lang, at=AT)
        wait_ready(page)
        check_file(page, {"name": NAME, "mimeType": "application/x-pkcs12", "buffer": (shared / PFX).read_bytes()})
        field = page.locator(f"{CHECKER} [data-password-form] input[type=password]")
        assert field.get_attribute("autocomplete") == "off"
        label = page.locator(f"{CHECKER} [data-password-form] label").inner_text()
        assert NAME in label
        page.add_script_tag(path=str(axe))
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}))
                 .violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
        )
        assert violations == [], violations
    finally:
        context.close()
