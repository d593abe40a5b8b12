"""Benchmark: how fast the in-browser checker is ready and answers, per browser engine.

Run from the repository root:

    .venv/bin/python bench/widget.py [--engine chromium|firefox|webkit] [--runs N] [--drops M] [--site DIR]

Chromium (the default) is headless Chromium through Playwright; Firefox ESR and WebKitGTK
are driven by the tests' driver layer (support/engines.py). Both sides of each ratio
are measured in the same engine.

Without --site it builds the site (mkdocs, OCES_TRUST_DIR defaulting to ../shared/trust)
into a temporary folder, then serves it on 127.0.0.1 and measures, side by side in one
run, with N alternating cold loads, each in a new browser with a fresh on-disk profile
(empty caches, but caches that work as a visitor's browser's do), first on localhost and
then over a simulated link (--mbit, default 50 Mbit/s, shared by all responses):

- checker ready: navigation start → the checker's root says data-state="ready" (Pyodide,
  our two wheels and the trust anchors loaded, modules imported);
- bare ready: navigation start → a bare page, added to the served folder for the
  benchmark only, whose module worker does nothing but `loadPyodide()` from the same
  self-hosted files (the checker also runs Pyodide in a module worker);
- the ratio of the two medians (issue 18's goal: ≤ 0.6 on localhost, ≤ 0.9 over the link),
  and which start the checker used (the build's memory snapshot, or the full start);
- bytes on the wire until ready on the cold visit: response bodies as sent by the
  preview server (scripts/serve_site.py, .br/.gz with Content-Encoding), goal ≤ 7 MB;
- drop → result: M times an OCES3 certificate chosen in the ready checker, from the
  input's change event to the rendered result (median; goal ≤ 50 ms);
- repeat visit: in the same browser after the first visit (once its service worker has
  cached the runtime), navigation start → ready again (goal ≤ 0.3 × the cold time), and
  a third visit after that.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from support import preview
from support.engines import CHROMIUM, CHROMIUM_ARGS
from support.paths import ROOT, SHARED

CERT = SHARED / "corpus" / "oces3-test" / "nemlogin-lookupservices-testwsc.pem"
CHECKER = "[data-widget='cert-check']"

BARE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head>
<body><p>bare loadPyodide()</p><script type="module" src="bare.js"></script></body></html>
"""
BARE_JS = """const w = new Worker(new URL("bare-worker.js", import.meta.url), { type: "module" });
w.onmessage = () => { document.body.dataset.readyAt = String(Math.round(performance.now())); };
"""
BARE_WORKER = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
await loadPyodide({ indexURL: new URL("../assets/pyodide/", import.meta.url).href });
self.postMessage("ready");
"""


class Handler(preview.Handler):  # the preview server: precompressed files with Content-Encoding
    link = None  # a Link shared by all connections, or None for localhost speed
    sent = None  # a one-item list: response body bytes sent (what travels, compressed or not)

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        while chunk := source.read(32 * 1024):
            if self.link is not None:
                self.link.wait(len(chunk))
            outputfile.write(chunk)
            self.sent[0] += len(chunk)


class Link:
    """One simulated network link: every response body shares `mbit` Mbit/s."""

    def __init__(self, mbit: float):
        self.rate = mbit * 1e6 / 8
        self.lock = threading.Lock()
        self.free_at = 0.0

    def wait(self, size: int) -> None:
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size / self.rate
            until = self.free_at
        time.sleep(max(0.0, until - time.monotonic()))


def build_site(out: Path) -> None:
    env = dict(os.environ)
    env.setdefault("OCES_TRUST_DIR", str(SHARED / "trust"))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser context closed while a response was on its way: not our error.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(site: Path, mbit: float = 0):
    handler = type("LinkedHandler", (Handler,), {"link": Link(mbit) if mbit else None, "sent": [0]})
    server = Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.sent = handler.sent
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def ready_at(page, selector: str, attr: str = "readyAt", timeout: float = 120_000) -> float:
    page.wait_for_function(f'() => document.querySelector("{selector}")?.dataset.{attr}', timeout=timeout)
    return float(page.evaluate(f'() => document.querySelector("{selector}").dataset.{attr}'))


def cached_entries(page) -> int:
    return page.evaluate("""async () => {
        if (!self.caches) return 0;
        const names = await caches.keys();
        let n = 0;
        for (const name of names) n += (await (await caches.open(name)).keys()).length;
        return n;
    }""")


def drop_times(page, drops: int) -> list[float]:
    times = []
    root = page.locator(CHECKER)
    for _ in range(drops):
        before = int(root.get_attribute("data-checks") or 0)
        page.set_input_files(f"{CHECKER} input[type=file]", str(CERT))
        page.wait_for_function(f'() => Number(document.querySelector("{CHECKER}").dataset.checks || 0) > {before}')
        times.append(float(root.get_attribute("data-result-ms")))
    return times


def fresh_profile(p, tmp: Path):
    """A new browser with an empty on-disk profile, as a first-time visitor has: its HTTP
    and code caches work as in a real browser (an incognito-like context keeps little).
    For Firefox and WebKit `p` is the driver layer's browser: a new Firefox user context
    has caches and storage of its own; a new WebKit context is a new MiniBrowser."""
    if not hasattr(p, "chromium"):
        return p.new_context()
    profile = Path(tempfile.mkdtemp(dir=tmp))
    return p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def engine_browser(engine: str):
    """What fresh_profile takes: Playwright for Chromium, the driver layer's browser else."""
    if engine == "chromium":
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            yield p
        return
    from support.engines import launch

    b = launch(engine)
    try:
        yield b
    finally:
        b.close()


