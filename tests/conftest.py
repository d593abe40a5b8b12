"""Fixtures shared by every test: where ../shared is, the built site, a local server, a browser.

Tests that need ../shared use the `shared` fixture: they run whenever the folder exists
(it does in CI) and skip only where it is absent.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("OCES_SHARED_DIR", ROOT.parent / "shared"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def run_coroutine(coro):
    """asyncio.run in a thread of its own: Playwright's sync API keeps an event loop
    running in the main thread once a browser test has started."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not here (outside this workplace)")
    return SHARED


@pytest.fixture(scope="session")
def trust_dir(shared) -> Path:
    return shared / "trust"


@pytest.fixture(scope="session")
def trust(trust_dir):
    from checks.trust import TrustStore

    return TrustStore.from_directory(trust_dir)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, trust_dir) -> Path:
    """The whole site, built once per test session with a strict build."""
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, OCES_TRUST_DIR=str(trust_dir))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
        ".json": "application/json", ".whl": "application/octet-stream",
    }

    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    handler = functools.partial(_Handler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/bootstrap")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
