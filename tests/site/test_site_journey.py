"""The journey checklist and the support page's filter in the browser: ticks survive a
reload (and a change of language), only the one key is stored, the keyboard alone does
it with a visible focus, without JavaScript both pages are plain lists of links, and
axe-core finds nothing on them or on the 404 pages in either palette."""

from __future__ import annotations

import json

import pytest

from site_helpers import AXE, axe_violations

from macros import data, render

LANGS = ("da", "en")
JOURNEY = "[data-widget='journey']"
KEY = "oces-journey"


def _prefix(lang: str) -> str:
    return "" if lang == "da" else f"{lang}/"


def _open(page, site_url: str, lang: str = "da") -> None:
    page.goto(f"{site_url}/{_prefix(lang)}journey/", wait_until="load")
    page.wait_for_selector(f"{JOURNEY}[data-ready='true']")


def _box(page, task: str):
    return page.locator(f"{JOURNEY} input[type=checkbox][data-task='{task}']")


def _progress(page) -> str:
    return page.locator(f"{JOURNEY} .journey__progress").inner_text()


def test_tick_reload_still_ticked_in_both_languages(page, site_url):
    ids = [t["id"] for t in data.journey()]
    _open(page, site_url)
    assert page.locator(f"{JOURNEY} input[type=checkbox][data-task]").count() == len(ids)
    assert not any(_box(page, i).is_checked() for i in ids)
    assert _progress(page) == f"0 af {len(ids)} opgaver er gjort."
    before = set(page.evaluate("() => Object.keys(localStorage)"))  # Material keeps its palette there
    _box(page, ids[0]).check()
    _box(page, ids[2]).check()
    assert _progress(page) == f"2 af {len(ids)} opgaver er gjort."
    page.reload(wait_until="load")
    page.wait_for_selector(f"{JOURNEY}[data-ready='true']")
    assert [_box(page, i).is_checked() for i in ids] == [i in (ids[0], ids[2]) for i in ids]
    # nothing but the one key, holding the ticked ids
    stored = page.evaluate("() => Object.keys(localStorage).map(k => [k, localStorage.getItem(k)])")
    stored = [kv for kv in stored if kv[0] not in before]
    assert len(stored) == 1 and stored[0][0] == KEY and sorted(json.loads(stored[0][1])) == sorted([ids[0], ids[2]])
    # the same ticks on the English page
    _open(page, site_url, "en")
    assert _box(page, ids[0]).is_checked() and _box(page, ids[2]).is_checked() and not _box(page, ids[1]).is_checked()
    assert _progress(page) == f"2 of {len(ids)} tasks done."
    _box(page, ids[0]).uncheck()
    page.reload(wait_until="load")
    page.wait_for_selector(f"{JOURNEY}[data-ready='true']")
    assert not _box(page, ids[0]).is_checked() and _box(page, ids[2]).is_checked()


def test_damaged_storage_starts_empty_and_is_repaired(page, site_url):
    page.goto(f"{site_url}/journey/", wait_until="load")
    page.evaluate(f"() => localStorage.setItem('{KEY}', '{{not json')")
    _open(page, site_url)
    first = data.journey()[0]["id"]
    assert not _box(page, first).is_checked()
    _box(page, first).check()
    assert json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')")) == [first]


