"""Honest loading (issue 15 item 5): progress in percent while the runtime arrives, what a
second visit saves, each tool's own ready text, and without JavaScript one sentence per
tool and no inputs that look alive."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from .helpers import BUILDER, CHECKER, wait_ready

ROOT = Path(__file__).resolve().parents[2]
TEXTS = tomllib.loads((ROOT / "macros/widgets.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_without_javascript_one_sentence_and_no_inputs(browser, site_url, lang, engine):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    prefix = "" if lang == "da" else "/en"
    for path, root, key in (("/checker/", CHECKER, "checker"), ("/message/", BUILDER, "message")):
        page.goto(f"{site_url}{prefix}{path}")
        widget = page.locator(root)
        assert widget.count() == 1
        # Only the title and the one sentence are shown.
        shown = widget.inner_text().strip().splitlines()
        shown = [line for line in shown if line.strip()]
        assert shown[-1] == TEXTS[key]["noscript"][lang], shown
        assert len(shown) == 2, shown
        visible = widget.locator("input, textarea, button, progress").evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).length"
        )
        assert visible == 0
    context.close()


# Watching the progress needs a script in the page before its own (an init script), which
# the WebKit driver cannot add (WebDriver classic): Chromium and Firefox only.
@pytest.mark.engine_area("pyodide-start")
@pytest.mark.engines("chromium", "firefox")
def test_progress_then_each_tool_its_own_ready_text(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("""
        window.__seen = [];
        new MutationObserver(() => {
          for (const el of document.querySelectorAll("[data-progress-text]")) window.__seen.push(el.textContent);
        }).observe(document, { subtree: true, childList: true, characterData: true });
    """)
    page.goto(f"{site_url}/checker/")
    wait_ready(page)
    seen = page.evaluate("() => window.__seen")
    js = TEXTS["js"]
    assert page.locator(f"{CHECKER} [data-progress-text]").inner_text() == js["stages"]["ready"]["da"]
    # While downloading: percent, and what the next visit saves.
    loading = [t for t in seen if re.search(r"\d+ % hentet\.", t)]
    assert loading, seen
    assert all(js["second_visit"]["da"] in t for t in loading)
    percents = [int(re.search(r"(\d+) % hentet", t).group(1)) for t in loading]
    assert percents == sorted(percents) and all(0 <= p <= 100 for p in percents)
    assert page.locator(f"{CHECKER} progress").get_attribute("max") == "100"
    page.goto(f"{site_url}/en/message/")
    wait_ready(page, BUILDER)
    assert page.locator(f"{BUILDER} [data-progress-text]").inner_text() == js["stages"]["ready_message"]["en"]
    context.close()
