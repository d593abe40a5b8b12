"""The four OCES3 flows (test certificate, production system certificate, export,
renewal): both languages, review dates, before-you-start blocks, support links, the
export commands run for real, and no on-screen label that the research does not confirm."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from site_helpers import built_page, collect

from macros import data, flowdata, render

LANGS = ("da", "en")
FLOWS = {
    "oces3-test": "oces3/test-certificate.md",
    "oces3-prod": "oces3/system-certificate.md",
    "oces3-export": "oces3/export.md",
    "oces3-renewal": "oces3/renewal.md",
}
HUB = "oces3.md"
# What each page's "what comes next" must link to (site paths without the language prefix).
NEXT = {
    "oces3/test-certificate.md": {"oces3/export/", "register/"},
    "oces3/system-certificate.md": {"oces3/export/"},
    "oces3/export.md": {"checker/", "register/", "oces3/system-certificate/"},
    "oces3/renewal.md": {"checker/", "register/"},
}
REVIEWED = {"da": "Sidst gennemgået", "en": "Last reviewed"}


def _raw(flow_id: str) -> dict:
    return yaml.safe_load((data.STEPS / f"{flow_id}.yml").read_text(encoding="utf-8"))


def _words() -> dict:
    return flowdata.words()


def _prices() -> dict:
    return data.facts()["oces3_prices"]


# ------------------------------------------------------------------ data: both languages

def _bilingual(node, where=""):
    """Every {da, en} text in a data tree, with where it is."""
    if isinstance(node, dict):
        if "da" in node or ("en" in node and "screen" not in node):
            yield where, node
            return
        for k, v in node.items():
            yield from _bilingual(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _bilingual(v, f"{where}[{i}]")


@pytest.mark.parametrize("flow_id", FLOWS)
def test_flow_texts_exist_in_both_languages(flow_id):
    raw = _raw(flow_id)
    assert raw["page"] == FLOWS[flow_id]
    texts = list(_bilingual(raw, flow_id))
    assert len(texts) > 10
    problems = [w for w, n in texts
                if any(not isinstance(n.get(lang), str) or not n[lang].strip() for lang in LANGS)]
    assert problems == [], f"missing or empty translations: {problems}"
    # the same text in both languages is a copy, not a translation (short labels aside)
    assert [w for w, n in texts if n["da"] == n["en"] and len(n["da"]) > 12] == []
    for step in data.flow(flow_id)["steps"]:
        assert "title" in step, (flow_id, step["id"])
        for field in step.get("fields", []):
            assert isinstance(field["label"], dict) and field["label"].get("en"), field
            assert isinstance(field.get("required"), bool), field


@pytest.mark.parametrize("flow_id", FLOWS)
def test_flow_renders_the_same_structure_in_both_languages(flow_id):
    flow = data.flow(flow_id)
    out = {lang: render.render_steps(flow, lang, data.slugs()) + render.render_before(
        flow, _words(), _prices(), lang) for lang in LANGS}
    for marker in ("<li", "<tr>", "<pre", "<dd>", 'class="admonition', 'class="ui-label"',
                   'class="ui-button"', "<a href"):
        assert out["da"].count(marker) == out["en"].count(marker), (flow_id, marker)


def test_reused_steps_resolve_to_the_production_steps():
    test = data.flow("oces3-test")
    prod = {s["id"]: s for s in data.flow("oces3-prod")["steps"]}
    raw_refs = [s["ref"] for s in _raw("oces3-test")["steps"] if "ref" in s]
    assert len(raw_refs) >= 10 and all(r.startswith("oces3-prod/") for r in raw_refs)
    by_id = {s["id"]: s for s in test["steps"]}
    assert by_id["certificate-settings"]["fields"] == prod["certificate-settings"]["fields"]
    assert by_id["master-data"]["action"] != prod["master-data"]["action"]  # says "test"
    assert [s["id"] for s in test["steps"]][:2] == ["test-organisation", "test-login"]


# ------------------------------------------------------------------ reviewed, before you start

OCES3_FLOWS = [f for f in data.flow_ids() if f.startswith("oces3-")]


def test_the_four_flows_are_there():
    assert set(FLOWS) <= set(OCES3_FLOWS)


@pytest.mark.parametrize("flow_id", OCES3_FLOWS)
def test_every_oces3_flow_has_a_reviewed_date_and_a_before_block(flow_id):
    raw = _raw(flow_id)
    assert isinstance(raw.get("reviewed"), dt.date), f"{flow_id}: no ISO `reviewed` date"
    before = raw.get("before") or {}
    assert {"who", "need", "cost", "time"} <= set(before), f"{flow_id}: incomplete before-you-start"
    assert before["need"], flow_id
    assert before["cost"]["price"] in _prices(), flow_id


def test_a_flow_without_reviewed_date_or_before_block_fails():
    flow = {"id": "x", "steps": []}
    with pytest.raises(ValueError):
        render.render_reviewed(flow, _words(), "da")
    with pytest.raises(ValueError):
        render.render_before(flow, _words(), _prices(), "en")
    with pytest.raises(KeyError):
        render.render_before({**data.flow("oces3-prod"), "before": {
            **data.flow("oces3-prod")["before"], "cost": {"price": "nowhere"}}}, _words(), _prices(), "da")


def test_reviewed_date_in_danish_and_english():
    flow = {"id": "x", "reviewed": dt.date(2026, 12, 1)}
    assert render.render_reviewed(flow, _words(), "da") == (
        '<p class="reviewed">Sidst gennemgået <time datetime="2026-12-01">1. december 2026</time></p>')
    assert render.render_reviewed(flow, _words(), "en") == (
        '<p class="reviewed">Last reviewed <time datetime="2026-12-01">1 December 2026</time></p>')
    assert "3. marts 2025" in render.render_reviewed({"id": "x", "reviewed": "2025-03-03"}, _words(), "da")


def test_prices_render_with_source_and_date():
    prices = _prices()
    assert prices["oces3-certificate"]["amount"] == 20
    da = render.render_price(prices["oces3-certificate"], _words(), "da")
    en = render.render_price(prices["oces3-certificate"], _words(), "en")
    assert da.startswith("20 kr. ekskl. moms pr. udstedt certifikat (") and "set 1. december 2026" in da
    assert en.startswith("DKK 20 excluding VAT per certificate issued (") and "as seen on 1 December 2026" in en
    assert 'href="https://mitid-erhverv.dk/' in da
    assert render.render_price({"amount": 12.5}, _words(), "da") == "12,5 kr. ekskl. moms."
    assert render.render_price(prices["free"], _words(), "en") == "Free."
    for name, price in prices.items():
        if price["amount"]:
            assert price.get("source", "").startswith("https://") and isinstance(price["seen"], dt.date), name


def _article(path) -> str:
    raw = path.read_text(encoding="utf-8")
    return raw[raw.find("<article"): raw.find("</article>")]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("flow_id", FLOWS)
def test_built_page_shows_reviewed_date_and_before_block_above_the_steps(built_site, flow_id, lang):
    flow = data.flow(flow_id)
    art = _article(built_page(built_site, FLOWS[flow_id], lang))
    shown = f"{REVIEWED[lang]} {render.format_date(flow['reviewed'], lang)}"
    assert shown in _text(art)
    assert f'datetime="{flow["reviewed"].isoformat()}"' in art
    before = art.find('<dl class="before-you-start"')
    first_step = art.find('<li class="step"')
    assert 0 < art.find('id="before-you-start"') < before < first_step, "before-you-start must come first"
    block = art[before: art.find("</dl>", before)]
    for key in ("who", "need", "cost", "time"):
        assert f"<dt>{html.escape(render.t(_words()['before_you_start'][key], lang), quote=False)}</dt>" in block
    assert art.count('<li class="step"') == len(flow["steps"])


def test_built_pages_have_the_same_ids_and_headings_in_both_languages(built_site):
    for page in [*FLOWS.values(), HUB]:
        da, en = (collect(built_page(built_site, page, lang)) for lang in LANGS)
        assert da.ids == en.ids, page
        assert da.headings == en.headings, page
    hub = collect(built_page(built_site, HUB, "da")).ids
    for anchor in ("what-replaced", "order", "test-certificates", "accepted-chains", "identify", "message", "path",
                   "unknowns"):
        assert anchor in hub, anchor


def _links(built_site, page: str, lang: str, section: str | None = None) -> set[str]:
    """Site paths (no language prefix) the page's article links to, optionally only from
    the section that starts at the heading with id `section`."""
    art = _article(built_page(built_site, page, lang))
    if section:
        art = art[art.find(f'id="{section}"'):]
    prefix = "" if lang == "da" else f"{lang}/"
    base = f"http://site/{prefix}{render.page_url(page)}"
    out = set()
    for href in re.findall(r'<a [^>]*href="([^"]+)"', art):
        parts = urlsplit(urljoin(base, html.unescape(href)))
        if parts.netloc == "site":
            path = parts.path.lstrip("/")
            out.add(path[len(prefix):] if prefix and path.startswith(prefix) else path)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_what_comes_next_leads_along_todays_path(built_site, lang):
    for page, expected in NEXT.items():
        assert expected <= _links(built_site, page, lang, "next"), (page, lang)
    hub = _links(built_site, HUB, lang, "path")
    assert {render.page_url(p) for p in FLOWS.values()} <= hub
    assert {"checker/", "register/"} <= hub


# ------------------------------------------------------------------ support links

def _new_slugs() -> list[dict]:
    return [s for s in data.slugs() if s["page"] in FLOWS.values() or s["slug"] in ("oces3-path", "oces3-unknowns")]


# The two ordering pages: every slug that lands on one says which certificate in its name,
# so an agent cannot send the production step to someone ordering a test certificate.
ENV_PAGES = {"oces3/test-certificate.md": "oces3-test-", "oces3/system-certificate.md": "oces3-prod-"}


def test_every_new_step_and_before_block_has_a_support_link():
    slugs = _new_slugs()
    assert all(s.get("topic") in ("ordering", "test", "production", "aliases") for s in slugs)
    for flow_id, page in FLOWS.items():
        targets = {s.get("anchor") for s in slugs if s["page"] == page}
        assert None in targets, f"no slug for the page {page}"
        assert "before-you-start" in targets, page
        # every step, the test page's reused ordering steps too, has a link of its own page
        for step in data.flow(flow_id)["steps"]:
            assert step["id"] in targets, f"no slug for {page}#{step['id']}"


def test_ordering_slugs_say_test_or_production():
    for page, prefix in ENV_PAGES.items():
        current = [s for s in data.slugs() if s["page"] == page and s["topic"] != "aliases"]
        assert current, page
        for s in current:
            assert s["slug"].startswith(prefix), (page, s["slug"])
            assert s["topic"] == prefix.split("-")[1].replace("prod", "production"), s["slug"]
        # each step of the page's flow has a link named for its environment
        flow = next(f for f, p in FLOWS.items() if p == page)
        named = {s.get("anchor") for s in current}
        assert {step["id"] for step in data.flow(flow)["steps"]} <= named, page
    # the older production names still land on the production page, marked as such
    older = [s for s in data.slugs() if s["topic"] == "aliases"]
    assert older and all(s["page"] == "oces3/system-certificate.md" for s in older)
    for s in older:
        assert "/go/oces3-prod-" in s["description"]["da"] and "/en/go/oces3-prod-" in s["description"]["en"]


@pytest.mark.parametrize("lang", ("da", "en"))
def test_copy_link_on_ordering_steps_gives_the_environment_slug(built_site, lang):
    for page, prefix in ENV_PAGES.items():
        text = built_page(built_site, page, lang).read_text(encoding="utf-8")
        flow = next(f for f, p in FLOWS.items() if p == page)
        for step in data.flow(flow)["steps"]:
            m = re.search(rf'<button[^>]*data-anchor="{re.escape(step["id"])}"[^>]*>', text)
            assert m, (page, step["id"])
            slug = re.search(r'data-slug="([^"]+)"', m.group(0))
            assert slug and slug.group(1).startswith(prefix), (page, lang, step["id"], m.group(0))


@pytest.mark.parametrize("lang", LANGS)
def test_new_slugs_resolve_in_both_languages(built_site, lang):
    prefix = "" if lang == "da" else f"{lang}/"
    for s in _new_slugs():
        go = built_site / prefix / "go" / s["slug"] / "index.html"
        assert go.is_file(), s["slug"]
        url = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', go.read_text(encoding="utf-8")).group(1)
        target = urlsplit(urljoin(f"http://site/{prefix}go/{s['slug']}/", url))
        assert target.path == f"/{prefix}{render.page_url(s['page'])}", s["slug"]
        page = built_page(built_site, s["page"], lang)
        if s.get("anchor"):
            assert target.fragment == s["anchor"]
            assert s["anchor"] in collect(page).ids, (s["slug"], lang)


# ------------------------------------------------------------------ the export commands

def _commands(step_id: str) -> list[str]:
    step = next(s for s in data.flow("oces3-export")["steps"] if s["id"] == step_id)
    return step["commands"]


def _run(cmd: str, cwd, **subst) -> subprocess.CompletedProcess:
    """The command as the reader types it (quotes included), each word in `subst` replaced."""
    args = [subst.get(a, a) for a in shlex.split(cmd)]
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60)


def _openssl3() -> str:
    exe = shutil.which("openssl")
    if not exe:
        pytest.skip("no openssl on this machine")
    version = subprocess.run([exe, "version"], capture_output=True, text=True).stdout
    if not version.startswith("OpenSSL 3"):
        pytest.skip(f"the flow is about OpenSSL 3; this is {version.strip()}")
    return exe


# The encryptions a .p12 from MitID Erhverv or an older export may use, and whether
# OpenSSL 3 needs `-legacy` for it.
ENCRYPTIONS = {"aes256.p12": False, "3des.p12": False, "rc2-40.p12": True}
NAME = "Skoleportal Test"  # the friendly name (keytool's alias, lower-cased): has a space


@pytest.fixture(scope="module")
def keystores(tmp_path_factory):
    """One key and certificate as .p12 files of each encryption: AES-256 and 3DES made by
    `cryptography`, RC2-40 by OpenSSL 3's own `-export -legacy`."""
    _openssl3()
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    d = tmp_path_factory.mktemp("p12")
    run = lambda *a: subprocess.run(["openssl", *a], cwd=d, check=True, capture_output=True, text=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "orig.pem",
        "-subj", "/CN=flows export test", "-days", "2")
    key = serialization.load_pem_private_key((d / "key.pem").read_bytes(), None)
    cert = x509.load_pem_x509_certificate((d / "orig.pem").read_bytes())
    triple_des = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
                  .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
                  .hmac_hash(hashes.SHA1()).build(b"pw"))
    for name, enc in (("aes256.p12", serialization.BestAvailableEncryption(b"pw")), ("3des.p12", triple_des)):
        (d / name).write_bytes(pkcs12.serialize_key_and_certificates(NAME.encode(), key, cert, None, enc))
    run("pkcs12", "-export", "-legacy", "-in", "orig.pem", "-inkey", "key.pem", "-name", NAME,
        "-out", "rc2-40.p12", "-passout", "pass:pw")
    expected = {"aes256.p12": "AES-256-CBC", "3des.p12": "pbeWithSHA1And3-KeyTripleDES-CBC",
                "rc2-40.p12": "pbeWithSHA1And40BitRC2-CBC"}
    for name, algorithm in expected.items():
        info = run("pkcs12", "-legacy", "-info", "-noout", "-in", name, "-passin", "pass:pw").stderr
        encrypted = re.search(r"^PKCS7 Encrypted data: (.*)$", info, re.M).group(1)
        assert algorithm in encrypted, (name, info)
    return d


