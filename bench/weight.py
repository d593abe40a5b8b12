"""Benchmark: bytes each page of the site transfers, in headless Chromium.

Run from the repository root:

    .venv/bin/python bench/weight.py [--site DIR]

Without --site it builds the site (mkdocs, OCES_TRUST_DIR defaulting to ../shared/trust)
into a temporary folder and serves it on 127.0.0.1. Every page (both languages; the
/go/ redirect pages and 404 left out) is opened in a new browser with a fresh on-disk
profile (empty caches, as a first-time visitor's); every request of the page, its workers and its service worker is counted
(response headers + body as transferred). Widget pages are measured until the widget
is ready. A guide page without a widget must fetch no Pyodide file and no widget asset:
the last column says so, and the exit status is 1 if one does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from widget import build_site, fresh_profile, serve

RUNTIME_MARKERS = ("/assets/pyodide/", "/assets/widgets/", ".whl", "pyodide")


def pages(site: Path) -> list[str]:
    out = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        rel = "" if rel == "." else rel + "/"
        if rel.startswith(("go/", "en/go/", "__bench__/")):
            continue
        out.append("/" + rel)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            build_site(site)
        server, url = serve(site)
        rows = []
        with sync_playwright() as p:
            for path in pages(site):
                ctx = fresh_profile(p, Path(tmp))
                done = []
                ctx.on("requestfinished", done.append)
                page = ctx.new_page()
                page.goto(url + path)
                widget = page.locator("[data-widget]")
                if widget.count():
                    page.wait_for_function(
                        "() => [...document.querySelectorAll('[data-widget]')].every(w => w.dataset.state !== 'loading')",
                        timeout=120_000,
                    )
                page.wait_for_load_state("networkidle")
                total, runtime = 0, []
                for r in list(done):
                    sizes = r.sizes()
                    total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    if any(m in r.url for m in RUNTIME_MARKERS):
                        runtime.append(r.url)
                rows.append((path, bool(widget.count()), len(done), total, runtime))
                ctx.close()
        server.shutdown()

    print(f"{'page':32} {'widget':6} {'requests':>8} {'bytes':>12}  runtime files")
    for path, has_widget, n, total, runtime in rows:
        note = f"{len(runtime)} (Pyodide, wheels, widget)" if runtime else "none"
        if runtime and not has_widget:
            note += "  <-- a guide page must load none"
            failed = True
        print(f"{path:32} {'yes' if has_widget else 'no':6} {n:8d} {total:12,d}  {note}")
    guide = [t for _, w, _, t, _ in rows if not w]
    widget_pages = [t for _, w, _, t, _ in rows if w]
    if guide:
        print(
            f"guide pages without a widget: {len(guide)}, median {sorted(guide)[len(guide) // 2]:,} bytes, "
            f"max {max(guide):,} bytes"
        )
    if widget_pages:
        print(f"widget pages: {len(widget_pages)}, max {max(widget_pages):,} bytes (cold, until ready)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
