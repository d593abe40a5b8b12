"""The site as the tests and the benchmarks serve it: one MIME map (the types Pyodide and
the downloads need, which Python's own map lacks or names otherwise), used by the preview
server of scripts/serve (support/preview.py) too; and the test server, which records every
request, forbids HTTP caching and can corrupt chosen files."""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import http.server
import os
import re
import sys
import threading
from typing import ClassVar

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/octet-stream",
    ".zip": "application/zip",
    ".tar": "application/x-tar",
    ".svg": "image/svg+xml",
    ".bin": "application/octet-stream",
    ".pem": "application/x-pem-file",
}


class TestSiteHandler(http.server.SimpleHTTPRequestHandler):
    """The test site's server. It keeps a log of every request that reaches it (the
    engine-neutral record of what a page, its workers and its service worker asked for),
    forbids HTTP caching (so that a response not asked of us on a repeat visit came from
    the service worker), and can corrupt chosen files (`server.tamper`)."""

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    _html = ""  # the HTML page being sent, where its CSP meta tag is read

    def log_message(self, *args):  # keep test output readable
        pass

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append(SeenRequest(self.command, self.path, body, dict(self.headers)))

    def do_GET(self):
        self._record()
        super().do_GET()

    def do_HEAD(self):
        self._record()
        super().do_HEAD()

    def do_POST(self):  # nothing is ever sent to the site but CSP reports: record, refuse the rest
        self._record()
        if self.path == CSP_REPORTS:
            self.send_response(204)
            self.end_headers()
        else:
            self.send_error(405)

    do_PUT = do_DELETE = do_PATCH = do_POST

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        # The page's own policy again, reporting only: every engine then tells us of each
        # violation, from the page, its workers and its service worker (a meta tag reaches
        # neither workers nor report-uri).
        meta = CSP_META.search(self._html)
        policy = meta.group(1) if meta else "connect-src 'self'"
        self.send_header("Content-Security-Policy-Report-Only", f"{policy}; report-uri {CSP_REPORTS}")
        super().end_headers()

    def send_head(self):
        self._html = ""
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if path.endswith(".html") and os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                self._html = f.read(20_000)
        return super().send_head()

    def copyfile(self, source, outputfile):
        path = self.path.split("?")[0]
        if any(fnmatch.fnmatch(path, pattern) for pattern in self.server.tamper):
            body = bytearray(source.read())
            body[len(body) // 2] ^= 0xFF
            outputfile.write(bytes(body))
        else:
            super().copyfile(source, outputfile)


CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
CSP_REPORTS = "/__csp-report"


@dataclasses.dataclass
class SeenRequest:
    method: str
    path: str
    body: bytes
    headers: dict


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requests: list[SeenRequest] = []
        self.tamper: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def csp_reports(self, since: int = 0) -> list[str]:
        """The CSP violation reports (JSON text) among the requests from index `since` on."""
        return [r.body.decode(errors="replace") for r in self.requests[since:] if r.path == CSP_REPORTS]

    def handle_error(self, request, client_address):
        # A browser that closed a page while a response was on its way: not our error.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(directory) -> SiteServer:
    """The test server on a free loopback port, serving `directory` from a thread."""
    server = SiteServer(("127.0.0.1", 0), functools.partial(TestSiteHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
