"""The local web server of scripts/serve: the built site as static files, with the
MIME types Pyodide needs, and an unknown address answered by the 404 page in its
language (/en/… gets en/404.html, everything else the Danish 404.html)."""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path

# Languages with their own folder and 404 page (the default language is at the root).
LANGUAGE_FOLDERS = ("en",)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
        ".json": "application/json", ".whl": "application/octet-stream",
        ".zip": "application/zip", ".tar": "application/x-tar", ".svg": "image/svg+xml",
    }

    def not_found_page(self) -> Path:
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        if first in LANGUAGE_FOLDERS and (root / first / "404.html").is_file():
            return root / first / "404.html"
        return root / "404.html"

    def send_error(self, code, message=None, explain=None):
        page = self.not_found_page() if code == 404 else None
        if page is None or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(site: str, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    return http.server.ThreadingHTTPServer((host, port), functools.partial(Handler, directory=site))


if __name__ == "__main__":
    server = make_server(sys.argv[1], int(sys.argv[2]))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
