"""The journey checklist in every engine: ticks made with the pointer and with the keyboard
survive a reload and a change of language, kept under one localStorage key. (The site
tests check its texts, its look without JavaScript and axe in Chromium.)"""

from __future__ import annotations

import json

import pytest

JOURNEY = "[data-widget='journey']"
BOXES = f"{JOURNEY} input[type=checkbox][data-task]"


@pytest.fixture()
def journey(page, site_url, built_site):
    if not (built_site / "journey" / "index.html").is_file():
        pytest.skip("no /journey/ page in this checkout yet (the structure branch adds it)")
    return page


def _open(page, site_url: str, lang: str = "da"):
    page.goto(f"{site_url}{'' if lang == 'da' else '/' + lang}/journey/")
    page.wait_for_function(f"() => document.querySelector(\"{JOURNEY}\")?.dataset.ready === 'true'")


def _ids(page) -> list[str]:
    return page.locator(BOXES).evaluate_all("els => els.map(e => e.dataset.task)")


def _ticked(page) -> list[str]:
    return page.locator(BOXES).evaluate_all("els => els.filter(e => e.checked).map(e => e.dataset.task)")


@pytest.mark.engine_area("storage")
def test_ticks_survive_reload_and_language(journey, site_url):
    _open(journey, site_url)
    ids = _ids(journey)
    assert len(ids) >= 3 and _ticked(journey) == []
    journey.locator(f"{JOURNEY} input[data-task='{ids[0]}']").click()
    journey.locator(f"{JOURNEY} input[data-task='{ids[2]}']").click()
    assert _ticked(journey) == [ids[0], ids[2]]
    journey.reload()
    journey.wait_for_function(f"() => document.querySelector(\"{JOURNEY}\")?.dataset.ready === 'true'")
    assert _ticked(journey) == [ids[0], ids[2]]
    stored = journey.evaluate("() => localStorage.getItem('oces-journey')")
    assert sorted(json.loads(stored)) == sorted([ids[0], ids[2]])
    _open(journey, site_url, "en")
    assert _ticked(journey) == [ids[0], ids[2]]


@pytest.mark.engine_area("keyboard")
def test_keyboard_ticks_a_task(journey, site_url):
    _open(journey, site_url)
    first = _ids(journey)[0]
    journey.locator(f"{JOURNEY} input[data-task='{first}']").focus()
    journey.keyboard.press("Space")
    assert _ticked(journey) == [first]
    journey.keyboard.press("Space")
    assert _ticked(journey) == []
