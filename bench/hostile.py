"""Benchmark and timing guard: hostile inputs at the 1 MiB limit, side by side with a plain certificate.

Run from the repository root:

    .venv/bin/python bench/hostile.py [--rounds R]

Each round checks a plain synthetic OCES3 certificate and then every worst case of
tests/test_hostile_input.py (BEGIN lines without END, markers on one line, escaped and
quoted PEM, XML and JSON at the size limit, …) and a 1 MiB bundle of different CA
certificates with the leaf last, with `checks.check`, alternating so that
load on the machine hits all alike. Prints the median time of each and its ratio to the
plain certificate, and exits 1 when a case's median exceeds the issue's bound of 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from checks import check  # noqa: E402
from checks.load import MAX_BYTES  # noqa: E402
from tests import pki as P  # noqa: E402
from tests.test_hostile_input import WORST_CASES, many_cas_then_leaf  # noqa: E402  (the tests' generators)

AT = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
BOUND_SECONDS = 2.0


def timed(data: bytes, trust) -> float:
    start = time.perf_counter()
    check(data, at=AT, lang="da", trust=trust)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    pki = P.PKI.create()
    trust, plain = pki.trust(), pki.oces3().pem
    cases = {"plain certificate": plain, **{name: data for name, (data, _) in WORST_CASES.items()}}
    bundle = many_cas_then_leaf(pki, pki.oces3(), 700)  # about 1 MiB of different CA certificates
    cases["700 CAs, then the leaf"] = bundle[bundle.index(b"-----BEGIN", max(0, len(bundle) - MAX_BYTES)):]
    times: dict[str, list[float]] = {name: [] for name in cases}
    timed(plain, trust)  # warm up imports and caches
    for _ in range(args.rounds):
        for name, data in cases.items():
            times[name].append(timed(data, trust))
    base = statistics.median(times["plain certificate"])
    print(f"{'input':32} {'size':>9} {'median ms':>10} {'× plain':>8}")
    over = []
    for name, data in cases.items():
        median = statistics.median(times[name])
        print(f"{name:32} {len(data):>9} {median * 1000:>10.1f} {median / base:>8.1f}")
        if median > BOUND_SECONDS:
            over.append(name)
    if over:
        print(f"over {BOUND_SECONDS} s: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
