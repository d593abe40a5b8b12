"""The checker's start from the build's memory snapshot (issue 18): used when it is there
and intact, refused when it is damaged (the full start then, and the page still works),
and the worker's answers the same either way."""

from __future__ import annotations

import json
import re

import pytest

from .helpers import AT, CHECKER, check_file, forget_session, open_checker, wait_ready
from .test_checker import CASES, _generated

SNAPSHOT = "/assets/pyodide/snapshot-*.bin"


def _start_data(built_site) -> dict:
    text = (built_site / "assets/widgets/worker.js").read_text()
    return json.loads(re.search(r"const START = (\{.*?\});\n", text).group(1))


def _inputs(shared, with_corpus: bool) -> list:
    """The golden cases of the checker's tests, and (with_corpus) every corpus file."""
    corpus = shared / "corpus"
    items = []
    for name, source, at, *_ in CASES:
        if (corpus / source).is_file():
            items.append((name, corpus / source, at))
        else:
            items.append((name, _generated(source), at))
    for p in sorted(corpus.rglob("*")) if with_corpus else ():
        if p.is_file() and p.name not in ("README.md", "manifest.json"):
            items.append((str(p.relative_to(corpus)), p, AT))
    return items


def _reports(page, items) -> dict:
    return {name: check_file(page, source, at=at) for name, source, at in items}


def _start(page, site_server) -> tuple[str, list[str]]:
    mark = len(site_server.requests)
    open_checker(page, site_server.url)
    wait_ready(page)
    # Not the service worker's: registered once the checker is ready, it copies every
    # runtime file into its cache, the wheels too, and may have begun before the page's
    # state says ready (seen in Firefox). Its requests name sw.js as their referrer.
    paths = [r.path for r in site_server.requests[mark:] if not _referrer(r).endswith("/sw.js")]
    return page.locator(CHECKER).get_attribute("data-start"), paths


def _referrer(request) -> str:
    return next((v for k, v in request.headers.items() if k.lower() == "referer"), "").split("?")[0]


def test_the_build_names_the_snapshot_by_its_hash(built_site):
    start = _start_data(built_site)
    name = start["snapshot"]["file"]
    assert re.fullmatch(r"snapshot-[0-9a-f]{16}\.bin", name)
    snapshot = built_site / "assets/pyodide" / name
    assert snapshot.stat().st_size == start["sizes"][name] > 1_000_000
    # The service worker pins it like every runtime file.
    assert f'"assets/pyodide/{name}": "{start["snapshot"]["integrity"]}"' in (built_site / "sw.js").read_text()


@pytest.mark.engine_area("pyodide-start", "webcrypto")
def test_snapshot_and_full_start_answer_alike(browser, engine, site_server, shared):
    # Both starts run the same wasm: the whole corpus once (Chromium); in the other engines
    # the golden cases, enough to see each start and its answers there.
    items = _inputs(shared, with_corpus=engine == "chromium")
    assert len(items) >= 10
    answers = {}
    for mode in ("snapshot", "damaged"):
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        if mode == "damaged":  # one byte flipped on its way: its digest no longer matches
            site_server.tamper.add(SNAPSHOT)
            forget_session(context)  # what it was sent stays out of later tests
        try:
            how, paths = _start(page, site_server)
        finally:
            site_server.tamper.clear()
        if mode == "snapshot":
            assert how == "snapshot"
            # Started from memory: the wheels and the anchors were not needed.
            assert any(re.search(r"/snapshot-[0-9a-f]{16}\.bin$", p) for p in paths), paths
            assert not [p for p in paths if p.endswith(".whl")], paths
        else:
            assert how == "full"
            assert any(p.endswith(".whl") for p in paths), paths
        answers[mode] = _reports(page, items)
        context.close()
        if mode == "damaged":  # the engine's own report of the refused snapshot (Firefox logs one)
            errors = [e for e in errors if not re.search(r"/snapshot-[0-9a-f]{16}\.bin", e)]
        assert not errors, errors
    assert len(answers["snapshot"]) == len(items)
    for name in answers["snapshot"]:
        a, b = answers["snapshot"][name], answers["damaged"][name]
        assert a == b, name
