"""Benchmark and timing guard: hostile inputs at the 1 MiB limit, side by side with a plain certificate.

Run from the repository root:

    .venv/bin/python bench/hostile.py [--rounds R]

Each round checks a plain synthetic OCES3 certificate and then every worst case of
support/hostile_input.py (BEGIN lines without END, markers on one line, escaped and
quoted PEM, XML and JSON at the size limit, …), a 1 MiB bundle of different CA
certificates with the leaf last (PEM and PKCS#7) and the certificates of sizes no real one
has (SHAPES: tens of thousands of name parts, extensions, …), with `checks.check`, alternating so that
load on the machine hits all alike. Then, unless --no-cli, `python -m checks check` as a
subprocess on /dev/zero, a sparse 2 GiB file and the 1 MiB worst case, beside the same
command on the plain certificate. Prints the median time of each and its ratio to the
plain certificate, and exits 1 when a case's median exceeds the issue's bound of 2 s.

Issue 16 adds its worst cases (JSON nested 8 000 deep and to the size limit, a DER
certificate carrying a PEM text, names of 50 000 characters and of 1 MB, names that grow
eighteenfold under NFKC) and, with --worker, the same cases in the browser: the site is
built (or --site DIR) and served on 127.0.0.1 as bench/widget.py does, headless Chromium
opens the checker, and each case is sent to the Pyodide worker (time from request to
answer, in the page), then chosen in the page as a file (the longest main-thread task
while the result is drawn, from PerformanceObserver "longtask"; bound 200 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from asn1crypto.pem import unarmor

from checks import check
from checks.load import MAX_BYTES
from support import pki as P
from support.hostile_certificates import CASES as CERTIFICATE_CASES
from support.hostile_input import WORST_CASES, many_cas_then_leaf, self_made_carrying

ROOT = Path(__file__).resolve().parent.parent

# Certificates of sizes no real one has, and those at the bounds (support/hostile_certificates.py).
SHAPES = (
    "issuer-of-100-name-parts",
    "issuer-of-20000-name-parts",
    "issuer-of-the-most-name-parts-in-1-mib",
    "issuer-of-one-part-of-30000-attributes",
    "subject-of-20000-name-parts",
    "1000-alternative-names",
    "40000-alternative-names",
    "40000-extensions",
    "40000-policies",
    "extension-nested-50000-deep",
    "subject-with-a-value-of-1000000-characters",
    # issue 16: long names, and names that grow under Unicode normalisation
    "subject-with-a-part-of-50000-characters",
    "issuer-of-1-mb",
    "issuer-that-grows-under-nfkc",
    "issuer-bmpstring-that-grows-under-nfkc",
    "subject-that-grows-under-nfkc",
)
PAGE_BOUND_MS = 200

AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
BOUND_SECONDS = 2.0


def timed(data: bytes, trust) -> float:
    start = time.perf_counter()
    check(data, at=AT, lang="da", trust=trust)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-cli", dest="cli", action="store_false", help="leave out the subprocess cases")
    ap.add_argument("--worker", action="store_true", help="also the browser's worker and page (headless Chromium)")
    ap.add_argument("--site", type=Path, help="a built site to serve (default: build one)")
    args = ap.parse_args()
    pki = P.PKI.create()
    trust, plain = pki.trust(), pki.oces3().pem
    cases = {"plain certificate": plain, **{name: data for name, (data, _) in WORST_CASES.items()}}
    bundle = many_cas_then_leaf(pki, pki.oces3(), 700)  # about 1 MiB of different CA certificates
    cases["700 CAs, then the leaf"] = bundle[bundle.index(b"-----BEGIN", max(0, len(bundle) - MAX_BYTES)) :]
    ders = [der for _, _, der in unarmor(cases["700 CAs, then the leaf"], multiple=True)]
    cases["PKCS#7 of 700 CAs and the leaf"] = P.pkcs7_bundle(*ders)
    by_id = {c.id: c for c in CERTIFICATE_CASES}
    for id in SHAPES:
        cases[id] = by_id[id].make(pki)[0]
    cases.update(issue16_cases(pki))
    times: dict[str, list[float]] = {name: [] for name in cases}
    timed(plain, trust)  # warm up imports and caches
    for _ in range(args.rounds):
        for name, data in cases.items():
            times[name].append(timed(data, trust))
    over = table("checks.check, in process", cases, times)
    if args.cli:
        over += cli_cases(plain, WORST_CASES["begin-lines-without-end"][0], args.rounds)
        over += cli_cases_16(
            plain,
            {k: cases[k] for k in ("JSON nested to the size limit", "issuer-that-grows-under-nfkc", "issuer-of-1-mb")},
            args.rounds,
        )
    if args.worker:
        over += worker_cases(cases, args.rounds, args.site)
    if over:
        print(f"over {BOUND_SECONDS} s: {', '.join(over)}")
        return 1
    return 0


def table(title: str, cases: dict[str, bytes | int], times: dict[str, list[float]]) -> list[str]:
    """Prints one table; returns the cases over the bound."""
    base = statistics.median(times["plain certificate"])
    print(f"\n{title}\n{'input':40} {'size':>10} {'median ms':>10} {'× plain':>8}")
    over = []
    for name, data in cases.items():
        median = statistics.median(times[name])
        size = data if isinstance(data, int) else len(data)
        ratio = f"{median / base:>8.1f}" if base > 1e-5 else f"{'-':>8}"  # no ratio to a plain case of 0 ms
        print(f"{name:40} {size:>10} {median * 1000:>10.1f} {ratio}")
        if median > BOUND_SECONDS:
            over.append(name)
    return over


def cli_cases(plain: bytes, worst: bytes, rounds: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "plain certificate": Path(tmp, "plain.pem"),
            "worst case at 1 MiB": Path(tmp, "worst.pem"),
            "sparse 2 GiB file": Path(tmp, "big.bin"),
            "/dev/zero": Path("/dev/zero"),
        }
        files["plain certificate"].write_bytes(plain)
        files["worst case at 1 MiB"].write_bytes(worst)
        with open(files["sparse 2 GiB file"], "wb") as f:
            f.truncate(2 * 1024**3)
        times: dict[str, list[float]] = {name: [] for name in files}
        for _ in range(rounds):
            for name, path in files.items():
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "checks", "check", "--trust-dir", tmp, str(path)],
                    cwd=ROOT,
                    capture_output=True,
                    check=False,
                )
                times[name].append(time.perf_counter() - start)
        sizes = {
            name: (2 * 1024**3 if "2 GiB" in name else 0 if name == "/dev/zero" else path.stat().st_size)
            for name, path in files.items()
        }
        return table("python -m checks check, one process per file", sizes, times)


def issue16_cases(pki) -> dict[str, bytes]:
    """Issue 16's inputs that are no certificate shape (those are in SHAPES)."""
    import base64
    import json

    carrying = self_made_carrying(pki.oces3().pem)
    leaf_b64 = base64.b64encode(pki.oces3().der).decode()
    return {
        "JSON nested 8000 deep (16 KB)": b"[" * 8000 + b"]" * 8000,
        "JSON nested to the size limit": b"[" * (MAX_BYTES // 2) + b"]" * (MAX_BYTES // 2),
        "JSON of 100 levels holding the leaf": b"[" * 98 + json.dumps({"x5c": [leaf_b64]}).encode() + b"]" * 98,
        "DER certificate carrying PEM text": carrying,
        "hex dump of the leaf": pki.oces3().der.hex().encode(),
    }


def cli_cases_16(plain: bytes, worst: dict[str, bytes], rounds: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        files = {"plain certificate": Path(tmp, "plain.pem")}
        files["plain certificate"].write_bytes(plain)
        for i, (name, data) in enumerate(worst.items()):
            files[name] = Path(tmp, f"case{i}.bin")
            files[name].write_bytes(data)
        times: dict[str, list[float]] = {name: [] for name in files}
        for _ in range(rounds):
            for name, path in files.items():
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "checks", "check", "--trust-dir", tmp, str(path)],
                    cwd=ROOT,
                    capture_output=True,
                    check=False,
                )
                times[name].append(time.perf_counter() - start)
        return table(
            "python -m checks check, issue 16's worst cases", {n: p.stat().st_size for n, p in files.items()}, times
        )


