"""The site behind Debian's nginx with deploy/nginx_conf.py's configuration (issue 18
item 3), under a sub-path (SITE_URL http://127.0.0.1:PORT/guide/): the headers (CSP equal
to each page's meta policy, caching, MIME types, precompressed files), the 404 pages per
language, and the checker's privacy and CSP checks and one check through it.

nginx is started by the test on a free loopback port with a configuration written to a
temporary folder (pid, logs and temp files there); scripts/bootstrap installs it."""

from __future__ import annotations

import html
import http.client
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from deploy import nginx_conf

from .helpers import AT, CHECKER, check_file, codes, field, wait_ready

ROOT = Path(__file__).resolve().parents[2]

PREFIX = "/guide/"
REPORTS = "/__csp-report"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Reports(http.server.BaseHTTPRequestHandler):
    """Receives the CSP reports nginx passes on (report-uri, test configuration only)."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.reports.append(self.rfile.read(length).decode(errors="replace"))
        self.send_response(204)
        self.end_headers()


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, trust_dir):
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run scripts/bootstrap")
    port = _free_port()
    site = tmp_path_factory.mktemp("nginx-site")
    env = dict(
        os.environ, OCES_TRUST_DIR=str(trust_dir), SITE_URL=f"http://127.0.0.1:{port}{PREFIX}", NO_MKDOCS_2_WARNING="1"
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    reports = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Reports)
    reports.reports = []
    threading.Thread(target=reports.serve_forever, daemon=True).start()

    work = tmp_path_factory.mktemp("nginx-work")
    conf = nginx_conf.config(
        site,
        PREFIX,
        f"127.0.0.1:{port}",
        "root" if os.getuid() == 0 else None,
        standalone=True,
        work=work,
        report_uri=REPORTS,
    )
    # The test's own additions: where reports go, and a log of every request.
    conf = conf.replace(
        "    access_log ",
        '    log_format seen "$request_method $request_uri $status $sent_http_content_encoding";\n    access_log ',
        1,
    )
    conf = conf.replace(f"{work}/access.log;", f"{work}/access.log seen;", 1)
    conf = conf.replace(
        "        sendfile on;\n",
        "        sendfile on;\n"
        f"        location = {REPORTS} {{ proxy_pass http://127.0.0.1:{reports.server_address[1]}; }}\n",
        1,
    )
    (work / "nginx.conf").write_text(conf)
    proc = subprocess.Popen(
        [NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)

    class Nginx:
        url = f"http://127.0.0.1:{port}"
        root = site

        @staticmethod
        def log() -> list[str]:
            path = work / "access.log"
            return path.read_text().splitlines() if path.exists() else []

        @staticmethod
        def reports(since: int = 0) -> list[str]:
            return reports.reports[since:]

    yield Nginx
    proc.terminate()
    proc.wait(10)
    reports.shutdown()


def _get(nginx, path: str, accept: str | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", int(nginx.url.rsplit(":", 1)[1]), timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": accept} if accept else {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def _meta(body: bytes) -> str:
    return html.unescape(META.search(body.decode()).group(1))


def test_headers_pages_and_files(nginx, engine):
    # Each page's CSP header is its meta policy (the test adds only where reports go).
    for page in ("", "checker/", "en/checker/", "message/", "findings/", "en/"):
        status, headers, body = _get(nginx, PREFIX + page)
        assert status == 200, page
        assert headers["content-security-policy"] == _meta(body) + f"; report-uri {REPORTS}", page
        assert headers["cache-control"] == "no-cache", page
        assert headers["content-type"] == "text/html; charset=utf-8"
    # The runtime: MIME types, precompressed bodies, the bytes the build wrote.
    out = nginx.root / "assets/pyodide"
    status, headers, body = _get(nginx, PREFIX + "assets/pyodide/pyodide.asm.wasm", "gzip, br")
    assert headers["content-type"] == "application/wasm"
    assert headers["content-encoding"] == "br" and body == (out / "pyodide.asm.wasm.br").read_bytes()
    status, headers, body = _get(nginx, PREFIX + "assets/pyodide/pyodide.asm.wasm", "gzip")
    assert headers["content-encoding"] == "gzip" and body == (out / "pyodide.asm.wasm.gz").read_bytes()
    status, headers, body = _get(nginx, PREFIX + "assets/pyodide/pyodide.asm.wasm")
    assert "content-encoding" not in headers and body == (out / "pyodide.asm.wasm").read_bytes()
    assert _get(nginx, PREFIX + "assets/pyodide/pyodide.mjs")[1]["content-type"].startswith("text/javascript")
    # The worker gets the policy without page hashes (workers take it from their response).
    status, headers, _ = _get(nginx, PREFIX + "assets/widgets/worker.js")
    assert headers["content-security-policy"].startswith(nginx_conf.base_policy())
    assert "'wasm-unsafe-eval'" in headers["content-security-policy"]
    # Hashed files for a year; others asked again.
    snapshot = next(out.glob("snapshot-*.bin")).name
    bundle = next((nginx.root / "assets/javascripts").glob("bundle.*.min.js")).name
    for path in (f"assets/pyodide/{snapshot}", f"assets/javascripts/{bundle}"):
        assert _get(nginx, PREFIX + path)[1]["cache-control"] == "public, max-age=31536000, immutable", path
    assert _get(nginx, PREFIX + "assets/pyodide/pyodide.asm.wasm")[1]["cache-control"] == "no-cache"
    # 404 in the address's language, with the page's CSP; no folder listed.
    status, headers, body = _get(nginx, PREFIX + "no/such/page/")
    assert status == 404 and body == (nginx.root / "404.html").read_bytes()
    assert headers["content-security-policy"].startswith(_meta(body))
    status, _, body = _get(nginx, PREFIX + "en/no/such/page/")
    assert status == 404 and body == (nginx.root / "en/404.html").read_bytes()
    status, _, body = _get(nginx, PREFIX + "assets/pyodide/")
    assert status in (403, 404) and b"pyodide.asm.wasm" not in body
    # Outside the sub-path: the root sends the browser to the site.
    status, headers, _ = _get(nginx, "/")
    assert status == 302 and headers["location"].endswith(PREFIX)


@pytest.mark.engine_area("csp", "pyodide-start")
def test_checker_through_nginx(nginx, browser, shared):
    """One checker run: ready, the certificate's verdicts, nothing sent anywhere, no CSP
    violation reported, the runtime sent compressed."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    mark_log, mark_reports = len(nginx.log()), len(nginx.reports())
    page.goto(f"{nginx.url}{PREFIX}checker/")
    page.evaluate("""() => { window.__reports = [];
        document.querySelector("[data-widget='cert-check']")
          .addEventListener("oces-report", (e) => window.__reports.push(e.detail)); }""")
    wait_ready(page)
    assert page.locator(CHECKER).get_attribute("data-start") == "snapshot"
    report = check_file(page, shared / "corpus/oces3-test/nemlogin-idp-test.cer", at=AT)
    assert field(page, "verdict-test").get_attribute("data-value") == "accepted"
    assert field(page, "verdict-prod").get_attribute("data-value") == "rejected"
    assert "policy.wrong-environment" in codes(page)
    assert report["certificate"]["cvr"] == "34051178"
    page.wait_for_timeout(500)
    seen = nginx.log()[mark_log:]
    context.close()
    assert not errors, errors
    assert nginx.reports(mark_reports) == []
    assert seen, "nginx logged no request"
    for line in seen:
        method, uri, _status, _ = (line.split(" ") + [""])[:4]
        assert method == "GET" and uri.startswith(PREFIX), line
    # The big runtime files travelled compressed.
    big = [line for line in seen if re.search(r"/(pyodide\.asm\.wasm|snapshot-[0-9a-f]+\.bin) ", line)]
    assert big and all(line.endswith((" br", " gzip")) for line in big), big


@pytest.mark.engine_area("csp")
def test_a_violation_is_reported_through_nginx(nginx, browser):
    """The CSP header can fail: an inline script the policy does not allow is refused and
    reported."""
    context = browser.new_context()
    page = context.new_page()
    mark = len(nginx.reports())
    page.goto(f"{nginx.url}{PREFIX}checker/")
    page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__ran = 1"; document.body.appendChild(s); }""")
    deadline = time.monotonic() + 10
    while not nginx.reports(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    ran = page.evaluate("() => window.__ran")
    context.close()
    assert ran is None
    assert any("script-src" in r for r in nginx.reports(mark))
    assert all(json.loads(r) for r in nginx.reports(mark))