def measure(p, tmp: Path, url: str, runs: int, drops_per_run: int, server, entries: int) -> dict:
    checker, bare, repeat, third, drops, cached, wire, starts = [], [], [], [], [], [], [], []
    # One warm-up of each, not counted (the OS file cache).
    for target in ("bare", "checker"):
        ctx = fresh_profile(p, tmp)
        page = ctx.new_page()
        page.goto(f"{url}/__bench__/bare.html" if target == "bare" else f"{url}/checker/")
        ready_at(page, "body" if target == "bare" else CHECKER)
        ctx.close()
    for i in range(runs):
        for target in ("bare", "checker") if i % 2 == 0 else ("checker", "bare"):
            ctx = fresh_profile(p, tmp)
            page = ctx.new_page()
            if target == "bare":
                page.goto(f"{url}/__bench__/bare.html")
                bare.append(ready_at(page, "body"))
            else:
                server.sent[0] = 0
                page.goto(f"{url}/checker/")
                checker.append(ready_at(page, CHECKER))
                wire.append(server.sent[0])  # bytes sent until ready (the cold visit)
                starts.append(page.locator(CHECKER).get_attribute("data-start"))
                drops += drop_times(page, drops_per_run)
                # Let the service worker finish caching, then visit again (twice).
                deadline = time.time() + 60
                while cached_entries(page) < entries and time.time() < deadline:
                    time.sleep(0.2)
                cached.append(cached_entries(page))
                page.goto(f"{url}/checker/")
                repeat.append(ready_at(page, CHECKER))
                time.sleep(1)
                page.goto(f"{url}/checker/")
                third.append(ready_at(page, CHECKER))
            ctx.close()
    return {
        "checker": checker,
        "bare": bare,
        "repeat": repeat,
        "third": third,
        "drops": drops,
        "cached": cached,
        "wire": wire,
        "starts": starts,
    }


def report(title: str, r: dict) -> None:
    med = statistics.median
    ms = lambda xs: ", ".join(f"{x:.0f}" for x in xs)  # noqa: E731
    print(f"== {title}")
    print(f"bare loadPyodide() ready   median {med(r['bare']):7.0f} ms   all: {ms(r['bare'])}")
    print(f"checker ready (cold)       median {med(r['checker']):7.0f} ms   all: {ms(r['checker'])}")
    print(
        f"ratio checker/bare (cold)  {med(r['checker']) / med(r['bare']):.3f}   "
        f"(goal <= 0.6 on localhost, <= 0.9 over the link; started from: {', '.join(r['starts'])})"
    )
    if r["drops"]:
        print(
            f"drop -> rendered result    median {med(r['drops']):7.1f} ms   max {max(r['drops']):.1f} ms "
            f"over {len(r['drops'])} drops   (goal <= 50 ms)"
        )
    print(f"bytes on the wire, cold, until ready  median {med(r['wire']) / 1e6:.2f} MB   (goal <= 7 MB)")
    print(f"repeat visit ready         median {med(r['repeat']):7.0f} ms   all: {ms(r['repeat'])}")
    print(
        f"repeat / cold              {med(r['repeat']) / med(r['checker']):.3f}   (goal <= 0.3; "
        f"service-worker cache entries before the repeat visit: {', '.join(map(str, r['cached']))})"
    )
    print(
        f"third visit ready          median {med(r['third']):7.0f} ms   all: {ms(r['third'])}   "
        f"third / cold {med(r['third']) / med(r['checker']):.3f}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--drops", type=int, default=10)
    ap.add_argument(
        "--mbit",
        type=float,
        default=50,
        help="also measure over a simulated link of this many Mbit/s (0: localhost only)",
    )
    ap.add_argument("--site", type=Path, help="an already built site (default: build one)")
    ap.add_argument("--engine", choices=("chromium", "firefox", "webkit"), default="chromium")
    args = ap.parse_args()

    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if args.site:
            shutil.copytree(args.site, site)
        else:
            build_site(site)
        bench = site / "__bench__"
        bench.mkdir()
        (bench / "bare.html").write_text(BARE_HTML)
        (bench / "bare.js").write_text(BARE_JS)
        (bench / "bare-worker.js").write_text(BARE_WORKER)
        results = []
        with engine_browser(args.engine) as p:
            for mbit in [0] + ([args.mbit] if args.mbit else []):
                server, url = serve(site, mbit)
                title = "localhost (no network cost)" if not mbit else f"simulated {mbit:g} Mbit/s link"
                entries = (site / "sw.js").read_text().count('"assets/pyodide/')
                results.append(
                    (title, measure(p, Path(tmp), url, args.runs, args.drops if not mbit else 0, server, entries))
                )
                server.shutdown()

    print(
        f"{args.runs} alternating cold loads per condition (a fresh browser profile each), {args.engine}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end, {load_start:.1f} at the start"
    )
    for title, r in results:
        report(title, r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