def worker_cases(cases: dict[str, bytes], rounds: int, site: Path | None) -> list[str]:
    """Each case in the browser: the worker's answer time, and the page's longest task."""
    import base64

    from playwright.sync_api import sync_playwright
    from widget import CHECKER, CHROMIUM, CHROMIUM_ARGS, build_site, serve

    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            site = Path(tmp, "site")
            build_site(site)
        server, url = serve(site)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(f"{url}/checker/?at=2025-06-01T00:00:00Z")
                page.wait_for_function(
                    f"() => ['ready', 'done'].includes(document.querySelector(\"{CHECKER}\").dataset.state)",
                    timeout=180_000,
                )
                page.evaluate("""() => {
                    window.__longest = 0;
                    new PerformanceObserver((list) => {
                        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
                    }).observe({ type: "longtask", buffered: false });
                }""")
                worker: dict[str, list[float]] = {n: [] for n in cases}
                longest: dict[str, list[float]] = {n: [] for n in cases}
                for _ in range(rounds):
                    for name, data in cases.items():
                        b64 = base64.b64encode(data).decode()
                        worker[name].append(
                            page.evaluate(
                                """async (b64) => {
                            const c = await import(new URL("../assets/widgets/client.js", document.baseURI).href);
                            const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
                            window.__file = new File([bytes], "case.bin"); // for the page's turn below
                            // A fence: what the page still asked of the worker (the last file's downloads) is done.
                            await c.request({ type: "check", name: "fence", data: new Uint8Array([48]).buffer, at: "", lang: "da" });
                            const t0 = performance.now();
                            await c.request({ type: "check", name: "x", data: bytes.buffer, at: "2025-06-01T00:00:00Z", lang: "da" },
                                            [bytes.buffer]).catch(() => null);
                            return (performance.now() - t0) / 1000;
                        }""",
                                b64,
                            )
                        )
                        # The page's turn: the file (made above, in earlier tasks) chosen as a person
                        # would; only the tasks from the change event to the drawn result count.
                        before = int(page.locator(CHECKER).get_attribute("data-checks") or 0)
                        page.wait_for_timeout(500)  # earlier long tasks reported, then forgotten
                        page.evaluate("""() => {
                            window.__longest = 0;
                            const input = document.querySelector("[data-widget='cert-check'] input[type=file]");
                            const dt = new DataTransfer();
                            dt.items.add(window.__file);
                            input.files = dt.files;
                            setTimeout(() => input.dispatchEvent(new Event("change")), 0);
                        }""")
                        page.wait_for_function(
                            f'() => Number(document.querySelector("{CHECKER}").dataset.checks || 0) > {before}',
                            timeout=180_000,
                        )
                        page.wait_for_timeout(500)  # the files request, its redraw, and the observer's report
                        longest[name].append(page.evaluate("() => window.__longest") / 1000)
                browser.close()
        finally:
            server.shutdown()
    over = table("the browser's worker (request → answer, Chromium)", cases, worker)
    page_over = table(
        "the page's main thread (longest task while a result is drawn; 0 = no task over 50 ms)", cases, longest
    )
    over += [
        f"{n} (page, over {PAGE_BOUND_MS} ms)" for n in cases if statistics.median(longest[n]) * 1000 > PAGE_BOUND_MS
    ]
    return over + [n for n in page_over if n not in over]


if __name__ == "__main__":
    sys.exit(main())
