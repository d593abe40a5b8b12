"""The checker widget in each engine: each kind of input dropped in, read back through the
widget hooks (DESIGN.md), and the browser's report against the CLI's for the whole corpus."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from .helpers import (
    AT,
    CHECKER,
    check_file,
    checker_session,
    cli_reports,
    clipboard_text,
    codes,
    field,
    open_checker,
    wait_clipboard,
)


@pytest.fixture(scope="module")
def checker(lang, browser, site_url):
    """One checker page per language, kept open for the module (Pyodide starts once)."""
    with checker_session(browser, site_url, lang) as page:
        yield page


def _private_key_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _generated(kind: str) -> dict:
    if kind == "private-key":
        return {"name": "server.key", "mimeType": "application/octet-stream", "buffer": _private_key_pem()}
    if kind == "empty":
        return {"name": "empty.cer", "mimeType": "application/octet-stream", "buffer": b""}
    if kind == "random":
        return {
            "name": "random.cer",
            "mimeType": "application/octet-stream",
            "buffer": random.Random(4).randbytes(3000),
        }
    if kind == "5mib":
        return {
            "name": "big.cer",
            "mimeType": "application/octet-stream",
            "buffer": b"-----BEGIN CERTIFICATE-----\n" + b"A" * (5 * 1024 * 1024),
        }
    raise KeyError(kind)


MONTHS = {
    "da": [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def _in_words(iso: str, lang: str) -> str:
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{day}. {MONTHS['da'][month - 1]} {year}" if lang == "da" else f"{day} {MONTHS['en'][month - 1]} {year}"


# (case, corpus file or generated kind, validation time, verdict test, verdict prod,
#  codes that must be among the findings, facts shown)
CASES = [
    (
        "oces3-test",
        "oces3-test/nemlogin-idp-test.cer",
        AT,
        "accepted",
        "rejected",
        {"policy.wrong-environment", "revocation.not-checked"},
        {
            "generation": "OCES3",
            "cvr": "34051178",
            "uuid": "a040fe26-ce78-4328-ac0e-29eeb12f46df",
            "not-after": "2026-03-12",
        },
    ),
    (
        "oces3-prod",
        "oces3-prod/kombit-sp-exttest-signing-1.cer",
        AT,
        "rejected",
        "accepted",
        {"policy.wrong-environment"},
        {"generation": "OCES3", "cvr": "19435075", "uuid": "9160962c-1494-4f77-9f02-b5e4657ec46f"},
    ),
    (
        "oces2-foces",
        "oces2-foces-test/tu-generel-foces-gyldig.pem",
        "2019-06-01T00:00:00Z",
        "accepted",
        "rejected",
        {"revocation.not-checked"},
        {"generation": "OCES2", "cvr": "30808460", "fid": "94731315", "not-after": "2020-01-30"},
    ),
    (
        "oces2-foces-retired",
        "oces2-foces-test/tu-generel-foces-gyldig.pem",
        AT,
        "rejected",
        "rejected",
        {"policy.oces2-retired"},
        {"fid": "94731315"},
    ),
    (
        "moces",
        "oces2-other/nemid-moces-employee-valid.pem",
        "2020-06-01T00:00:00Z",
        "rejected",
        "rejected",
        {"cert.wrong-kind"},
        {"cvr": "30808460"},
    ),
    (
        "spoofed",
        "spoofed/fake-person-cert.pem",
        "2020-06-01T00:00:00Z",
        "rejected",
        "rejected",
        {"chain.untrusted"},
        {},
    ),
    (
        "headerless-base64",
        "formats/headerless-base64-foces.cer",
        "2020-06-01T00:00:00Z",
        "accepted",
        "rejected",
        {"policy.unlisted-test-ca"},
        {"cvr": "21093106", "fid": "1336467092507"},
    ),
    (
        "pem-bundle",
        "formats/pem-bundle-oces3-test-chain.pem",
        AT,
        "accepted",
        "rejected",
        {"input.bundle"},
        {"uuid": "9f716cec-2420-4aff-b455-4972897b6249"},
    ),
    ("pkcs12", "formats/pkcs12-foces-gyldig-Test1234.p12", AT, "rejected", "rejected", {"input.pkcs12"}, {}),
    ("private-key", "private-key", AT, "rejected", "rejected", {"input.private-key"}, {}),
    ("empty", "empty", AT, "rejected", "rejected", {"input.empty"}, {}),
    ("random", "random", AT, "rejected", "rejected", {"input.unrecognised"}, {}),
    ("5mib", "5mib", AT, "rejected", "rejected", {"input.too-large"}, {}),
]


@pytest.mark.engine_area("file-input", "webcrypto", "intl-dates")
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_kind_through_widget_hooks(checker, shared, trust_dir, tmp_path, case):
    name, source, at, test, prod, must, facts = case
    corpus = shared / "corpus"
    if (corpus / source).is_file():
        path = corpus / source
        report = check_file(checker, path, at=at)
    else:
        generated = _generated(source)
        path = tmp_path / generated["name"]
        path.write_bytes(generated["buffer"])
        report = check_file(checker, generated, at=at)

    assert field(checker, "verdict-test").get_attribute("data-value") == test
    assert field(checker, "verdict-prod").get_attribute("data-value") == prod
    shown = set(codes(checker))
    assert must <= shown, shown
    for name_, value in facts.items():
        if name_ in ("not-before", "not-after"):  # dates in words (issue 15)
            value = _in_words(value, checker.lang)
        assert field(checker, name_).text_content() == value
    # Every finding links to its section of the findings page.
    prefix = "/en/findings/#" if checker.lang == "en" else "/findings/#"
    hrefs = checker.locator(f"{CHECKER} [data-findings] [data-code] .oces-finding-link a").evaluate_all(
        "els => els.map(a => new URL(a.href).pathname + new URL(a.href).hash)"
    )
    assert hrefs == [prefix + c for c in codes(checker)]

    # Same verdicts and codes as the CLI at the same time.
    (cli,) = cli_reports([path], trust_dir, lang=checker.lang, at=at)
    assert {e: v["accepted"] for e, v in cli["environments"].items()} == {
        "test": test == "accepted",
        "prod": prod == "accepted",
    }
    assert [f["code"] for f in cli["findings"]] == codes(checker)
    assert report["findings"] == cli["findings"]

    assert checker.locator(f"{CHECKER} [data-warning='private-key']").is_visible() == (name == "private-key")
    # No certificate, no verdict row: the headline says the file could not be read as one.
    assert checker.locator(f"{CHECKER} [data-verdicts]").is_visible() == (report["certificate"] is not None)
    # Only a locked PKCS#12 file gets a password field (issue 15: it is opened with it, in
    # the browser); every other input leaves none on the page.
    assert checker.locator("input[type=password]").count() == (1 if name == "pkcs12" else 0)


@pytest.mark.engine_area("worker", "webcrypto")
def test_browser_report_equals_cli_report_for_every_corpus_file(checker, shared, trust_dir):
    corpus = shared / "corpus"
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name not in ("README.md", "manifest.json"))
    assert len(files) >= 30
    expected = cli_reports(files, trust_dir, lang=checker.lang, at=AT)
    for path, cli in zip(files, expected):
        got = check_file(checker, path, at=AT)
        cli = dict(cli, file=Path(cli["file"]).name)
        assert got == cli, f"{path.relative_to(corpus)}:\n{json.dumps(got, indent=1)}\n!=\n{json.dumps(cli, indent=1)}"


def test_texts_follow_the_page_language(checker, shared):
    check_file(checker, shared / "corpus/oces3-test/nemlogin-idp-test.cer")
    verdict = field(checker, "verdict-test").text_content()
    assert verdict == ("Accepted" if checker.lang == "en" else "Godkendes")
    assert checker.locator("html").get_attribute("lang").startswith(checker.lang)


@pytest.mark.engine_area("clipboard", "intl-dates")
def test_copy_summary_for_support(checker, shared):
    checker.context.grant_permissions(["clipboard-read", "clipboard-write"])
    report = check_file(checker, shared / "corpus/oces3-test/nemlogin-idp-test.cer")
    checker.click(f"{CHECKER} [data-action='copy-summary']")
    checker.wait_for_function('() => document.querySelector("[data-announce]").textContent.length > 0')
    text = clipboard_text(checker)
    go = "/en/go/" if checker.lang == "en" else "/go/"
    # Dates in words (issue 15), ending with the machine line (issue 17).
    until = "12 March 2026" if checker.lang == "en" else "12. marts 2026"
    for needed in (
        "34051178",
        "a040fe26-ce78-4328-ac0e-29eeb12f46df",
        report["certificate"]["sha256"],
        until,
        go + "policy.wrong-environment/",
    ):
        assert needed in text
    assert "2026-03-12" not in text
    assert text.splitlines()[-1].startswith("oces-check: v1 sha256=" + report["certificate"]["sha256"])
    checker.click(f"{CHECKER} [data-row='cvr'] [data-action='copy']")
    wait_clipboard(checker, "34051178")


@pytest.mark.engine_area("paste")
def test_pasted_pem_is_checked(checker, shared):
    root = checker.locator(CHECKER)
    before = int(root.get_attribute("data-checks") or 0)  # none yet when it is the page's first check
    checker.fill(f"{CHECKER} textarea", (shared / "corpus/oces3-test/nemlogin-lookupservices-testwsc.pem").read_text())
    checker.click(f"{CHECKER} [data-action='check-text']")
    checker.wait_for_function(f'() => Number(document.querySelector("{CHECKER}").dataset.checks) > {before}')
    assert field(checker, "uuid").text_content() == "9f716cec-2420-4aff-b455-4972897b6249"


@pytest.mark.engine_area("pyodide-start", "file-input")
def test_file_chosen_while_loading_is_queued(page, site_url, shared):
    open_checker(page, site_url, at=AT)
    root = page.locator(CHECKER)
    page.set_input_files(f"{CHECKER} input[type=file]", str(shared / "corpus/oces3-test/nemlogin-idp-test.cer"))
    # Pyodide takes seconds to start: the file waits, and the page says so.
    assert root.get_attribute("data-state") == "loading"
    page.wait_for_function(
        f"() => document.querySelector(\"{CHECKER} [data-status]\").textContent.includes('nemlogin-idp-test.cer')"
    )
    page.wait_for_function(f"() => document.querySelector(\"{CHECKER}\").dataset.state === 'done'", timeout=90_000)
    assert field(page, "verdict-test").get_attribute("data-value") == "accepted"
    assert field(page, "uuid").text_content() == "a040fe26-ce78-4328-ac0e-29eeb12f46df"
