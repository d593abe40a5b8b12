"""Shared helpers for the widget tests: drive the checker and the message builder through
DESIGN.md's widget hooks, and ask the CLI for its report of the same files."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AT = "2024-01-01T00:00:00Z"  # fixed validation time: OCES3 certificates valid, OCES2 retired
TIMEOUT = 180_000  # ms: Pyodide's first start in WebKit on a loaded CI machine (50-60 s seen)

CHECKER = "[data-widget='cert-check']"
BUILDER = "[data-widget='registration-message']"


def lang_prefix(lang: str) -> str:
    return "" if lang == "da" else f"/{lang}"


def open_checker(page, site_url: str, lang: str = "da", at: str | None = None):
    """Opens the checker page and collects its reports. With `at`, the validation time
    is fixed by the page address (?at=); without, set it per check (`check_file(at=)`)."""
    page.goto(f"{site_url}{lang_prefix(lang)}/checker/" + (f"?at={at}" if at else ""))
    page.evaluate("""() => {
        window.__reports = [];
        document.querySelector("[data-widget='cert-check']")
          .addEventListener("oces-report", (e) => window.__reports.push(e.detail));
    }""")
    return page.locator(CHECKER)


def wait_ready(page, selector: str = CHECKER):
    page.wait_for_function(
        f"""() => ["ready", "done"].includes(document.querySelector("{selector}").dataset.state)""", timeout=TIMEOUT
    )


def check_file(page, path: Path | dict, at: str = AT) -> dict:
    """Chooses one file in the checker (validation time `at`, through the root's data-at);
    waits for its result; returns the JSON report."""
    root = page.locator(CHECKER)
    root.evaluate("(el, at) => { el.dataset.at = at; }", at)
    before = int(root.get_attribute("data-checks") or 0)
    page.set_input_files(f"{CHECKER} input[type=file]", path if isinstance(path, dict) else str(path))
    page.wait_for_function(
        f"""() => Number(document.querySelector("{CHECKER}").dataset.checks || 0) > {before}""", timeout=TIMEOUT
    )
    assert root.get_attribute("data-state") == "done"
    return page.evaluate("() => window.__reports[window.__reports.length - 1]")


def field(page, name: str, scope: str = CHECKER):
    return page.locator(f"{scope} [data-field='{name}']")


def codes(page, scope: str = CHECKER) -> list[str]:
    return page.locator(f"{scope} [data-findings] [data-code]").evaluate_all("els => els.map(e => e.dataset.code)")


def clipboard_text(page) -> str:
    """What is on the clipboard: read by the page where the engine allows it (Chromium
    with the permission granted, Firefox by its testing switch), pasted in WebKit."""
    reader = getattr(page, "clipboard_text", None)
    return reader() if reader else page.evaluate("() => navigator.clipboard.readText()")


def forget_session(context) -> None:
    """A context that is sent damaged files: in WebKit its session is ended after it, not
    reused (support.engines.WebKitContext.forget_session); Chromium's and Firefox's contexts keep
    their caches to themselves."""
    forget = getattr(context, "forget_session", None)
    if forget:
        forget()


def wait_clipboard(page, expected: str, timeout: float = 10) -> None:
    """Until the clipboard holds `expected` (copying is asynchronous)."""
    deadline = time.monotonic() + timeout
    while (text := clipboard_text(page)) != expected:
        assert time.monotonic() < deadline, f"the clipboard holds {text[:200]!r}, not {expected[:200]!r}"
        time.sleep(0.1)


def cli_reports(files: list[Path], trust_dir: Path, lang: str = "da", at: str = AT) -> list[dict]:
    """`python -m checks check --json` for the files, as the CLI prints it."""
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "checks",
            "check",
            "--json",
            "--lang",
            lang,
            "--at",
            at,
            "--trust-dir",
            str(trust_dir),
            *map(str, files),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert res.returncode in (0, 1), res.stderr
    return json.loads(res.stdout)


@contextlib.contextmanager
def checker_session(browser, site_url: str, lang: str, clipboard: bool = False, **context_options):
    """A checker page in a context of its own, ready (Pyodide started), for a module's tests;
    fails at the end if the page raised an error meanwhile."""
    context = browser.new_context(**context_options)
    if clipboard:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_checker(page, site_url, lang)
    wait_ready(page)
    page.lang = lang
    yield page
    context.close()
    assert not errors, errors
