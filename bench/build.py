#!/usr/bin/env python3
"""Build benchmark: the full bilingual site build beside a plain Material build of the
same Markdown, printed as a ratio.

full:  `mkdocs build --strict` with this repository's mkdocs.yml (i18n: Danish and
       English, macros, search, hooks: CSP, /go/ pages, the Pyodide bundle).
plain: the same docs/ folder, theme and Markdown extensions, with no plugins and no
       hooks (macros are left as text; both languages' Markdown are built once each,
       as ordinary pages).

The two builds alternate, each in a fresh process (as a person runs them), several
repetitions; the medians are compared.

    .venv/bin/python bench/build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from support.paths import ROOT, SHARED


def _load_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def plain_config(tmp: Path) -> Path:
    conf = _load_config()
    plain = {
        "site_name": conf["site_name"],
        "docs_dir": str(ROOT / "docs"),
        "exclude_docs": conf.get("exclude_docs", ""),
        "theme": {"name": "material", "language": "da", "font": False, "features": conf["theme"].get("features", [])},
        "markdown_extensions": conf.get("markdown_extensions", []),
        "plugins": [],
        "extra_css": conf.get("extra_css", []),
        "extra_javascript": conf.get("extra_javascript", []),
    }
    path = tmp / "mkdocs-plain.yml"
    path.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    return path


def run(config: Path, site: Path, strict: bool) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    trust = SHARED / "trust"
    if "OCES_TRUST_DIR" not in env and trust.is_dir():
        env["OCES_TRUST_DIR"] = str(trust)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build failed ({config.name}):\n{proc.stderr[-3000:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="repetitions of each build (default 5)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp_name:
        tmp = Path(tmp_name)
        plain = plain_config(tmp)
        full_cfg = ROOT / "mkdocs.yml"
        # one warm-up of each (file cache, .pyc), not counted
        run(full_cfg, tmp / "full", True)
        run(plain, tmp / "plain", False)
        full, bare = [], []
        for i in range(args.runs):
            # alternate the order so drift hits both equally
            if i % 2 == 0:
                full.append(run(full_cfg, tmp / "full", True))
                bare.append(run(plain, tmp / "plain", False))
            else:
                bare.append(run(plain, tmp / "plain", False))
                full.append(run(full_cfg, tmp / "full", True))
        pages_full = sum(1 for _ in (tmp / "full").rglob("index.html"))
        pages_plain = sum(1 for _ in (tmp / "plain").rglob("index.html"))
    mf, mp = statistics.median(full), statistics.median(bare)
    print(
        f"full build (da+en, macros, i18n, search, hooks): median {mf:.2f} s over {args.runs} runs "
        f"[{', '.join(f'{t:.2f}' for t in full)}], {pages_full} index.html files"
    )
    print(
        f"plain Material build of the same Markdown:       median {mp:.2f} s over {args.runs} runs "
        f"[{', '.join(f'{t:.2f}' for t in bare)}], {pages_plain} index.html files"
    )
    print(f"ratio full/plain: {mf / mp:.2f}")


if __name__ == "__main__":
    main()
