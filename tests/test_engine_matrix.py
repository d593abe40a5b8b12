"""The engine matrix (tests/conftest.py): every browser test in Chromium in both languages;
in Firefox and WebKit the tests marked engine_area, in one language; and each area the
engines can differ in is tested in each engine by a test that is not an expected failure.
Read from a real collection of tests/browser in all three engines."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("chromium", "firefox", "webkit")


@pytest.fixture(scope="module")
def matrix(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("matrix") / "matrix.json"
    env = dict(os.environ, OCES_ENGINES=",".join(ENGINES))
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "tests/browser",
            f"--engine-matrix={out}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def uncovered(matrix: dict) -> dict[str, list[str]]:
    """Per engine, the areas no test covers there (expected failures do not count)."""
    covered = collections.defaultdict(set)
    for item in matrix["items"]:
        if not item["xfail"]:
            covered[item["engine"]].update(item["areas"])
    return {e: sorted(set(matrix["areas"]) - covered[e]) for e in ENGINES if set(matrix["areas"]) - covered[e]}


def test_every_area_is_tested_in_every_engine(matrix):
    assert len(matrix["areas"]) >= 12
    assert uncovered(matrix) == {}


def test_the_check_sees_an_area_left_out(matrix):
    # Firefox without its drop tests: the check names the area.
    cut = dict(matrix, items=[i for i in matrix["items"] if not (i["engine"] == "firefox" and "drop" in i["areas"])])
    assert uncovered(cut) == {"firefox": ["drop"]}
    # An expected failure is no test of its area.
    failing = [dict(i, xfail=i["xfail"] or "paste" in i["areas"]) for i in matrix["items"]]
    assert set(uncovered(dict(matrix, items=failing))) == set(ENGINES)


def _without_engine(item) -> str:
    """The node id with the engine's part of its parameters left out."""
    name, _, params = item["nodeid"].partition("[")
    return name + "[" + "-".join(p for p in params.rstrip("]").split("-") if p != item["engine"]) + "]"


def test_chromium_runs_all_in_both_languages_the_others_one(matrix):
    by_engine = collections.defaultdict(list)
    for item in matrix["items"]:
        by_engine[item["engine"]].append(item)
    assert set(by_engine) == set(ENGINES)
    chromium_langs = {i["lang"] for i in by_engine["chromium"]}
    assert chromium_langs == {None, "da", "en"}
    for engine in ("firefox", "webkit"):
        assert by_engine[engine], engine
        assert {i["lang"] for i in by_engine[engine]} <= {None, matrix["other_lang"]}, engine
        assert all(i["areas"] for i in by_engine[engine]), engine  # only what can differ
        # ... and each of those is a test Chromium runs too.
        chromium = {_without_engine(i) for i in by_engine["chromium"]}
        for i in by_engine[engine]:
            assert _without_engine(i) in chromium, i["nodeid"]
    # Far fewer tests outside Chromium: that is the point of the matrix.
    assert len(by_engine["firefox"]) < len(by_engine["chromium"]) / 2
