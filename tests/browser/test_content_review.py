"""The newcomer review's content items in the browser (2026-12-03): the checker's issuer row
names the environment (m20); a step's permanent link is one small control that still copies
the /go/ link, with a touch-sized target on a phone (m13); without JavaScript neither tool
looks alive (m18); an empty text box is not called an empty file (m9); no drag-and-drop hint
on a phone (m15); no page asks for a sitemap.xml that is not there (m17); the support page
and the ordering pages fit a 390 px phone (m14)."""

from __future__ import annotations

import pytest

from .helpers import AT, CHECKER, check_file, field, lang_prefix, open_checker, wait_ready

pytestmark = pytest.mark.engines("chromium")

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.mark.parametrize(
    ("lang", "source", "words"),
    [
        ("da", "oces3-test/kombit-sp-devtest4-demoklient.pem", "testudsteder"),
        ("da", "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer", "produktionsudsteder"),
        ("en", "oces3-test/kombit-sp-devtest4-demoklient.pem", "test issuer"),
        ("en", "oces3-prod/kombit-adg-exttest-adgangsstyring-2.cer", "production issuer"),
    ],
)
def test_issuer_row_names_the_environment(page, site_url, shared, lang, source, words):
    open_checker(page, site_url, lang)
    wait_ready(page)
    report = check_file(page, shared / "corpus" / source, at="2026-01-15T00:00:00Z")
    issuer = field(page, "issuer").text_content()
    # the same CN in test and production: the words beside it tell them apart
    assert issuer.startswith(report["certificate"]["issuer_cn"]), issuer
    assert words in issuer, issuer
    other = {
        "testudsteder": "produktionsudsteder",
        "produktionsudsteder": "testudsteder",
        "test issuer": "production issuer",
        "production issuer": "test issuer",
    }[words]
    assert other not in issuer


def test_issuer_of_an_untrusted_chain_has_no_environment(page, site_url, shared):
    open_checker(page, site_url, "da")
    wait_ready(page)
    spoofed = sorted((shared / "corpus" / "spoofed").iterdir())[0]
    report = check_file(page, spoofed, at=AT)
    if not report["certificate"] or not report["certificate"]["issuer_cn"]:
        pytest.fail(f"{spoofed.name}: expected a certificate with an issuer")
    issuer = field(page, "issuer").text_content()
    assert report["chain"]["environment"] is None
    assert issuer == report["certificate"]["issuer_cn"][:300]


def _step_tools(page, anchor):
    return page.locator(f"li.step:has(> h3#{anchor}) .step__tools")


def test_step_link_is_one_small_control_that_copies_the_go_link(browser, site_url):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/oces3/test-certificate/")
        tools = _step_tools(pg, "master-data")
        button = tools.locator("button.copy-link")
        assert button.is_visible()
        # the plain link gives way to the button: one control per step, not a line of two
        assert not tools.locator("a.step__permalink").is_visible()
        box = tools.bounding_box()
        title = pg.locator("h3#master-data").bounding_box()
        assert box["height"] < 40, box  # one small row beside the text, not a line of its own
        assert box["x"] > title["x"] + title["width"] / 2, (box, title)  # floated to the right
        # small but readable: its text contrast and name are those of a real button
        name = button.evaluate("b => b.textContent")
        assert "Kopiér link" in name and "trin 4" in name
        button.click()
        pg.wait_for_function("b => b.getAttribute('data-url')", arg=button.element_handle())
        assert button.get_attribute("data-url") == f"{site_url}/go/oces3-test-master-data/"
        assert pg.evaluate("navigator.clipboard.readText()") == f"{site_url}/go/oces3-test-master-data/"
        # the production page's same step copies the production link
        pg.goto(f"{site_url}/en/oces3/system-certificate/")
        button = _step_tools(pg, "master-data").locator("button.copy-link")
        button.click()
        pg.wait_for_function("b => b.getAttribute('data-url')", arg=button.element_handle())
        assert button.get_attribute("data-url") == f"{site_url}/en/go/oces3-prod-master-data/"
    finally:
        ctx.close()


