"""Benchmark and timing guard: hostile inputs at the 1 MiB limit, side by side with a plain certificate.

Run from the repository root:

    .venv/bin/python bench/hostile.py [--rounds R]

Each round checks a plain synthetic OCES3 certificate and then every worst case of
tests/test_hostile_input.py (BEGIN lines without END, markers on one line, escaped and
quoted PEM, XML and JSON at the size limit, …), a 1 MiB bundle of different CA
certificates with the leaf last (PEM and PKCS#7) and the certificates of sizes no real one
has (SHAPES: tens of thousands of name parts, extensions, …), with `checks.check`, alternating so that
load on the machine hits all alike. Then, unless --no-cli, `python -m checks check` as a
subprocess on /dev/zero, a sparse 2 GiB file and the 1 MiB worst case, beside the same
command on the plain certificate. Prints the median time of each and its ratio to the
plain certificate, and exits 1 when a case's median exceeds the issue's bound of 2 s.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from asn1crypto.pem import unarmor  # noqa: E402

from checks import check  # noqa: E402
from checks.load import MAX_BYTES  # noqa: E402
from tests import pki as P  # noqa: E402
from tests.test_hostile_certificates import CASES as CERTIFICATE_CASES  # noqa: E402
from tests.test_hostile_input import WORST_CASES, many_cas_then_leaf  # noqa: E402  (the tests' generators)

# Certificates of sizes no real one has, and those at the bounds (tests/test_hostile_certificates.py).
SHAPES = ("issuer-of-100-name-parts", "issuer-of-20000-name-parts", "issuer-of-the-most-name-parts-in-1-mib",
          "issuer-of-one-part-of-30000-attributes", "subject-of-20000-name-parts", "1000-alternative-names",
          "40000-alternative-names", "40000-extensions", "40000-policies", "extension-nested-50000-deep",
          "subject-with-a-value-of-1000000-characters")

AT = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
BOUND_SECONDS = 2.0


def timed(data: bytes, trust) -> float:
    start = time.perf_counter()
    check(data, at=AT, lang="da", trust=trust)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-cli", dest="cli", action="store_false", help="leave out the subprocess cases")
    args = ap.parse_args()
    pki = P.PKI.create()
    trust, plain = pki.trust(), pki.oces3().pem
    cases = {"plain certificate": plain, **{name: data for name, (data, _) in WORST_CASES.items()}}
    bundle = many_cas_then_leaf(pki, pki.oces3(), 700)  # about 1 MiB of different CA certificates
    cases["700 CAs, then the leaf"] = bundle[bundle.index(b"-----BEGIN", max(0, len(bundle) - MAX_BYTES)):]
    ders = [der for _, _, der in unarmor(cases["700 CAs, then the leaf"], multiple=True)]
    cases["PKCS#7 of 700 CAs and the leaf"] = P.pkcs7_bundle(*ders)
    by_id = {c.id: c for c in CERTIFICATE_CASES}
    for id in SHAPES:
        cases[id] = by_id[id].make(pki)[0]
    times: dict[str, list[float]] = {name: [] for name in cases}
    timed(plain, trust)  # warm up imports and caches
    for _ in range(args.rounds):
        for name, data in cases.items():
            times[name].append(timed(data, trust))
    over = table("checks.check, in process", cases, times)
    if args.cli:
        over += cli_cases(plain, WORST_CASES["begin-lines-without-end"][0], args.rounds)
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
        print(f"{name:40} {size:>10} {median * 1000:>10.1f} {median / base:>8.1f}")
        if median > BOUND_SECONDS:
            over.append(name)
    return over


def cli_cases(plain: bytes, worst: bytes, rounds: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        files = {"plain certificate": Path(tmp, "plain.pem"), "worst case at 1 MiB": Path(tmp, "worst.pem"),
                 "sparse 2 GiB file": Path(tmp, "big.bin"), "/dev/zero": Path("/dev/zero")}
        files["plain certificate"].write_bytes(plain)
        files["worst case at 1 MiB"].write_bytes(worst)
        with open(files["sparse 2 GiB file"], "wb") as f:
            f.truncate(2 * 1024 ** 3)
        times: dict[str, list[float]] = {name: [] for name in files}
        for _ in range(rounds):
            for name, path in files.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "checks", "check", "--trust-dir", tmp, str(path)],
                               cwd=ROOT, capture_output=True, check=False)
                times[name].append(time.perf_counter() - start)
        sizes = {name: (2 * 1024 ** 3 if "2 GiB" in name else 0 if name == "/dev/zero" else path.stat().st_size)
                 for name, path in files.items()}
        return table("python -m checks check, one process per file", sizes, times)


if __name__ == "__main__":
    sys.exit(main())
