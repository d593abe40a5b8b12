"""The strict build (lead's `built_site` fixture) and what every built page must carry."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import yaml

from site_helpers import ROOT, built_page, collect, doc_pages

LANGS = ("da", "en")


def _mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def test_config_keeps_the_rules():
    conf = _mkdocs_config()
    assert conf["theme"]["font"] is False
    assert "navigation.instant" not in conf["theme"].get("features", [])
    assert conf["strict"] is True
    assert conf["validation"]["anchors"] == "warn" and conf["validation"]["not_found"] == "warn"
    macros = next(p["macros"] for p in conf["plugins"] if isinstance(p, dict) and "macros" in p)
    assert macros["on_undefined"] == "strict" and macros["on_error_fail"] is True
    hooks = conf["hooks"]
    assert "hooks/csp.py" in hooks and "hooks/go_links.py" in hooks


def test_every_page_is_built_in_both_languages(built_site):
    pages = doc_pages()
    assert len(pages) >= 12
    for page in pages:
        for lang in LANGS:
            path = built_page(built_site, page, lang)
            assert path.is_file(), f"{page} ({lang}) not built at {path}"
            head = path.read_text(encoding="utf-8")[:4000]
            assert re.search(rf'<html[^>]*\blang="{lang}"', head), f"{path}: wrong html lang"


def test_hreflang_alternates_point_to_the_same_page(built_site):
    for page in doc_pages():
        for lang in LANGS:
            text = built_page(built_site, page, lang).read_text(encoding="utf-8")
            alts = dict((m.group(2), m.group(1)) for m in
                        re.finditer(r'<link rel="alternate" href="([^"]*)" hreflang="([a-z]+)"', text))
            assert set(alts) == set(LANGS), f"{page} ({lang}): alternates {alts}"
            base = built_page(built_site, page, lang).parent
            for other, href in alts.items():
                start = built_site if href.startswith("/") else base
                target = (start / href.lstrip("/")).resolve() / "index.html"
                assert target == built_page(built_site, page, other).resolve(), (page, lang, other, href)


def _inline_hashes(text: str) -> set[str]:
    out = set()
    for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
        if "src=" in attrs or "application/json" in attrs:
            continue
        out.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'")
    return out


def test_csp_meta_first_in_head_with_the_inline_script_hashes(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8")
        m = re.search(r"<head[^>]*>\s*(<[^>]+>)", text)
        assert m, path
        first = m.group(1)
        assert first.startswith('<meta http-equiv="Content-Security-Policy"'), f"{path}: first in head is {first[:80]}"
        policy = re.search(r'content="([^"]+)"', first).group(1)
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy
        assert "object-src 'none'" in policy and "'wasm-unsafe-eval'" in policy
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()
        hashes = {s for s in script_src if s.startswith("'sha256-")}
        assert _inline_hashes(text) <= hashes, f"{path}: inline script without its hash"
        assert "'unsafe-inline'" not in script_src


def test_search_covers_both_languages(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert set(index["config"]["lang"]) >= {"da", "en"}
    locations = [d["location"] for d in index["docs"]]
    assert any(loc.startswith("en/register/") for loc in locations)
    assert any(loc.startswith("register/") for loc in locations)


def test_steps_have_copy_controls_and_work_without_js(built_site):
    text = built_page(built_site, "oces2/test-function.md", "da").read_text(encoding="utf-8")
    steps = re.findall(r'<li class="step">\n<h3 class="step__title" id="([^"]+)">(.*?)</li>\n(?=<li class="step"|</ol>)', text, re.S)
    assert len(steps) == 7
    for sid, body in steps:
        assert f'href="#{sid}"' in body, sid
        assert re.search(r'<button type="button" class="copy-link" hidden', body), sid
        assert "</h3>" in body


def test_no_screenshots(built_site):
    images = [p for p in (ROOT / "docs").rglob("*") if p.suffix.lower() in {".png", ".jpg", ".jpeg", ".gif", ".webp"}]
    assert images == []
    for page in doc_pages():
        text = built_page(built_site, page, "da").read_text(encoding="utf-8")
        article = text[text.find("<article"): text.find("</article>")]
        assert "<img" not in article, page


def test_facts_come_from_checks_data(built_site):
    """The OCES2 cut-off and every pinned CA name appear as the data says, not the seed's typo."""
    import tomllib

    trust = tomllib.loads((ROOT / "checks" / "data" / "trust.toml").read_text(encoding="utf-8"))
    da = built_page(built_site, "register.md", "da").read_text(encoding="utf-8")
    en = built_page(built_site, "register.md", "en").read_text(encoding="utf-8")
    for a in trust["anchor"]:
        assert a["name"] in da and a["name"] in en, a["name"]
    assert "31. oktober 2023" in built_page(built_site, "index.md", "da").read_text(encoding="utf-8")
    assert "31 October 2023" in built_page(built_site, "index.md", "en").read_text(encoding="utf-8")
    assert "Emne: Registrering af funktionssignatur til Integrationsplatformen" in en


def test_404_pages_per_language(built_site):
    assert re.search(r'<html[^>]*lang="da"', (built_site / "404.html").read_text(encoding="utf-8"))
    assert re.search(r'<html[^>]*lang="en"', (built_site / "en" / "404.html").read_text(encoding="utf-8"))


def _strict_build_of(tmp_path, body: str):
    """A strict build of a one-page site with this repository's plugins (no hooks, no nav)."""
    import os
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(f"# Test\n\n{body}\n", encoding="utf-8")
    (docs / "index.en.md").write_text(f"# Test\n\n{body}\n", encoding="utf-8")
    conf = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    conf = re.sub(r"(?m)^hooks:\n(?:  - .*\n)+", "", conf)
    conf = re.sub(r"(?ms)^nav:\n.*", "", conf)
    assert "plugins:" in conf and "macros:" in conf and "hooks:" not in conf
    conf = conf.replace("docs_dir: docs", f"docs_dir: {docs}").replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(conf, encoding="utf-8")
    # mkdocs-macros finds the `macros` module next to the config file
    (tmp_path / "macros").symlink_to(ROOT / "macros")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg),
                           "-d", str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def test_strict_build_fails_on_an_undefined_macro_variable(tmp_path):
    (tmp_path / "ok").mkdir()
    ok = _strict_build_of(tmp_path / "ok", "Cut-off: {{ oces2_cutoff() }}.")
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert "31. oktober 2023" in (tmp_path / "ok" / "out" / "index.html").read_text(encoding="utf-8")
    assert "31 October 2023" in (tmp_path / "ok" / "out" / "en" / "index.html").read_text(encoding="utf-8")
    (tmp_path / "bad").mkdir()
    bad = _strict_build_of(tmp_path / "bad", "{{ no_such_variable }}")
    assert bad.returncode != 0 and "no_such_variable" in bad.stderr


def test_strict_build_fails_on_a_broken_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    bad = _strict_build_of(tmp_path / "a", "[x](#no-such-anchor)")
    assert bad.returncode != 0 and "no-such-anchor" in bad.stderr
