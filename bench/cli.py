"""Benchmark: certificates checked per second by `checks`, side by side with `openssl verify`.

Run from the repository root:

    .venv/bin/python bench/cli.py [--rounds R] [--repeat N] [--openssl-repeat M] [--no-cli]

Over every certificate file of the corpus (../shared/corpus, PKCS#12 left out because
`openssl verify` cannot read it), each validated at one second after its leaf's
notBefore (so validity does not decide):

- `checks.check` in-process, the whole corpus repeated N times per round;
- `openssl verify`, one process per certificate (as a script or a support person would
  run it), with `-CAfile` holding the trust roots, `-untrusted` the issuing CAs and the
  file's own extra certificates, and `-attime` the same validation time;
- both alternated over several rounds (load on the machine hits both alike), printed side
  by side with the median ratio, plus the chain verdicts of both (they must agree);
- and, unless --no-cli, `python -m checks check --json` as one subprocess per file;
- the process ratio (issue 18, goal <= 3x): `python -m checks check one.pem` beside
  `python -c pass`, alternated one by one (--process-runs pairs), medians compared.
  `--process-only` prints only that.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from asn1crypto import pem as apem
from asn1crypto import x509

from checks import TrustStore, check
from checks.load import load
from support.paths import ROOT, SHARED

ONE = Path("oces3-test") / "nemlogin-lookupservices-testwsc.pem"


def process_ratio(shared: Path, runs: int) -> tuple[float, float, float]:
    """Median wall time of `python -m checks check one.pem` and of `python -c pass`, run
    alternately (load on the machine hits both alike), and their ratio."""
    env = dict(os.environ, OCES_TRUST_DIR=str(shared / "trust"))
    one = [sys.executable, "-m", "checks", "check", str(shared / "corpus" / ONE)]
    bare = [sys.executable, "-c", "pass"]
    times = {0: [], 1: []}
    for i in range(runs + 1):
        for k, cmd in ((0, one), (1, bare)) if i % 2 == 0 else ((1, bare), (0, one)):
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
            if i:  # the first pair warms the file cache
                times[k].append(time.perf_counter() - start)
    a, b = statistics.median(times[0]), statistics.median(times[1])
    return a, b, a / b


def print_process_ratio(shared: Path, runs: int) -> None:
    a, b, r = process_ratio(shared, runs)
    print(
        f"python -m checks check {ONE.name}: median {a * 1000:.0f} ms; python -c pass: median {b * 1000:.0f} ms "
        f"({runs} alternating pairs, load average {os.getloadavg()[0]:.1f})"
    )
    print(f"process ratio checks / bare python  {r:9.2f}x  (goal <= 3x)")


def corpus_items(corpus: Path) -> list[dict]:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    items = []
    for entry in manifest:
        if entry["format"] == "pkcs12":
            continue
        data = (corpus / entry["file"]).read_bytes()
        loaded = load(data)
        if not loaded.certificates:
            raise SystemExit(f"checks could not read {entry['file']}: {[f.code for f in loaded.findings]}")
        leaf, *extra = loaded.certificates
        at = dt.datetime.fromisoformat(entry["not_before"]) + dt.timedelta(seconds=1)
        items.append(
            {
                "file": entry["file"],
                "path": corpus / entry["file"],
                "data": data,
                "leaf": leaf,
                "extra": extra,
                "at": at,
            }
        )
    return items


def pem_of(certs: list[x509.Certificate]) -> bytes:
    return b"".join(apem.armor("CERTIFICATE", c.dump()) for c in certs)


def prepare_openssl(items: list[dict], trust: TrustStore, work: Path) -> None:
    """Write each leaf as PEM and its untrusted pool; the CA file of the trust roots."""
    (work / "roots.pem").write_bytes(pem_of([a.cert for a in trust.roots]))
    issuing = [a.cert for a in trust.anchors if a.role != "root"]
    for i, item in enumerate(items):
        leaf = work / f"{i}-leaf.pem"
        pool = work / f"{i}-untrusted.pem"
        leaf.write_bytes(pem_of([item["leaf"]]))
        pool.write_bytes(pem_of(issuing + item["extra"]))
        item["openssl"] = [
            "openssl",
            "verify",
            "-CAfile",
            str(work / "roots.pem"),
            "-untrusted",
            str(pool),
            "-attime",
            str(int(item["at"].timestamp())),
            str(leaf),
        ]


def run_openssl(item: dict) -> bool:
    done = subprocess.run(item["openssl"], capture_output=True, text=True)
    return done.returncode == 0


def timed(fn, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return time.perf_counter() - start


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the corpus for checks per round (default 5)")
    ap.add_argument("--openssl-repeat", type=int, default=1, help="passes for openssl verify per round (default 1)")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI-as-subprocess line")
    ap.add_argument("--process-runs", type=int, default=20, help="pairs for the process ratio (default 20)")
    ap.add_argument("--process-only", action="store_true", help="print only the process ratio")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default ../shared)")
    args = ap.parse_args(argv)

    corpus, trust_dir = args.shared / "corpus", args.shared / "trust"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    if args.process_only:
        print_process_ratio(args.shared, args.process_runs)
        return 0
    trust = TrustStore.from_directory(trust_dir)
    items = corpus_items(corpus)
    n = len(items)

    # verdicts of both (also warms caches and imports before timing)
    ours = {it["file"]: check(it["data"], at=it["at"], lang="en", trust=trust)["chain"]["trusted"] for it in items}
    with tempfile.TemporaryDirectory() as tmp:
        prepare_openssl(items, trust, Path(tmp))
        theirs = {it["file"]: run_openssl(it) for it in items}

        def checks_pass():
            for it in items:
                check(it["data"], at=it["at"], lang="en", trust=trust)

        def openssl_pass():
            for it in items:
                run_openssl(it)

        # for scale: all certificates in one openssl process (no per-certificate time, so -no_check_time)
        batch = [
            "openssl",
            "verify",
            "-no_check_time",
            "-CAfile",
            str(Path(tmp) / "roots.pem"),
            "-untrusted",
            str(Path(tmp) / "all-untrusted.pem"),
        ] + [it["openssl"][-1] for it in items]
        (Path(tmp) / "all-untrusted.pem").write_bytes(b"".join(Path(it["openssl"][5]).read_bytes() for it in items))

        def openssl_batch():
            subprocess.run(batch, capture_output=True)

        # alternate the two, round by round, so that load on the machine hits both alike;
        # report the median round
        rounds = []
        for _ in range(args.rounds):
            t_c = timed(checks_pass, args.repeat)
            t_o = timed(openssl_pass, args.openssl_repeat)
            rounds.append((n * args.repeat / t_c, n * args.openssl_repeat / t_o))
        t_batch = timed(openssl_batch, args.openssl_repeat)

        t_cli = None
        if not args.no_cli:
            env = dict(os.environ, OCES_TRUST_DIR=str(trust_dir))

            def cli_pass():
                for it in items:
                    subprocess.run(
                        [
                            sys.executable,
                            "-m",
                            "checks",
                            "check",
                            "--json",
                            "--at",
                            it["at"].isoformat(),
                            str(it["path"]),
                        ],
                        cwd=ROOT,
                        env=env,
                        capture_output=True,
                        check=False,
                    )

            t_cli = timed(cli_pass, 1)

    ratios = sorted(c / o for c, o in rounds)
    ratio = statistics.median(ratios)
    rate_checks = statistics.median(c for c, _ in rounds)
    rate_openssl = statistics.median(o for _, o in rounds)
    agree = sum(ours[f] == theirs[f] for f in ours)
    print(f"corpus: {n} certificate files from {corpus} (PKCS#12 left out), each at notBefore + 1 s")
    print(f"{args.rounds} alternating rounds; each: checks {args.repeat} passes, openssl {args.openssl_repeat} passes")
    print(f"checks.check, in-process         {rate_checks:9.1f} certificates/s  (median)")
    print(f"openssl verify, 1 process each    {rate_openssl:9.1f} certificates/s  (median)")
    print(f"ratio checks / openssl verify     {ratio:9.2f}x  (median; rounds {ratios[0]:.2f}x to {ratios[-1]:.2f}x)")
    print(
        f"(for scale: openssl verify, all {n} in one process, -no_check_time: "
        f"{n * args.openssl_repeat / t_batch:.1f} certificates/s)"
    )
    if t_cli is not None:
        print(
            f"python -m checks, 1 process each  {n / t_cli:9.1f} certificates/s  (1 pass, {t_cli:.2f} s)"
            f"  ratio to openssl {n / t_cli / rate_openssl:.2f}x"
        )
    print_process_ratio(args.shared, args.process_runs)
    print(f"chain verdicts agree (checks trusted == openssl OK): {agree}/{n}")
    for f in sorted(f for f in ours if ours[f] != theirs[f]):
        print(f"  differs: {f}: checks trusted={ours[f]}, openssl OK={theirs[f]}")
    return 0 if agree == n else 1


if __name__ == "__main__":
    sys.exit(main())