def _one_certificate(pem_path, orig) -> None:
    """The file holds exactly the one certificate (as PEM, whatever lines precede it)."""
    from cryptography import x509

    text = pem_path.read_text(encoding="latin-1")
    assert text.count("-----BEGIN CERTIFICATE-----") == 1, text
    assert "PRIVATE KEY" not in text
    expected = orig if isinstance(orig, x509.Certificate) else x509.load_pem_x509_certificate(orig.read_bytes())
    assert x509.load_pem_x509_certificate(text.encode("latin-1")) == expected


def test_export_commands_are_the_documented_ones():
    assert _commands("openssl") == ["openssl pkcs12 -in FILE.p12 -nokeys -clcerts -out cert.pem"]
    assert _commands("openssl-legacy") == ["openssl pkcs12 -legacy -in FILE.p12 -nokeys -clcerts -out cert.pem"]
    legacy = next(s for s in data.flow("oces3-export")["steps"] if s["id"] == "openssl-legacy")
    for lang in LANGS:
        text = render.t(legacy["action"], lang)
        assert "unsupported" in text and "-legacy" in text and "RC2" in text
        assert ("tom" if lang == "da" else "empty") in text and "0 byte" in text


@pytest.mark.parametrize("name", ENCRYPTIONS)
def test_openssl_commands_on_each_encryption(keystores, tmp_path, name):
    """What the flow says: the plain command works unless the file is RC2-encrypted; then
    it stops with "unsupported" and leaves an empty cert.pem, and the -legacy form works."""
    (tmp_path / "FILE.p12").write_bytes((keystores / name).read_bytes())
    plain = _run(_commands("openssl")[0] + " -passin pass:pw", tmp_path)
    if ENCRYPTIONS[name]:
        assert plain.returncode != 0 and "unsupported" in plain.stderr, plain.stderr
        assert (tmp_path / "cert.pem").is_file() and (tmp_path / "cert.pem").stat().st_size == 0
        (tmp_path / "cert.pem").unlink()
    else:
        assert plain.returncode == 0, plain.stderr
        _one_certificate(tmp_path / "cert.pem", keystores / "orig.pem")
    legacy = _run(_commands("openssl-legacy")[0] + " -passin pass:pw", tmp_path)
    assert legacy.returncode == 0, legacy.stderr
    _one_certificate(tmp_path / "cert.pem", keystores / "orig.pem")


