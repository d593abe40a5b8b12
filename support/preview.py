"""The local web server of scripts/serve (run by scripts/serve_site.py): the built site as
static files, with the MIME types Pyodide needs (site_server.MIME_TYPES), and an unknown
address answered by the 404 page in its language (/en/… gets en/404.html, everything else
the Danish 404.html).

It stays inside the site folder: a malformed address (a NUL byte, a bad escape, "..")
gets a 4xx and no traceback, folders are never listed (a folder without index.html is
"not found"), a symlink that leads out of the folder is "not found", and a connection
that sends nothing for IDLE_TIMEOUT seconds is closed. Where the build wrote a `.br` or
`.gz` beside a file and the browser accepts it, that is sent with Content-Encoding.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import http.server
import os
import sys
import urllib.parse
from pathlib import Path
from typing import ClassVar

from .site_server import MIME_TYPES

# Languages with their own folder and 404 page (the default language is at the root).
LANGUAGE_FOLDERS = ("en",)
IDLE_TIMEOUT = 15  # seconds a connection may stay silent
# Preferred first: brotli is smaller than gzip for every large file of the site.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings an Accept-Encoding header allows (q=0 refuses one)."""
    accepted = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name and q > 0:
            accepted.add(name)
    if "*" in accepted:
        accepted |= {name for name, _ in ENCODINGS}
    return accepted


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    timeout = IDLE_TIMEOUT  # socket timeout: an idle connection is closed

    def log_message(self, format, *args):
        # One line per request, the address escaped (it is the client's text).
        sys.stderr.write("{} - {}\n".format(self.address_string(), (format % args).encode("unicode_escape").decode()))

    # --- where a request leads ---------------------------------------------------------

    def site_file(self) -> Path | None:
        """The file inside the site folder this request's path names, or None (not
        found). Raises ValueError for a path that is malformed."""
        root = Path(self.directory).resolve()
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        if not raw.startswith("/"):
            raise ValueError("not an absolute path")
        path = urllib.parse.unquote(raw, errors="strict")
        if "\0" in path or "\\" in path:
            raise ValueError("NUL or backslash")
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if ".." in parts:  # a browser never sends one; refused rather than resolved
            raise ValueError("dot segment")
        target = root.joinpath(*parts)
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        # The real place, symlinks followed: it must still be inside the site folder.
        real = Path(os.path.realpath(target))
        if real != root and root not in real.parents:
            return None
        return real if real.is_file() else None

    def not_found_page(self) -> Path:
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        if first in LANGUAGE_FOLDERS and (root / first / "404.html").is_file():
            return root / first / "404.html"
        return root / "404.html"

    def send_head(self):
        try:
            file = self.site_file()
        except (ValueError, UnicodeDecodeError, OSError):
            self.send_error(400, "Bad request path")
            return None
        if file is None:
            self.send_error(404, "Not found")
            return None
        # A folder's address without its slash: send the browser to the folder.
        raw = self.path.split("?", 1)[0]
        if file.name == "index.html" and not raw.endswith("/") and not raw.endswith("index.html"):
            self.send_response(301)
            self.send_header("Location", raw + "/" + (self.path[len(raw) :] or ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        ctype = self.guess_type(str(file))
        encoding, body_file = None, file
        accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
        for name, suffix in ENCODINGS:
            packed = file.with_name(file.name + suffix)
            if name in accepted and packed.is_file():
                encoding, body_file = name, packed
                break
        try:
            f = open(body_file, "rb")  # noqa: SIM115  handed to the server, which sends and closes it
        except OSError:
            self.send_error(404, "Not found")
            return None
        try:
            st = os.fstat(f.fileno())
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(st.st_size))
            self.send_header("Last-Modified", email.utils.formatdate(st.st_mtime, usegmt=True))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            if file.with_name(file.name + ".gz").is_file() or file.with_name(file.name + ".br").is_file():
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def list_directory(self, path):  # never called by send_head above; never a listing
        self.send_error(404, "Not found")
        return None

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


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that went away mid-response, or a connection closed for silence:
        # not the server's error, and no traceback.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_server(site: str, port: int, host: str = "127.0.0.1", idle_timeout: float = IDLE_TIMEOUT) -> Server:
    handler = type("SiteHandler", (Handler,), {"timeout": idle_timeout})
    return Server((host, port), functools.partial(handler, directory=site))


def main(argv: list[str]) -> None:
    if len(argv) != 2 or not argv[1].isdigit() or not Path(argv[0]).is_dir():
        sys.exit("usage: serve_site.py SITE_FOLDER PORT")
    server = make_server(argv[0], int(argv[1]))
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
