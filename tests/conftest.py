"""Fixtures shared by every test: where ../shared is, the built site, a local server, a browser.

Tests that need ../shared use the `shared` fixture: they run whenever the folder exists
(it does in CI) and skip only where it is absent.
"""

from __future__ import annotations

import fcntl
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from support.engines import CHROMIUM, CHROMIUM_ARGS
from support.paths import ROOT, SHARED
from support.site_server import SiteServer, serve

BROWSER_TESTS = ROOT / "tests" / "browser"
ENGINES = ("chromium", "firefox", "webkit")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not here (outside this workplace)")
    return SHARED


@pytest.fixture(scope="session")
def trust_dir(shared) -> Path:
    return shared / "trust"


@pytest.fixture(scope="session")
def trust(trust_dir):
    from checks.trust import TrustStore

    return TrustStore.from_directory(trust_dir)


def _build_site(out: Path, trust_dir: Path) -> None:
    env = dict(os.environ, OCES_TRUST_DIR=str(trust_dir))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, trust_dir) -> Path:
    """The whole site, built once per test run with a strict build. Under pytest-xdist each
    worker is a session of its own: the first to get here builds into the run's shared
    temporary folder, the others wait on the lock and use the same site (tests only read it)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        out = tmp_path_factory.mktemp("site")
        _build_site(out, trust_dir)
        return out
    run_dir = tmp_path_factory.getbasetemp().parent  # pytest-N/, shared by this run's workers
    out, done = run_dir / "site", run_dir / "site.built"
    with open(run_dir / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)  # a build that failed half-way
            _build_site(out, trust_dir)
            done.touch()
    return out


@pytest.fixture(scope="session")
def site_server(built_site) -> SiteServer:
    server = serve(built_site)
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(site_server) -> str:
    return site_server.url


# --- browsers: the engine matrix ------------------------------------------------------
#
# Every behaviour test under tests/browser/ runs in Chromium, in both languages. Firefox and
# WebKit run only the tests marked `engine_area(...)`: those whose outcome can differ by
# engine, named by what differs. There they run in one language (OTHER_ENGINES_LANG): the
# texts come from the same data in every engine, what differs is the engine's own part.

ENGINE_AREAS = {
    "webcrypto": "signatures verified by the engine's crypto.subtle",
    "file-input": "files chosen through <input type=file>, one or several",
    "drop": "files dropped (DataTransfer, DragEvent)",
    "paste": "certificate text pasted in",
    "clipboard": "navigator.clipboard written from a click",
    "downloads": "Blob downloads through <a download>, their names and bytes",
    "service-worker": "the runtime cached and served by the service worker",
    "csp": "the Content-Security-Policy (meta and header), its reports, workers under it",
    "keyboard": "Tab order and keys",
    "intl-dates": "dates in words (Intl.DateTimeFormat, da-DK and en-GB)",
    "storage": "sessionStorage, localStorage, back/forward cache",
    "focus": "where focus goes",
    "scrolling": "what scrolls into view, below the sticky header; nothing scrolls sideways",
    "layout": "CSS the engines may read differently (generated content, stacking at 390 px)",
    "pyodide-start": "Pyodide's start in a module worker: snapshot, digests, progress, compressed runtime",
    "worker": "the checker's worker: a full run of the corpus, a hung worker replaced",
}
OTHER_ENGINES_LANG = "da"  # the site's first language; Intl's da-DK is where engines differ most


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        action="append",
        choices=ENGINES,
        help="browser engine(s) for tests/browser (default: $OCES_ENGINES, else all three)",
    )
    parser.addoption(
        "--engine-matrix",
        metavar="PATH",
        help="write the collected browser tests (engine, language, areas, xfail) to PATH as JSON",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "engine_area(*areas): the outcome can differ by engine (areas: conftest.ENGINE_AREAS);"
        " the test also runs in Firefox and WebKit, in one language",
    )
    config.addinivalue_line(
        "markers", "engines(*names): of the engines an engine_area test would run in, only these (what one cannot do)"
    )
    config.addinivalue_line("markers", "engine_not_chosen: deselected, its engine was not asked for (--engine)")
    config.addinivalue_line("markers", "engine_other_lang: deselected, Firefox and WebKit run one language")
    # pytest-xdist's own marker, named here too for runs without xdist (OCES_WORKERS=0).
    config.addinivalue_line("markers", "xdist_group(name): tests a pytest-xdist worker runs together")


def default_engines() -> list[str]:
    """All three unless OCES_ENGINES names fewer (e.g. "chromium"); nothing is skipped,
    the tests of an engine not chosen are deselected."""
    names = [n.strip() for n in os.environ.get("OCES_ENGINES", ",".join(ENGINES)).split(",") if n.strip()]
    unknown = [n for n in names if n not in ENGINES]
    if unknown:
        raise pytest.UsageError(f"OCES_ENGINES: unknown engine(s) {unknown}; choose from {list(ENGINES)}")
    return names


def engines_of(definition) -> tuple[str, ...]:
    """The engines a browser test runs in: Chromium; with `engine_area`, all three, less
    what an `engines(...)` marker leaves out."""
    where = definition.nodeid
    areas = [a for m in definition.iter_markers("engine_area") for a in m.args]
    unknown = sorted(set(areas) - set(ENGINE_AREAS))
    if unknown:
        raise pytest.UsageError(f"{where}: unknown engine_area {unknown}; choose from {sorted(ENGINE_AREAS)}")
    if any(m.args == () for m in definition.iter_markers("engine_area")):
        raise pytest.UsageError(f"{where}: engine_area() names no area")
    marker = definition.get_closest_marker("engines")
    if not areas:
        if marker and set(marker.args) != {"chromium"}:
            raise pytest.UsageError(f"{where}: engines{marker.args} without engine_area: name what differs")
        return ("chromium",)
    allowed = marker.args if marker else ENGINES
    return tuple(e for e in ENGINES if e in allowed)


def pytest_generate_tests(metafunc):
    if "engine" not in metafunc.fixturenames:
        return
    if BROWSER_TESTS not in Path(str(metafunc.definition.path)).parents:
        return  # site tests and the like: Chromium, unparametrized
    chosen = metafunc.config.getoption("engine") or default_engines()
    # An engine not chosen gives a test that is deselected (not a skip that looks like one).
    params = [
        e if e in chosen else pytest.param(e, marks=pytest.mark.engine_not_chosen)
        for e in engines_of(metafunc.definition)
    ]
    metafunc.parametrize("engine", params, indirect=True, scope="session")


def _exceptions() -> list[dict]:
    with open(BROWSER_TESTS / "engine_exceptions.toml", "rb") as f:
        return tomllib.load(f).get("exception", [])


def _param(item, name):
    callspec = getattr(item, "callspec", None)
    return callspec.params.get(name) if callspec else None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups set here
def pytest_collection_modifyitems(config, items):
    """Engines not chosen are deselected, and in Firefox and WebKit the other language;
    what an engine cannot do, from engine_exceptions.toml, is a strict xfail with its
    reason (the test runs, must fail, and turns red the day it passes). Under pytest-xdist
    (`--dist loadgroup`, as scripts/test runs) a test file's tests in one engine stay on one
    worker, so that its module fixtures (a checker page with Pyodide started) are made once."""
    for item in items:
        engine, lang = _param(item, "engine"), _param(item, "lang")
        if engine not in (None, "chromium") and lang not in (None, OTHER_ENGINES_LANG):
            item.add_marker(pytest.mark.engine_other_lang)
    deselected = [
        i for i in items if i.get_closest_marker("engine_not_chosen") or i.get_closest_marker("engine_other_lang")
    ]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        chosen = set(map(id, deselected))
        items[:] = [i for i in items if id(i) not in chosen]
    rules = _exceptions()
    for item in items:
        engine = _param(item, "engine")
        nodeid = item.nodeid.replace("\\", "/")
        group = nodeid.split("::")[0]
        if engine:
            group += f"-{engine}"
            for rule in rules:
                if rule["engine"] == engine and fnmatch.fnmatchcase(nodeid, rule["test"]):
                    item.add_marker(pytest.mark.xfail(strict=True, reason=f"{engine}: {rule['reason']}"))
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_collection_finish(session):
    """--engine-matrix: what runs where, for tests/test_engine_matrix.py."""
    path = session.config.getoption("engine_matrix")
    if not path:
        return
    rows = [
        {
            "nodeid": item.nodeid,
            "engine": _param(item, "engine"),
            "lang": _param(item, "lang"),
            "areas": sorted({a for m in item.iter_markers("engine_area") for a in m.args}),
            "xfail": item.get_closest_marker("xfail") is not None,
        }
        for item in session.items
        if _param(item, "engine")
    ]
    matrix = {"areas": sorted(ENGINE_AREAS), "other_lang": OTHER_ENGINES_LANG, "items": rows}
    Path(path).write_text(json.dumps(matrix, indent=1), encoding="utf-8")


@pytest.fixture(scope="session")
def engine(request) -> str:
    return getattr(request, "param", "chromium")


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(engine, request):
    """Chromium is Playwright's own browser; Firefox and WebKit are support/engines.py's,
    which offer the part of Playwright's API the tests use."""
    if engine == "chromium":
        if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
            pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/bootstrap")
        b = request.getfixturevalue("playwright_instance").chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    else:
        from support.engines import launch

        b = launch(engine)
    yield b
    b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()