def test_openssl_wrong_password_is_a_different_error(keystores, tmp_path):
    (tmp_path / "FILE.p12").write_bytes((keystores / "rc2-40.p12").read_bytes())
    wrong = _run(_commands("openssl-legacy")[0] + " -passin pass:wrong", tmp_path)
    assert wrong.returncode != 0 and "Mac verify error: invalid password?" in wrong.stderr + wrong.stdout


def test_openssl_without_its_legacy_module_says_so(keystores, tmp_path):
    """The note's message when OpenSSL 3 has no legacy module (here: none where it looks)."""
    (tmp_path / "FILE.p12").write_bytes((keystores / "rc2-40.p12").read_bytes())
    cmd = shlex.split(_commands("openssl-legacy")[0] + " -passin pass:pw")
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "OPENSSL_MODULES": str(tmp_path / "no-modules")})
    assert done.returncode != 0 and "unable to load provider legacy" in done.stderr
    note = next(s for s in data.flow("oces3-export")["steps"] if s["id"] == "openssl-legacy")["notes"][0]
    assert all("`unable to load provider legacy`" in note[lang] for lang in LANGS)


def test_openssl_der_command(keystores, tmp_path):
    from cryptography import x509

    shutil.copy(keystores / "orig.pem", tmp_path / "cert.pem")
    done = _run(_commands("openssl-der")[0], tmp_path)
    assert done.returncode == 0, done.stderr
    der = (tmp_path / "cert.cer").read_bytes()
    assert x509.load_der_x509_certificate(der) == x509.load_pem_x509_certificate((keystores / "orig.pem").read_bytes())


