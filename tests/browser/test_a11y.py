"""Accessibility of the widgets after they have answered (the site's axe test sees them
only as first rendered): axe-core on the checker's result and on a built message, in
both languages and both palettes; results are announced in live regions."""

from __future__ import annotations

import json

import pytest

from .helpers import AT, BUILDER, CHECKER, ROOT, TIMEOUT, check_file, lang_prefix, open_checker, wait_ready

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}))
             .violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )


# axe runs in Chromium only (the same DOM in every engine; the keyboard test below runs in all).
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_checker_result_is_accessible(browser, site_url, shared, lang, scheme):
    # axe is injected as a script: let it past the page's CSP (only in this context).
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    open_checker(page, site_url, lang)
    wait_ready(page)
    check_file(page, shared / "corpus/oces3-test/nemlogin-idp-test.cer", at=AT)
    # The answer is announced politely, and every control has a name.
    live = page.locator(f"{CHECKER} [data-announce]")
    assert live.get_attribute("aria-live") == "polite"
    page.wait_for_function(f'() => document.querySelector("{CHECKER} [data-announce]").textContent.length > 0')
    violations = _axe(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_built_message_is_accessible(browser, site_url, shared, scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}{lang_prefix('en')}/message/?at={AT}")
    wait_ready(page, BUILDER)
    fs = f"{BUILDER} [data-slot='test']"
    page.set_input_files(f"{fs} input[type=file]", str(shared / "corpus/oces3-test/nemlogin-idp-test.cer"))
    page.wait_for_function(f'() => document.querySelector("{fs}").dataset.value', timeout=TIMEOUT)
    page.fill(f"{fs} [data-input='ws']", "ws-1")
    page.set_input_files(
        f"{BUILDER} [data-slot='prod'] input[type=file]",
        str(shared / "corpus/oces3-test/nemlogin-lookupservice-test.cer"),
    )
    page.fill(f"{BUILDER} [data-slot='prod'] [data-input='ws']", "ws-2")
    page.click(f"{BUILDER} [data-action='build']")
    page.wait_for_function(f'() => document.querySelector("{BUILDER}").dataset.builds', timeout=TIMEOUT)
    page.mouse.move(0, 0)  # not hovering the button just clicked: measure the steady state
    violations = _axe(page)
    context.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.mark.engine_area("keyboard", "focus")
def test_keyboard_reaches_the_file_input_and_buttons(page, site_url):
    open_checker(page, site_url)
    focusable = []
    page.locator(f"{CHECKER} h2").click()  # start from the widget's heading, as a reader would
    for _ in range(15):
        page.keyboard.press("Tab")
        focusable.append(
            page.evaluate(
                '() => { const e = document.activeElement; return e.closest("[data-widget]") ? '
                "(e.dataset.action || e.getAttribute('type') || e.tagName.toLowerCase()) : null }"
            )
        )
    assert "file" in focusable and "check-text" in focusable and "textarea" in focusable