def test_step_link_on_a_phone_has_a_touch_target(browser, site_url):
    ctx = browser.new_context(**PHONE)
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/oces3/test-certificate/")
        button = _step_tools(pg, "create-profile").locator("button.copy-link")
        assert button.is_visible()
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
        assert box["x"] + box["width"] <= 390
        # under the title, not beside it, on a narrow screen
        title = pg.locator("h3#create-profile").bounding_box()
        assert box["y"] >= title["y"] + title["height"] - 1
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["checker/", "message/", "en/checker/", "en/message/"])
def test_without_javascript_the_tools_do_not_look_alive(browser, site_url, path):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/{path}")
        root = pg.locator("[data-widget]").first
        assert root.is_visible()
        # no input, button or progress line to try: only the title and the one sentence
        for sel in ("input", "textarea", "button", "[data-status]", "progress"):
            loc = root.locator(sel)
            assert all(not loc.nth(i).is_visible() for i in range(loc.count())), (path, sel)
        text = root.inner_text()
        assert "JavaScript" in text, text
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_empty_text_box_asks_for_the_certificate(page, site_url, lang):
    open_checker(page, site_url, lang)
    wait_ready(page)
    before = page.locator(CHECKER).get_attribute("data-checks")
    page.locator(f"{CHECKER} [data-action='check-text']").click()
    status = page.locator(f"{CHECKER} [data-status]").inner_text()
    assert ("Feltet er tomt" if lang == "da" else "The box is empty") in status
    assert "Filen er tom" not in status and "The file is empty" not in status
    assert page.locator(f"{CHECKER} [data-result]").is_hidden()
    assert page.locator(CHECKER).get_attribute("data-checks") == before  # nothing was checked
    assert page.evaluate("document.activeElement.dataset.input") == "pem"


def test_no_drop_hint_on_a_phone(browser, site_url):
    for options, shown in ((PHONE, False), ({"viewport": {"width": 1280, "height": 900}}, True)):
        ctx = browser.new_context(**options)
        pg = ctx.new_page()
        try:
            pg.goto(f"{site_url}/checker/")
            assert pg.locator(f"{CHECKER} .oces-drop-hint").is_visible() == shown, options
        finally:
            ctx.close()


@pytest.mark.parametrize("path", ["", "en/", "oces3/export/", "en/oces3/export/", "support/"])
def test_no_page_asks_for_a_missing_file(page, site_url, path):
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    page.wait_for_timeout(500)  # the language selector's requests come after load
    assert missing == [], missing


@pytest.mark.parametrize(
    "path", ["support/", "en/support/", "oces3/test-certificate/", "oces3/system-certificate/", "journey/"]
)
def test_pages_fit_a_phone(browser, site_url, path):
    ctx = browser.new_context(**PHONE)
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/{path}", wait_until="load")
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        wide = pg.evaluate("""() => [...document.querySelectorAll('article table, article td, article button')]
            .filter(e => e.getBoundingClientRect().right > 390.5).length""")
        assert wide == 0, path
    finally:
        ctx.close()


def test_support_page_groups_test_and_production(page, site_url):
    page.goto(f"{site_url}/support/")
    test_rows = page.locator("#topic-test + .md-typeset__scrollwrap tbody tr, #topic-test + table tbody tr")
    assert test_rows.count() >= 16
    assert all("oces3-test" in test_rows.nth(i).inner_text() for i in range(test_rows.count()))
    prod = page.locator("#topic-production + .md-typeset__scrollwrap tbody tr, #topic-production + table tbody tr")
    assert prod.count() >= 17
    assert all("oces3-prod-" in prod.nth(i).inner_text() for i in range(prod.count()))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_go_links_of_the_two_flows_land_on_their_own_page(page, site_url, lang):
    prefix = lang_prefix(lang)
    page.goto(f"{site_url}{prefix}/go/oces3-test-master-data/")
    page.wait_for_url(f"**{prefix}/oces3/test-certificate/#master-data")
    page.goto(f"{site_url}{prefix}/go/oces3-prod-master-data/")
    page.wait_for_url(f"**{prefix}/oces3/system-certificate/#master-data")
    page.goto(f"{site_url}{prefix}/go/oces3-master-data/")  # the older name still works
    page.wait_for_url(f"**{prefix}/oces3/system-certificate/#master-data")