def _keytool_export(p12, password: str, tmp_path) -> str:
    """The two keytool commands as the flow gives them: the alias read from the listing's
    "Alias name" line, put between the command's quotation marks. Returns the listing."""
    if not shutil.which("keytool"):
        pytest.skip("no keytool on this machine")
    (tmp_path / "FILE.p12").write_bytes(p12.read_bytes())
    listing, export = _commands("java")
    assert '-alias "ALIAS"' in export
    listed = _run(f"{listing} -storepass {password}", tmp_path)
    assert listed.returncode == 0, listed.stderr
    alias = re.search(r"^Alias name: (.+)$", listed.stdout, re.M).group(1).strip()
    done = _run(f"{export} -storepass {password}", tmp_path, ALIAS=alias)
    assert done.returncode == 0, done.stderr + done.stdout
    return listed.stdout


@pytest.mark.parametrize("name", ENCRYPTIONS)
def test_keytool_commands_on_each_encryption(keystores, tmp_path, name):
    listed = _keytool_export(keystores / name, "pw", tmp_path)
    assert f"Alias name: {NAME.lower()}" in listed  # the name, lower-cased, with its space
    assert "Owner: CN=flows export test" in listed
    _one_certificate(tmp_path / "cert.pem", keystores / "orig.pem")


