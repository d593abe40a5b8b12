"""Permanent support links. PUBLISHED is the committed, append-only list: a slug once
published may never disappear, and its /go/ page must land on an existing page and
anchor in both languages."""

from __future__ import annotations

import re
import tomllib
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from site_helpers import ROOT, collect

from macros import data, render

# APPEND-ONLY. Add new slugs at the end; never remove or rename one.
PUBLISHED = """
start oces2-notice which-certificate oces3 oces3-test oces3-chains oces2 test-employee
test-employee-key-file test-function test-function-form temporary-password password-rules
activation prod-function prod-prerequisites prod-missing-menu prod-price register
accepted-chains register-find-system register-eye-icon register-ws-id
register-support-request message-format checker message-builder findings support
input.empty input.too-large input.unrecognised input.private-key input.csr input.pkcs12
input.pkcs12-password input.bundle cert.malformed cert.expired cert.not-yet-valid
cert.wrong-kind cert.ca-certificate cert.not-oces cert.cvr-mismatch chain.untrusted
chain.bad-signature chain.ca-expired chain.invalid-ca chain.unknown-critical-extension
chain.algorithm-mismatch chain.anchor-missing policy.oces2-retired
policy.wrong-environment policy.unlisted-test-ca revocation.not-checked
message.not-accepted message.ws-id-missing message.ws-id-invalid message.cvr-differs
message.same-ws-id message.no-slot
ip-whitelist cvr-details oces3-message cert.invalid cert.missing-identifier
oces3-path oces3-unknowns oces3-test-certificate oces3-test-before oces3-test-org oces3-test-login
oces3-order oces3-order-before oces3-role oces3-allow oces3-log-in oces3-profile
oces3-master-data oces3-system-rights oces3-signing oces3-settings oces3-confirm
oces3-one-time-code oces3-email-link oces3-enter-code oces3-terms oces3-password
oces3-download oces3-export oces3-export-before oces3-export-keep-key
oces3-export-openssl oces3-export-legacy oces3-export-der oces3-export-windows
oces3-export-macos oces3-export-java oces3-export-check oces3-renewal
oces3-renewal-before oces3-renewal-expiry oces3-renewal-renew oces3-renewal-issue
oces3-renewal-password oces3-renewal-download oces3-renewal-check oces3-renewal-stil
journey what-you-need organisation-certificate
input.crl input.wrapping input.not-der input.pkcs12-read input.pkcs12-no-certificate
input.pkcs12-unsupported input.not-found input.unreadable cert.unprocessable
cert.expires-soon cert.generation-mismatch cert.ambiguous-identifier
chain.unsupported-algorithm message.swapped message.field-invalid chain.browser-cannot-verify
register-access register-supplier register-system register-add-certificate register-data-access
what-stil-needs test-organisation-cvr tilslutning-access still-rejected revocation ip-allowlist
renewal-registration register-sources
support-answers answer-forged
answer-oces2-retired answer-which-certificate answer-test-or-production answer-ca-certificate
answer-certificate-content answer-damaged-file answer-browser-cannot-verify
answer-anchor-missing answer-expired answer-renewal answer-not-yet-valid answer-only-p12
answer-private-key answer-wrong-file answer-send-file answer-revocation answer-ws-id
answer-message answer-test-organisation answer-register answer-tilslutning-access
answer-still-rejected answer-organisation-certificate answer-p12-wrong-certificate
oces3-system oces3-system-which-certificate
oces3-test-profile oces3-test-master-data oces3-test-system-rights oces3-test-signing
oces3-test-settings oces3-test-confirm oces3-test-one-time-code oces3-test-email-link
oces3-test-enter-code oces3-test-terms oces3-test-password oces3-test-download
oces3-prod-certificate oces3-prod-before oces3-prod-role oces3-prod-allow oces3-prod-log-in
oces3-prod-profile oces3-prod-master-data oces3-prod-system-rights oces3-prod-signing
oces3-prod-settings oces3-prod-confirm oces3-prod-one-time-code oces3-prod-email-link
oces3-prod-enter-code oces3-prod-terms oces3-prod-password oces3-prod-download
which-environment
""".split()