def test_keyboard_only_ticks_and_resets_with_visible_focus(page, site_url):
    ids = [t["id"] for t in data.journey()]
    _open(page, site_url, "en")
    _box(page, ids[0]).focus()
    page.keyboard.press("Space")
    assert _box(page, ids[0]).is_checked()
    focus = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                          " return [document.activeElement.dataset.task, s.outlineStyle, s.outlineWidth]; }")
    assert focus[0] == ids[0] and focus[1] != "none" and focus[2] != "0px", focus
    # Tab on to the second box and tick it too, then on to the reset button
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.task") == ids[1]:
            break
    page.keyboard.press("Space")
    assert _box(page, ids[1]).is_checked()
    for _ in range(3 * len(ids)):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.dataset.action") == "reset":
            break
    assert page.evaluate("() => document.activeElement.dataset.action") == "reset"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert not any(_box(page, i).is_checked() for i in ids)
    assert page.evaluate(f"() => localStorage.getItem('{KEY}')") is None
    assert _progress(page) == f"0 of {len(ids)} tasks done."


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_plain_lists_of_links(browser, site_url, lang):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/{_prefix(lang)}journey/")
        tasks = pg.locator(f"{JOURNEY} ol > li")
        assert tasks.count() == len(data.journey())
        assert pg.locator(f"{JOURNEY} ol > li a").count() == len(data.journey())
        assert all(not b.is_visible() for b in pg.locator(f"{JOURNEY} input[type=checkbox]").all())
        assert not pg.locator(f"{JOURNEY} [data-action=reset]").is_visible()
        pg.goto(f"{site_url}/{_prefix(lang)}support/")
        assert not pg.locator("#support-filter").is_visible()
        rows = pg.locator("[data-support-links] tbody tr")
        assert rows.count() == len(data.slugs())
        assert all(r.is_visible() for r in rows.all()[::10])
    finally:
        ctx.close()


def _visible_slugs(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('[data-support-links] tbody tr')]
        .filter(r => r.offsetParent !== null).map(r => r.querySelector('code').textContent)""")


def _visible_groups(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('[data-support-links] h3')]
        .filter(h => h.offsetParent !== null).map(h => h.id)""")


@pytest.mark.parametrize("lang", LANGS)
def test_support_filter_by_typing(page, site_url, lang):
    page.goto(f"{site_url}/{_prefix(lang)}support/", wait_until="load")
    box = page.locator("#support-filter")
    assert box.is_visible()
    total = len(data.slugs())
    assert len(_visible_slugs(page)) == total
    box.press_sequentially("wsbrugerid")  # case does not matter
    shown = _visible_slugs(page)
    assert f"/{_prefix(lang)}go/register-ws-id/" in shown and 0 < len(shown) < total
    assert f"/{_prefix(lang)}go/chain.untrusted/" not in shown
    assert "topic-history" not in _visible_groups(page) and "topic-registration" in _visible_groups(page)
    count = page.locator(".support-filter__count").inner_text()
    assert str(len(shown)) in count and str(total) in count
    box.fill("chain.untrusted")
    assert _visible_slugs(page) == [f"/{_prefix(lang)}go/chain.untrusted/"]
    assert _visible_groups(page) == ["topic-findings"]
    box.fill("no such words anywhere")
    assert _visible_slugs(page) == [] and _visible_groups(page) == []
    box.fill("")
    assert len(_visible_slugs(page)) == total and len(_visible_groups(page)) == len(render.SUPPORT_TOPICS)


AXE_PAGES = [("journey/", "da"), ("en/journey/", "en"), ("support/", "da"), ("en/support/", "en"),
             ("no-such-page/", "da"), ("en/no-such-page/", "en")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path,lang", AXE_PAGES)
def test_axe_clean_after_use(browser, site_url, built_site, path, lang, scheme):
    """axe on the pages as used: a ticked task, a filtered list, the 404 pages."""
    assert AXE.is_file(), "node_modules/axe-core missing: run scripts/bootstrap"
    ctx = browser.new_context(bypass_csp=True, color_scheme=scheme)  # axe is injected as a script
    pg = ctx.new_page()
    try:
        if path.endswith("no-such-page/"):
            # the test server has no 404 handling: open the built 404 page at the unknown address
            body = (built_site / _prefix(lang) / "404.html").read_text(encoding="utf-8")
            pg.route(f"{site_url}/{path}", lambda route: route.fulfill(status=404, body=body,
                                                                        content_type="text/html; charset=utf-8"))
        pg.goto(f"{site_url}/{path}", wait_until="load")
        assert pg.evaluate("document.documentElement.lang") == lang
        if "journey" in path:
            pg.wait_for_selector(f"{JOURNEY}[data-ready='true']")
            _box(pg, data.journey()[1]["id"]).check()
        if "support" in path:
            pg.locator("#support-filter").fill("oces3")
        pg.mouse.move(0, 0)
        violations = axe_violations(pg)
    finally:
        ctx.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)
