"""The browser layer itself: a new context starts from nothing, in every engine. (WebKit's
contexts reuse one WebKitWebDriver session, cleared between them: support/engines.py.)"""

from __future__ import annotations

import pytest

from .helpers import CHECKER, TIMEOUT

# What a page can leave behind: both storages, a service worker, a cache.
LEAVE = """async () => {
    localStorage.setItem("engine-test", "left");
    sessionStorage.setItem("engine-test", "left");
    await (await caches.open("engine-test")).put("/engine-test", new Response("left"));
    await navigator.serviceWorker.ready;
}"""
FOUND = """async () => ({
    local: localStorage.getItem("engine-test"),
    session: sessionStorage.getItem("engine-test"),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: await caches.keys(),
})"""


@pytest.mark.engine_area("storage", "service-worker")
def test_a_new_context_starts_from_nothing(browser, site_url):
    first = browser.new_context()
    page = first.new_page()
    page.goto(f"{site_url}/checker/")
    page.wait_for_function(f'() => !!document.querySelector("{CHECKER}")', timeout=TIMEOUT)
    page.evaluate(LEAVE)
    left = page.evaluate(FOUND)
    assert left["local"] and left["session"] and left["workers"] and "engine-test" in left["caches"], left
    first.close()

    second = browser.new_context()
    page = second.new_page()
    try:
        page.goto(f"{site_url}/findings/")  # a page that registers no service worker of its own
        assert page.evaluate(FOUND) == {"local": None, "session": None, "workers": 0, "caches": []}
    finally:
        second.close()