LANGS = ("da", "en")


def test_no_published_slug_disappears():
    current = [s["slug"] for s in data.slugs()]
    missing = [s for s in PUBLISHED if s not in current]
    assert missing == [], f"published slugs removed from docs/_data/slugs.yml: {missing}"
    assert len(current) == len(set(current)), "a slug is listed twice"
    for slug in current:
        assert re.fullmatch(r"[a-z0-9]+(?:[.-][a-z0-9]+)*", slug), slug


def test_new_slugs_are_added_to_the_published_list():
    """A hand-written slug in the data file but not here would be unprotected: add it to
    PUBLISHED. (Finding codes are published from the catalogue automatically.)"""
    assert [s["slug"] for s in data.slugs() if s["slug"] not in PUBLISHED and "finding" not in s] == []


def test_every_finding_code_has_a_slug():
    findings = tomllib.loads((ROOT / "checks" / "data" / "findings.toml").read_text(encoding="utf-8"))
    by_slug = {s["slug"]: s for s in data.slugs()}
    for code in findings:
        assert code in by_slug, f"finding {code} has no /go/{code}/ slug in docs/_data/slugs.yml"
        assert by_slug[code]["page"] == "findings.md" and by_slug[code]["anchor"] == code


def test_required_slug_coverage():
    slugs = data.slugs()
    pages = {s["page"] for s in slugs}
    for flow_id in data.flow_ids():
        assert data.flow(flow_id)["page"] in pages, f"no slug for flow {flow_id}"
    register_targets = {s.get("anchor") for s in slugs if s["page"] == "register.md"}
    for step in data.flow("register")["steps"]:
        assert step["id"] in register_targets, f"no slug for registration step {step['id']}"
    assert {"checker.md", "message.md"} <= pages
    assert any(s["page"] == "index.md" and s.get("anchor") == "oces2-notice" for s in slugs)


def _target_of(go_page) -> str:
    text = go_page.read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', text).group(1)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
    assert refresh == canonical
    assert not re.match(r"[a-z]+:|//", refresh), f"{go_page}: redirect leaves the site"
    return refresh


def test_every_go_link_lands_on_its_page_and_anchor(built_site):
    assert set(PUBLISHED) <= {s["slug"] for s in data.slugs()}
    for s in data.slugs():
        for lang in LANGS:
            prefix = "" if lang == "da" else f"{lang}/"
            go = built_site / prefix / "go" / s["slug"] / "index.html"
            assert go.is_file(), f"/{prefix}go/{s['slug']}/ missing"
            target = urljoin(f"http://site/{prefix}go/{s['slug']}/", _target_of(go))
            parts = urlsplit(target)
            expected = "/" + prefix + render.page_url(s["page"])
            assert parts.path == expected, (s["slug"], lang, parts.path, expected)
            assert parts.fragment == (s.get("anchor") or ""), (s["slug"], lang)
            page = built_site / PurePosixPath(parts.path.lstrip("/")) / "index.html"
            assert page.is_file(), f"{s['slug']} ({lang}): {parts.path} not built"
            assert re.search(rf'<html[^>]*lang="{lang}"', page.read_text(encoding="utf-8")[:3000])
            if parts.fragment:
                assert parts.fragment in collect(page).ids, f"{s['slug']} ({lang}): no #{parts.fragment}"


def test_support_page_lists_every_slug(built_site):
    for lang in LANGS:
        prefix = "" if lang == "da" else f"{lang}/"
        text = (built_site / prefix / "support" / "index.html").read_text(encoding="utf-8")
        for s in data.slugs():
            assert f"<code>/{prefix}go/{s['slug']}/</code>" in text, (lang, s["slug"])
            assert text.count(f'data-slug="{s["slug"]}"') >= 2, (lang, s["slug"])
