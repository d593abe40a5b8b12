"""Texts for people (issue 15, items 6 and 7): every {da, en} text in the site's data
files parses as exactly those keys (an unquoted comma in a YAML flow mapping once cut
the 404 page's support link to "Find det trin"), and no developer text reaches a page."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "docs" / "_data"
LANGS = {"da", "en"}
# A screen label is {screen: <Danish, as on screen>, en: <gloss>} (docs/_data/README.md).
LABEL = {"screen", "en"}


STATEMENT = {"sources", "certainty"}


def _texts(node, where):
    """Every dict that looks like a text in both languages, with where it is."""
    if isinstance(node, dict):
        keys = {str(k) for k in node}
        if keys & LANGS:
            yield where, node
            if "screen" in keys and isinstance(node.get("note"), dict):  # a button with a note
                yield from _texts(node["note"], f"{where}.note")
            return
        for k, v in node.items():
            yield from _texts(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(v, f"{where}[{i}]")


def text_problems(tree, where: str) -> list[str]:
    out = []
    for at, node in _texts(tree, where):
        keys = {str(k) for k in node} - STATEMENT  # a fact also names its sources and certainty
        if keys in (LABEL, LABEL | {"note"}):
            continue
        if keys != LANGS:
            out.append(f"{at}: keys {sorted(keys)}, not exactly da and en")
            continue
        if all(isinstance(node[lang], list) for lang in LANGS):  # e.g. the months
            if len(node["da"]) != len(node["en"]) or not all(
                    isinstance(x, str) and x.strip() for lang in LANGS for x in node[lang]):
                out.append(f"{at}: lists of different length or with an empty text")
            continue
        for lang in LANGS:
            if not isinstance(node[lang], str) or not node[lang].strip():
                out.append(f"{at}.{lang}: {node[lang]!r} is not a text")
    return out


def _data_files() -> list[Path]:
    return sorted([*DATA.glob("*.yml"), *DATA.glob("**/*.yml")])


def test_the_data_files_are_found():
    names = {p.name for p in _data_files()}
    assert {"site.yml", "ui.yml", "oces3-export.yml"} <= names


@pytest.mark.parametrize("path", sorted(set(_data_files())), ids=lambda p: str(p.relative_to(DATA)))
def test_every_bilingual_text_has_exactly_both_languages(path):
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert text_problems(tree, path.name) == []


def test_the_check_catches_a_cut_flow_mapping():
    cut = yaml.safe_load("support: {da: Find det trin, I leder efter, blandt supportlinkene, en: Find it}")
    assert cut["support"]["da"] == "Find det trin"
    problems = text_problems(cut, "site.yml")
    assert len(problems) == 1 and "I leder efter" in problems[0]
    assert text_problems(yaml.safe_load("x: {da: Hej, en: ''}"), "y") == ["y.x.en: '' is not a text"]
    assert text_problems(yaml.safe_load("x: {da: Hej}"), "y") != []
    assert text_problems(yaml.safe_load("x: {screen: GEM, en: Save}"), "y") == []


def test_the_404_support_link_is_whole():
    site = yaml.safe_load((DATA / "site.yml").read_text(encoding="utf-8"))
    assert site["not_found"]["support"]["da"] == "Find det trin, I leder efter, blandt supportlinkene"


# ------------------------------------------------------------------ developer text

import html as _html  # noqa: E402
import re as _re  # noqa: E402
import tomllib as _tomllib  # noqa: E402

# What a developer writes for developers: our README, CLI flags and commands, the trust
# directory, source paths. None of it may reach what the site shows (the CLI keeps its own).
DEVELOPER = _re.compile(
    r"README|--password-stdin|--trust-dir|python -m checks|oces-check\b|trust-mappen|trust directory"
    r"|\bchecks/|\.toml\b|findings\.toml|sessionStorage|localStorage|Pyodide-wheel", _re.I)


def developer_text(text: str) -> list[str]:
    return sorted({m.group(0) for m in DEVELOPER.finditer(text)})


def _shown(raw: str) -> str:
    """A page's text as shown, plus the widgets' texts (the JSON the page modules read)."""
    widget_json = " ".join(_re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', raw, _re.S))
    body = _re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=_re.S)
    body = _re.sub(r"<[^>]+>", " ", body)
    return _html.unescape(body) + " " + _html.unescape(widget_json)


def test_the_developer_text_check_can_fail():
    assert developer_text("Hent CA-certifikaterne til trust-mappen (se README).") == ["README", "trust-mappen"]
    assert developer_text("kør python -m checks check <fil>") == ["python -m checks"]
    assert developer_text("Vælg cert.pem, og tjek den.") == []


# The answers page is for STIL's support staff: it names the summary's last line, which
# begins "oces-check:", so that they can tell a damaged summary.
FOR_SUPPORT_STAFF = {"support/answers/index.html": {"oces-check"}, "en/support/answers/index.html": {"oces-check"}}


def test_no_built_page_shows_developer_text(built_site):
    pages = [p for p in built_site.rglob("*.html") if "assets" not in p.parts]
    assert len(pages) > 40
    found = {}
    for page in pages:
        where = page.relative_to(built_site).as_posix()
        hits = sorted(set(developer_text(_shown(page.read_text(encoding="utf-8")))) - FOR_SUPPORT_STAFF.get(where, set()))
        if hits:
            found[str(page.relative_to(built_site))] = hits
    assert found == {}


def test_no_finding_or_widget_text_shows_developer_text():
    """Findings carry a CLI-only hint separately (`cli_hint`, printed by the CLI alone)."""
    findings = _tomllib.loads((ROOT / "checks" / "data" / "findings.toml").read_text(encoding="utf-8"))
    found = {}
    for code, entry in findings.items():
        for lang in LANGS:
            shown = entry[lang]["message"] + " " + entry[lang]["hint"]
            if developer_text(shown):
                found[f"{code}.{lang}"] = developer_text(shown)
    widgets = _tomllib.loads((ROOT / "macros" / "widgets.toml").read_text(encoding="utf-8"))

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, f"{where}.{k}")
        elif isinstance(node, str):
            yield where, node

    for where, text in walk(widgets, "widgets"):
        if developer_text(text):
            found[where] = developer_text(text)
    assert found == {}
    cli_only = {code for code, e in findings.items() if "cli_hint" in e["da"]}
    assert {"input.pkcs12", "chain.anchor-missing"} <= cli_only
    assert all("cli_hint" in findings[c]["en"] for c in cli_only)


def test_the_cli_still_prints_its_own_hint(tmp_path):
    import subprocess
    import sys

    (tmp_path / "x.p12").write_bytes(_pkcs12_bytes())
    done = subprocess.run([sys.executable, "-m", "checks", "check", "--lang", "en", str(tmp_path / "x.p12")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "--password-stdin" in done.stdout, done.stdout + done.stderr


def _pkcs12_bytes() -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    import datetime as dt

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "cli hint")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"x", key, cert, None, serialization.BestAvailableEncryption(b"pw"))