PFX = "formats/pkcs12-oces3-testwsc-Test1234.pfx"  # a real OCES3 test certificate, RC2-40


def _pfx_certificate(shared):
    from cryptography.hazmat.primitives.serialization import pkcs12

    with warnings.catch_warnings():  # the file is BER, not DER: cryptography says so and reads it
        warnings.simplefilter("ignore", UserWarning)
        return pkcs12.load_key_and_certificates((shared / "corpus" / PFX).read_bytes(), b"Test1234")[1]


def test_openssl_commands_on_a_real_oces3_pfx(shared, tmp_path):
    _openssl3()
    (tmp_path / "FILE.p12").write_bytes((shared / "corpus" / PFX).read_bytes())
    plain = _run(_commands("openssl")[0] + " -passin pass:Test1234", tmp_path)
    assert plain.returncode != 0 and "unsupported" in plain.stderr
    assert (tmp_path / "cert.pem").stat().st_size == 0
    (tmp_path / "cert.pem").unlink()
    legacy = _run(_commands("openssl-legacy")[0] + " -passin pass:Test1234", tmp_path)
    assert legacy.returncode == 0, legacy.stderr
    _one_certificate(tmp_path / "cert.pem", _pfx_certificate(shared))  # the leaf, not its two CAs


def test_openssl_output_is_read_by_the_checker(shared, trust_dir, tmp_path):
    """cert.pem with its "Bag Attributes", subject and issuer lines, as the flow says the
    checker reads it (the CLI's JSON report: the same core as the browser)."""
    _openssl3()
    (tmp_path / "FILE.p12").write_bytes((shared / "corpus" / PFX).read_bytes())
    assert _run(_commands("openssl-legacy")[0] + " -passin pass:Test1234", tmp_path).returncode == 0
    assert (tmp_path / "cert.pem").read_bytes().startswith(b"Bag Attributes")
    done = subprocess.run([sys.executable, "-m", "checks", "check", "--json", "--trust-dir", str(trust_dir),
                           "--at", "2025-01-01T00:00:00Z", "cert.pem"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    [report] = json.loads(done.stdout)
    assert report["input"] == {**report["input"], "format": "pem", "certificates": 1}
    assert report["certificate"]["uuid"] == "9f716cec-2420-4aff-b455-4972897b6249"
    assert report["environments"]["test"]["accepted"] is True, report["findings"]


def test_keytool_commands_on_a_real_oces3_pfx(shared, tmp_path):
    listed = _keytool_export(shared / "corpus" / PFX, "Test1234", tmp_path)
    assert "SERIALNUMBER=UI:DK-O:G:9f716cec-2420-4aff-b455-4972897b6249" in listed
    _one_certificate(tmp_path / "cert.pem", _pfx_certificate(shared))


def test_a_command_renders_as_its_own_text_in_words_kept_whole():
    cmd = 'keytool -exportcert -alias "A & B" -file cert.pem'
    out = render.render_command(cmd)
    assert out.startswith('<pre class="step__command">') and "<code" not in out
    assert out.count('<span class="word">') == len(cmd.split(" "))
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == cmd  # what a reader copies


@pytest.mark.parametrize("lang", LANGS)
def test_built_export_page_shows_the_tested_commands(built_site, lang):
    art = _article(built_page(built_site, FLOWS["oces3-export"], lang))
    shown = [html.unescape(re.sub(r"<[^>]+>", "", c))
             for c in re.findall(r'<pre class="step__command">(.*?)</pre>', art, re.S)]
    expected = [c for s in data.flow("oces3-export")["steps"] for c in s.get("commands", [])]
    assert shown == expected and len(expected) == 5


# ------------------------------------------------------------------ no invented labels

BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def quoted_labels(tree) -> list[str]:
    """Every on-screen label a flow quotes: bold text in its prose and the labels of its
    `where`, `fields` and `buttons`."""
    found: list[str] = []

    def label_text(item):
        return item if isinstance(item, str) else item["screen"]

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "where":
                    found.extend(label_text(w) for w in value)
                elif key == "buttons":
                    found.extend(label_text(b) for b in value)
                elif key == "fields":
                    found.extend(label_text(f["label"]) for f in value)
                walk(value)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            found.extend(re.sub(r"\s+", " ", m) for m in BOLD.findall(node))

    walk(tree)
    return found


def _confirmed() -> set[str]:
    return {entry["text"] for entry in flowdata.screen_labels()}


def test_confirmed_labels_carry_their_source():
    labels = flowdata.screen_labels()
    assert len(labels) > 20
    assert len({e["text"] for e in labels}) == len(labels), "a label is listed twice"
    for entry in labels:
        assert entry["ui"] in LANGS and entry["kind"] in ("official", "third-party"), entry
        assert entry["source"].startswith("https://"), entry


@pytest.mark.parametrize("flow_id", FLOWS)
def test_every_quoted_label_is_confirmed(flow_id):
    quoted = quoted_labels(_raw(flow_id))
    assert quoted, flow_id
    assert sorted(set(quoted) - _confirmed()) == []


def test_invented_label_is_caught():
    invented = {"steps": [{"action": {"da": "Klik på **Bestil nu**.", "en": "Click **Bestil nu**."},
                           "buttons": [{"screen": "Fortsæt", "en": "continue"}]}]}
    assert set(quoted_labels(invented)) - _confirmed() == {"Bestil nu", "Fortsæt"}


@pytest.mark.parametrize("lang", LANGS)
def test_built_pages_quote_only_confirmed_labels(built_site, lang):
    confirmed = _confirmed()
    for page in FLOWS.values():
        art = _article(built_page(built_site, page, lang))
        steps = art[art.find('id="before-you-start"'): art.rfind("</ol>")]
        shown = {_text(s).strip() for s in re.findall(r"<strong>(.*?)</strong>", steps, re.S)}
        shown |= {_text(s).strip() for s in re.findall(r'class="ui-(?:label|button)"[^>]*>(.*?)</span>', steps, re.S)}
        assert shown and shown - confirmed == set(), (page, lang)


@pytest.mark.parametrize("page_id", ["which-certificate", "oces3"])
def test_fact_pages_show_their_review_date(built_site, page_id):
    day = data.reviewed_pages()[page_id]
    assert isinstance(day, dt.date)
    for lang, prefix in (("da", ""), ("en", "en/")):
        html = (built_site / prefix / page_id / "index.html").read_text(encoding="utf-8")
        assert f'<p class="reviewed">{REVIEWED[lang]} <time datetime="{day.isoformat()}">' in html, (page_id, lang)
