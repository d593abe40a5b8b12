"""The build hooks as plain functions: CSP meta, /go/ redirect pages."""

from __future__ import annotations

import base64
import hashlib
import importlib.util

import pytest

from site_helpers import ROOT


def _load(name):
    spec = importlib.util.spec_from_file_location(f"site_hook_{name}", ROOT / "hooks" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


csp = _load("csp")
go_links = _load("go_links")


def _sha(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_csp_hashes_inline_scripts_only():
    page = ('<html><head><title>x</title><script>var a=1;</script><script src="a.js"></script>'
            '<script id="__config" type="application/json">{"a":1}</script>'
            '<script type="module">import "./m.js";</script></head><body></body></html>')
    assert csp.inline_script_hashes(page) == [_sha("var a=1;"), _sha('import "./m.js";')]
    out = csp.add_csp(page)
    assert out.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; ')
    assert _sha("var a=1;") in out and "'unsafe-inline'" not in out.split("script-src")[1].split(";")[0]
    assert csp.add_csp(out) == out  # idempotent


def test_csp_policy_has_the_agreed_directives():
    policy = csp.POLICY.format(script_hashes="")
    for directive in ("default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'",
                      "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self'",
                      "connect-src 'self'", "worker-src 'self'", "object-src 'none'", "base-uri 'self'",
                      "form-action 'self'"):
        assert directive in policy


def test_go_pages_fail_when_a_target_anchor_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(go_links.data, "slugs", lambda: [
        {"slug": "ok", "page": "register.md", "anchor": "find-system"},
        {"slug": "gone", "page": "register.md", "anchor": "no-such-step"}])
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "index.html").write_text('<li class="step"><h3 class="step__title" id="find-system">x</h3></li>')
    with pytest.raises(go_links.PluginError, match="no-such-step"):
        go_links.write_go_pages(tmp_path, "da", "da")


def test_go_pages_redirect_with_anchor(tmp_path, monkeypatch):
    monkeypatch.setattr(go_links.data, "slugs", lambda: [
        {"slug": "ok", "page": "oces2/test-function.md", "anchor": "activate"}])
    (tmp_path / "en" / "oces2" / "test-function").mkdir(parents=True)
    (tmp_path / "en" / "oces2" / "test-function" / "index.html").write_text('<li id="activate">')
    [written] = go_links.write_go_pages(tmp_path, "en", "da")
    assert written == tmp_path / "en" / "go" / "ok" / "index.html"
    text = written.read_text()
    assert '<meta http-equiv="refresh" content="0; url=../../../en/oces2/test-function/#activate">' in text
    assert '<link rel="canonical" href="../../../en/oces2/test-function/#activate">' in text
    assert '<script src="../../../assets/go.js"></script>' in text and '<html lang="en">' in text
    assert text.index("Content-Security-Policy") < text.index("<meta charset")
