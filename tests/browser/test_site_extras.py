"""Issue 15, item 7 in the browser: copy buttons under the flows' commands copy the command
unchanged; search lists the page's language first."""

from __future__ import annotations

import pytest

from .helpers import lang_prefix, wait_clipboard


@pytest.fixture()
def clip_page(browser):
    context = browser.new_context()
    if hasattr(context, "grant_permissions"):
        context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    yield pg
    context.close()


@pytest.mark.engine_area("clipboard")
def test_copy_buttons_copy_the_command_unchanged(clip_page, site_url):
    from macros import data

    page = clip_page
    page.goto(f"{site_url}/oces3/export/")
    buttons = page.locator("button.copy-code")
    commands = [c for s in data.flow("oces3-export")["steps"] for c in s.get("commands", [])]
    assert buttons.count() == len(commands)
    assert all(buttons.nth(i).is_visible() for i in range(buttons.count()))
    # the legacy command (wrapped on a phone, one line when copied)
    page.set_viewport_size({"width": 390, "height": 844})
    buttons.nth(1).click()
    wait_clipboard(page, commands[1])
    assert "copy-link--done" in (buttons.nth(1).get_attribute("class") or "")


@pytest.mark.engine_area("clipboard")
def test_copy_button_copies_a_program_with_its_lines(clip_page, site_url):
    from macros import data

    page = clip_page
    page.goto(f"{site_url}/en/oces3/use-in-system/")
    snippets = [(s["id"], sn["code"]) for s in data.flow("oces3-system")["steps"] for sn in s.get("snippets", [])]
    index = [sid for sid, _ in snippets].index("python")
    code = snippets[index][1]
    buttons = page.locator("pre.step__snippet + p button.copy-code")
    assert buttons.count() == len(snippets)
    buttons.nth(index).click()
    wait_clipboard(page, code.rstrip())


# The order is our script's work on the result list, the same DOM in every engine.
@pytest.mark.parametrize("lang", ["da", "en"])
def test_search_lists_the_page_language_first(page, site_url, lang):
    page.goto(f"{site_url}{lang_prefix(lang)}/oces3/export/")
    page.set_viewport_size({"width": 1280, "height": 900})
    # Material reads the query on keyup (and once on focus), not on input: fill() alone
    # was seen under load to leave the search at "Type to start searching" for good.
    # Typed keys are what a person sends; a query typed before the index is ready is sent
    # when it is.
    page.locator("input.md-search__input").press_sequentially("legacy")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length >= 2", timeout=30_000)
    page.wait_for_timeout(300)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(a => a.href)")
    en = f"{site_url}/en/"
    mine = [h.startswith(en) == (lang == "en") for h in hrefs]
    assert any(mine) and not all(mine), hrefs  # both languages are found …
    assert mine == sorted(mine, reverse=True), hrefs  # … the page's own first
