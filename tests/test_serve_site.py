"""scripts/serve_site.py, the preview server (issue 16 item 6, issue 18 item 2): it stays
inside the site folder, answers malformed addresses with a 4xx and no traceback, never
lists a folder, closes idle connections, and sends the build's .br/.gz when accepted."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from pathlib import Path

import pytest

from support import preview as serve_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def site(tmp_path):
    root = tmp_path / "site"
    (root / "en").mkdir(parents=True)
    (root / "index.html").write_text("<p>forside</p>")
    (root / "404.html").write_text("<p>ikke fundet</p>")
    (root / "en" / "404.html").write_text("<p>not found</p>")
    (root / "folder").mkdir()
    (root / "folder" / "a.txt").write_text("a")
    big = b"x" * 5000
    (root / "app.js").write_bytes(big)
    (root / "app.js.gz").write_bytes(gzip.compress(big))
    (root / "app.js.br").write_bytes(b"BR:" + big[:10])  # a stand-in: only which file is sent matters
    (root / "only-gz.css").write_bytes(big)
    (root / "only-gz.css.gz").write_bytes(gzip.compress(big))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "secret-link.txt").symlink_to(outside / "secret.txt")
    (root / "inside-link.txt").symlink_to(root / "folder" / "a.txt")
    return root


@pytest.fixture()
def server(site):
    srv = serve_site.make_server(str(site), 0, idle_timeout=1.0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def raw(server, request: bytes, timeout: float = 5) -> bytes:
    """Sends bytes as they are (no client library normalising the path) and reads the answer."""
    with socket.create_connection(server.server_address, timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def get(server, path: str, headers: str = "") -> tuple[int, dict, bytes]:
    answer = raw(server, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}\r\n".encode("latin-1"))
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    fields = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    return int(lines[0].split()[1]), fields, body


@pytest.mark.parametrize(
    "path",
    [
        "/%00",
        "/a%00b.html",
        "/%ff%fe",
        "/../etc/passwd",
        "/folder/../../x",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/a\\..\\b",
        "relative",
    ],
)
def test_a_malformed_path_is_a_4xx_without_traceback(server, path, capfd):
    status, _, _ = get(server, path)
    assert 400 <= status < 500
    time.sleep(0.1)
    err = capfd.readouterr().err
    assert "Traceback" not in err, err


def test_no_folder_is_listed(server):
    status, _, body = get(server, "/folder/")
    assert status == 404 and body == b"<p>ikke fundet</p>"
    assert b"a.txt" not in body
    # The English side gets its own 404 page.
    status, _, body = get(server, "/en/nope/")
    assert status == 404 and body == b"<p>not found</p>"


def test_a_folder_without_its_slash_is_redirected(server):
    status, fields, _ = get(server, "/en?x=1")
    assert status == 404  # en/ has no index.html: not found, never a listing
    (Path(server.RequestHandlerClass.keywords["directory"]) / "en" / "index.html").write_text("<p>en</p>")
    status, fields, _ = get(server, "/en?x=1")
    assert status == 301 and fields["location"] == "/en/?x=1"


def test_nothing_outside_the_site_folder(server):
    assert get(server, "/out/secret.txt")[0] == 404
    assert get(server, "/secret-link.txt")[0] == 404
    assert get(server, "/secret-link.txt")[2] == b"<p>ikke fundet</p>"
    # A link that stays inside is served.
    assert get(server, "/inside-link.txt")[:3:2] == (200, b"a")


def test_an_idle_connection_is_closed(server):
    start = time.monotonic()
    with socket.create_connection(server.server_address, timeout=10) as s:
        s.sendall(b"GET / HTTP/1.1\r\n")  # a request never finished
        while s.recv(65536):  # whatever it says, it must then close (no wait for the 10 s timeout)
            pass
    assert time.monotonic() - start < 5


def test_precompressed_files_when_accepted(server):
    status, fields, body = get(server, "/app.js", "Accept-Encoding: gzip, deflate, br\r\n")
    assert status == 200 and fields["content-encoding"] == "br" and body == b"BR:" + b"x" * 10
    assert fields["content-type"] == "text/javascript" and fields["vary"] == "Accept-Encoding"
    status, fields, body = get(server, "/app.js", "Accept-Encoding: gzip\r\n")
    assert fields["content-encoding"] == "gzip" and gzip.decompress(body) == b"x" * 5000
    status, fields, body = get(server, "/app.js", "Accept-Encoding: br;q=0, gzip;q=0\r\n")
    assert "content-encoding" not in fields and body == b"x" * 5000
    status, fields, body = get(server, "/app.js")
    assert "content-encoding" not in fields and body == b"x" * 5000
    assert int(fields["content-length"]) == 5000
    status, fields, body = get(server, "/only-gz.css", "Accept-Encoding: br, gzip\r\n")
    assert fields["content-encoding"] == "gzip" and fields["content-type"] == "text/css"


def test_accept_encoding_parsing():
    assert serve_site.accepted_encodings("gzip, deflate, br") == {"gzip", "deflate", "br"}
    assert serve_site.accepted_encodings("br;q=0, gzip;q=0.5") == {"gzip"}
    assert serve_site.accepted_encodings("*") >= {"br", "gzip"}
    assert serve_site.accepted_encodings(None) == set()
    assert serve_site.accepted_encodings("gzip;q=x") == set()
