"""The built site in Chromium: axe-core on every page in both languages, no CSP
violation, support links land on their step, the language switcher keeps the step,
and the copy-link control copies the permanent link."""

from __future__ import annotations

import json

import pytest

from site_helpers import AXE, axe_violations, doc_pages, url_of

LANGS = ("da", "en")
PAGES = [(page, lang) for page in doc_pages() for lang in LANGS]


def _url(site_url: str, page: str, lang: str) -> str:
    return f"{site_url}/{'' if lang == 'da' else lang + '/'}{url_of(page)}"


@pytest.fixture(scope="module")
def axe_context(browser):
    # axe is injected as a script: let it past the page's CSP (only in this context).
    ctx = browser.new_context(bypass_csp=True)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def axe_dark_context(browser):
    # the dark palette (Material follows prefers-color-scheme on a first visit)
    ctx = browser.new_context(bypass_csp=True, color_scheme="dark")
    yield ctx
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path,lang", PAGES, ids=[f"{l}:{p}" for p, l in PAGES])
def test_axe_finds_no_violation(axe_context, axe_dark_context, site_url, page_path, lang, scheme):
    assert AXE.is_file(), "node_modules/axe-core missing: run scripts/bootstrap"
    pg = (axe_context if scheme == "light" else axe_dark_context).new_page()
    try:
        pg.goto(_url(site_url, page_path, lang), wait_until="load")
        expected = "slate" if scheme == "dark" else "default"
        assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        violations = axe_violations(pg)
    finally:
        pg.close()
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


def test_axe_can_fail(axe_context, site_url):
    """The harness does report violations: a page with an unlabelled image fails."""
    pg = axe_context.new_page()
    try:
        pg.goto(_url(site_url, "index.md", "da"), wait_until="load")
        pg.evaluate("""() => { const i = document.createElement('img'); i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
                       document.querySelector('article').appendChild(i); }""")
        pg.add_script_tag(path=str(AXE))
        ids = pg.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
    finally:
        pg.close()
    assert "image-alt" in ids


CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.mark.parametrize("page_path", [p for p in doc_pages() if p not in ("checker.md", "message.md")])
def test_no_csp_violation(page, site_url, page_path):
    page.add_init_script(CSP_WATCH)
    for lang in LANGS:
        page.goto(_url(site_url, page_path, lang), wait_until="load")
        page.wait_for_timeout(150)
        assert page.evaluate("window.__csp") == [], (page_path, lang)
        # Material's own scripts ran: the header search and the palette toggle are live.
        assert page.evaluate("typeof document$ !== 'undefined'"), "Material's bundle did not run"


def test_csp_watch_can_fail(page, site_url):
    page.add_init_script(CSP_WATCH)
    page.goto(_url(site_url, "index.md", "da"), wait_until="load")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.appendChild(s); }")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__csp")


def test_go_link_then_language_switch_keeps_the_step(page, site_url):
    page.goto(f"{site_url}/go/register-ws-id/")
    page.wait_for_url("**/register/#copy-ws-id")
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.locator("#copy-ws-id").is_visible()
    # Open Material's language selector and choose English.
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select a[hreflang="en"]').click()
    page.wait_for_url("**/en/register/#copy-ws-id")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("location.hash") == "#copy-ws-id"
    step = page.locator("#copy-ws-id")
    assert "wsBrugerId" in step.inner_text()
    assert step.is_visible() and page.evaluate(
        "(() => { const r = document.getElementById('copy-ws-id').getBoundingClientRect();"
        " return r.top < innerHeight && r.bottom > 0; })()")


def test_english_go_link_lands_on_english_step(page, site_url):
    page.goto(f"{site_url}/en/go/temporary-password/")
    page.wait_for_url("**/en/oces2/test-function/#show-password")
    assert page.evaluate("document.documentElement.lang") == "en"


def test_copy_link_copies_the_permanent_link(browser, site_url):
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/oces2/test-function/")
        button = pg.locator("li.step:has(#show-password) button.copy-link")
        assert button.is_visible()  # shown once the script runs
        button.click()
        expected = f"{site_url}/go/temporary-password/"
        pg.wait_for_function("b => b.getAttribute('data-url')", arg=button.element_handle())
        assert button.get_attribute("data-url") == expected
        assert pg.evaluate("navigator.clipboard.readText()") == expected
        # a step without a slug copies the page link with the step anchor
        other = pg.locator("li.step:has(#log-in) button.copy-link")
        other.click()
        assert other.get_attribute("data-url") == f"{site_url}/oces2/test-function/#log-in"
        # on the English support page, the Danish copy button copies the Danish link
        pg.goto(f"{site_url}/en/support/")
        da_button = pg.locator('button.copy-link[data-slug="chain.untrusted"][data-lang="da"]')
        da_button.click()
        assert da_button.get_attribute("data-url") == f"{site_url}/go/chain.untrusted/"
        pg.goto(expected)
        pg.wait_for_url("**/oces2/test-function/#show-password")
    finally:
        ctx.close()


def test_steps_work_without_javascript(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    try:
        pg.goto(f"{site_url}/en/go/password-rules/")  # meta refresh, no script
        pg.wait_for_url("**/en/oces2/test-function/#note-password")
        step = pg.locator("li.step:has(#note-password)")
        assert step.is_visible()
        assert step.locator("ol li").count() >= 3  # the three hand-over rules
        assert not step.locator("button.copy-link").is_visible()  # needs JS: stays hidden
        assert step.locator("a.step__permalink").get_attribute("href") == "#note-password"
    finally:
        ctx.close()


@pytest.mark.parametrize("lang,query", [("da", "adgangskode"), ("en", "temporary password")])
def test_search_finds_steps_in_each_language(page, site_url, lang, query):
    prefix = "" if lang == "da" else "en/"
    page.goto(f"{site_url}/{prefix}", wait_until="networkidle")
    box = page.locator("input.md-search__input")
    for _ in range(5):  # the search worker may still be loading its index: type again
        box.fill("")
        box.type(query, delay=20)
        try:
            page.wait_for_function("() => document.querySelectorAll('.md-search-result__item a').length > 0",
                                   timeout=3000)
            break
        except Exception:
            continue
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    own = [h for h in hrefs if h.startswith(f"{site_url}/{prefix}oces2/")]
    assert any(h.endswith("#show-password") for h in own), hrefs[:10]
