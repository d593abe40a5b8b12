"""scripts/serve's server (scripts/serve_site.py) on the built site: pages as files, and
an unknown address answered with status 404 and the 404 page of its language."""

from __future__ import annotations

import importlib.util
import re
import threading
import urllib.error
import urllib.request

import pytest

from site_helpers import ROOT
from support import preview as serve_site



@pytest.fixture(scope="module")
def served(built_site):
    server = serve_site.make_server(str(built_site), 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _get(url: str, method: str = "GET") -> tuple[int, str, str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


@pytest.mark.parametrize("path,lang", [("/no-such-page/", "da"), ("/oces3/no-such-step/", "da"),
                                       ("/en/no-such-page/", "en"), ("/en/oces2/gone", "en"),
                                       ("/enx/", "da"), ("/go/no-such-slug/?x=1", "da")])
def test_unknown_address_gets_the_404_page_of_its_language(served, path, lang):
    status, kind, body = _get(served + path)
    assert status == 404 and kind.startswith("text/html")
    assert re.search(rf'<html[^>]*lang="{lang}"', body), body[:300]
    assert 'id="not-found"' in body and 'data-link="support"' in body


def test_known_pages_and_head_requests(served):
    assert _get(served + "/en/journey/")[0] == 200
    assert _get(served + "/assets/journey.js")[1].startswith("text/javascript")
    status, _, body = _get(served + "/en/missing/", method="HEAD")
    assert status == 404 and body == ""


def test_scripts_serve_uses_this_server_and_sets_site_url():
    script = (ROOT / "scripts" / "serve").read_text(encoding="utf-8")
    assert "scripts/serve_site.py" in script
    assert script.index("export SITE_URL") < script.index("mkdocs build")
