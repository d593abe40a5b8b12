"""Writes an nginx configuration (Debian's nginx) that serves a built site.

    python3 deploy/nginx_conf.py SITE_DIR [--prefix /guide/] [--listen 80] [--user www-data] > site.conf

SITE_DIR is the output of `mkdocs build` with SITE_URL set to the address the site will
have (its path is --prefix, default: the path of SITE_URL, else /). The configuration

- gives the MIME types Pyodide needs (application/wasm, text/javascript for .mjs);
- sends the build's precompressed .br (where Debian's brotli module is installed:
  libnginx-mod-http-brotli-static) and .gz files (gzip_static) to browsers that accept them;
- lets browsers keep hashed files (Material's bundle.<hash>.min.js, main.<hash>.min.css,
  the checker's snapshot-<hash>.bin) for a year, and makes them ask again for everything
  else (HTML first: a new build is seen at once);
- sends each page's Content-Security-Policy as an HTTP header, equal to the page's own
  <meta> policy (hooks/csp.py; read from the built pages), and the base policy for
  everything else (the checker's worker gets its policy this way);
- answers an unknown address with the 404 page in its language (/en/… gets en/404.html);
- lists no folders (403), and closes idle connections.

With --standalone it writes a whole nginx.conf (events, http, pid and log paths) for a
server started by hand, e.g. the browser tests'; without, a file for
/etc/nginx/conf.d/ (inside Debian's http block).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import urllib.parse
from pathlib import Path

from hooks import csp  # the policy's one home

ROOT = Path(__file__).resolve().parent.parent

LANGUAGE_FOLDERS = ("en",)
# Debian's libnginx-mod-http-brotli-static (its package puts the file in one of these).
BROTLI_MODULES = (
    Path("/usr/share/nginx/modules/ngx_http_brotli_static_module.so"),
    Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"),
)
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
# Types nginx's mime.types lacks or names differently for what the site serves.
# (Debian's has application/wasm, application/json and application/javascript for .js.)
TYPES = {"text/javascript": "mjs", "application/octet-stream": "whl", "text/calendar": "ics"}
HASHED = (r"\.[0-9a-f]{8,}\.min\.(js|css)$", r"/snapshot-[0-9a-f]{16}\.bin$")


def _quote(value: str) -> str:
    """An nginx string in double quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_policies(site: Path, prefix: str) -> dict[str, str]:
    """Each HTML page's address (both `…/` and `…/index.html`) → its meta policy."""

    out = {}
    for page in sorted(site.rglob("*.html")):
        head = page.read_text(encoding="utf-8", errors="replace")[:20000]
        m = META.search(head)
        if not m:
            continue
        policy = html.unescape(m.group(1))
        rel = page.relative_to(site).as_posix()
        out[prefix + rel] = policy
        if rel == "index.html" or rel.endswith("/index.html"):
            out[prefix + rel[: -len("index.html")]] = policy
    return out


def base_policy() -> str:
    """The policy without page hashes: for scripts, workers and files."""
    return csp.POLICY.format(script_hashes="")


def _location(path: str, alias: Path, not_found: str) -> str:
    return f"""
    location ^~ {path} {{
        alias {alias}/;
        index index.html;
        autoindex off;
        # (No disable_symlinks: Debian's brotli_static then never sends a .br. The
        # build writes no symlinks; keep the site folder free of them.)
        gzip_static on;
        gzip_vary on;
        %BROTLI%
        add_header Content-Security-Policy $oces_csp always;
        add_header Cache-Control $oces_cache always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy no-referrer always;
        error_page 404 {not_found};
    }}
"""


def config(
    site: Path,
    prefix: str,
    listen: str,
    user: str | None,
    standalone: bool,
    work: Path | None,
    report_uri: str | None = None,
    brotli: bool | None = None,
) -> str:
    site = site.resolve()
    if not prefix.startswith("/"):
        prefix = "/" + prefix
    if not prefix.endswith("/"):
        prefix += "/"
    module = next((m for m in BROTLI_MODULES if m.is_file()), None)
    brotli = module is not None if brotli is None else brotli
    extra = f"; report-uri {report_uri}" if report_uri else ""
    policies = page_policies(site, prefix)
    csp_map = "\n".join(f"        {_quote(uri)} {_quote(policy + extra)};" for uri, policy in policies.items())
    cache_map = "\n".join(f'        "~{rx}" "public, max-age=31536000, immutable";' for rx in HASHED)
    types = "\n".join(f"        {t} {ext};" for t, ext in TYPES.items())
    locations = ""
    for lang in LANGUAGE_FOLDERS:  # the longer prefix first (nginx picks the longest anyway)
        if (site / lang).is_dir():
            locations += _location(f"{prefix}{lang}/", site / lang, f"{prefix}{lang}/404.html")
    locations += _location(prefix, site, f"{prefix}404.html")
    locations = locations.replace("%BROTLI%", "brotli_static on;" if brotli else "# (no brotli module: .gz only)")
    root_redirect = f"\n    location = / {{ return 302 {prefix}; }}\n" if prefix != "/" else ""
    http = f"""
    # MIME types: Debian's list, with the ones the checker's runtime needs.
    types {{
{types}
    }}
    charset utf-8;
    charset_types text/css text/javascript application/json text/plain text/calendar;

    map_hash_bucket_size 256;  # the keys are page addresses
    map_hash_max_size 8192;
    # Each page's own Content-Security-Policy (the same as its <meta>), the base policy
    # for the rest.
    map $uri $oces_csp {{
        default {_quote(base_policy() + extra)};
{csp_map}
    }}
    # A year for files whose name carries their hash; everything else is asked again.
    map $uri $oces_cache {{
        default "no-cache";
{cache_map}
    }}

    server {{
        listen {listen};
        server_name _;
        server_tokens off;
        keepalive_timeout 15s;
        client_header_timeout 10s;
        client_body_timeout 10s;
        send_timeout 30s;
        sendfile on;
{root_redirect}{locations}    }}
"""
    if not standalone:
        return f"# nginx site for the OCES guide (written by deploy/nginx_conf.py for {site}, at {prefix})\n{http}"
    assert work is not None
    load = f"load_module {module};\n" if brotli and module else ""
    temp = "\n".join(
        f"    {name}_temp_path {work}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# nginx.conf for the OCES guide (written by deploy/nginx_conf.py for {site}, at {prefix})
{load}{f"user {user};" if user else ""}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
daemon off;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
{temp}
{http}}}
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--prefix", help="the site's path (default: the path of SITE_URL, else /)")
    ap.add_argument("--listen", default="80")
    ap.add_argument("--user", help="the user nginx's workers run as (standalone only)")
    ap.add_argument(
        "--standalone",
        metavar="WORK_DIR",
        type=Path,
        help="write a whole nginx.conf with pid, logs and temp files in WORK_DIR",
    )
    args = ap.parse_args(argv)
    prefix = args.prefix or urllib.parse.urlsplit(os.environ.get("SITE_URL", "")).path or "/"
    sys.stdout.write(config(args.site, prefix, args.listen, args.user, args.standalone is not None, args.standalone))
    return 0


if __name__ == "__main__":
    sys.exit(main())
