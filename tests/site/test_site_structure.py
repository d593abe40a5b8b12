"""The site arranged around today's path: page titles with ids, the journey checklist's
data and markup, the home and register pages' order, the chain table, the support
page's groups, the navigation's "next" links, site_url, the 404 pages and the footer."""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from site_helpers import DOCS, built_page, collect, doc_pages, url_of

from macros import data, render

LANGS = ("da", "en")
# Pages of the OCES2 history; every other page is on today's path.
HISTORY = "oces2/"


def _h1(path) -> list[tuple[str | None, str]]:
    text = path.read_text(encoding="utf-8")
    article = text[text.find("<article"): text.find("</article>")]
    return [(m.group(1), m.group(2)) for m in
            re.finditer(r'<h1(?:\s+id="([^"]*)")?[^>]*>(.*?)</h1>', article, re.S)]


@pytest.mark.parametrize("page", doc_pages())
def test_every_page_title_has_the_same_id_in_both_languages(built_site, page):
    da, en = (_h1(built_page(built_site, page, lang)) for lang in LANGS)
    assert len(da) == 1 and len(en) == 1, f"{page}: one h1 per page ({da}, {en})"
    assert da[0][0] and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", da[0][0]), f"{page}: h1 id {da[0][0]!r}"
    assert da[0][0] == en[0][0], f"{page}: h1 id {da[0][0]!r} (da) vs {en[0][0]!r} (en)"


def test_page_title_ids_are_unique_across_the_site(built_site):
    ids = [_h1(built_page(built_site, p, "da"))[0][0] for p in doc_pages()]
    assert len(ids) == len(set(ids)), ids


def test_sitemap_has_absolute_addresses_and_no_none(built_site):
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "None" not in text
    locs = re.findall(r"<loc>([^<]+)</loc>", text) + re.findall(r'hreflang="[a-z]+" href="([^"]+)"', text)
    assert len(locs) > 2 * len(doc_pages())
    assert all(re.match(r"https?://[^/]+/", loc) for loc in locs), [l for l in locs if not l.startswith("http")][:3]


# ---------------------------------------------------------------- the journey

def _raw_journey() -> list[dict]:
    return yaml.safe_load((data.DATA / "journey.yml").read_text(encoding="utf-8"))["tasks"]


def test_journey_tasks_are_in_the_order_of_the_path():
    tasks = _raw_journey()
    pages = [t["page"] for t in tasks]
    # test certificate → export and check → access to tilslutning.stil.dk → the supplier
    # system → register for test → production certificate → export and check → register
    # for production → expiry date (issue 14: registration as STIL documents it today)
    assert pages == ["oces3/test-certificate.md", "oces3/export.md", "register.md", "register.md",
                     "register.md", "oces3/system-certificate.md", "oces3/export.md", "register.md",
                     "oces3/renewal.md"]
    assert [t.get("anchor") for t in tasks][2:5] == ["get-access", "create-system", "add-certificate"]
    assert tasks[-1].get("anchor") == "note-expiry"
    ids = [t["id"] for t in tasks]
    assert len(ids) == len(set(ids))
    for task in tasks:
        assert (DOCS / task["page"]).is_file(), task
        for key in ("title", "text"):
            assert set(task[key]) == set(LANGS) and all(task[key][l].strip() for l in LANGS), (task["id"], key)
            assert task[key]["da"] != task[key]["en"], (task["id"], key)


@pytest.mark.parametrize("lang", LANGS)
def test_journey_page_is_a_list_of_links_that_land(built_site, lang):
    path = built_page(built_site, "journey.md", lang)
    text = path.read_text(encoding="utf-8")
    root = re.search(r'<div class="journey" data-widget="journey"[^>]*>(.*?)</ol>', text, re.S)
    assert root, "no journey widget"
    items = re.findall(r'<li class="journey__task" id="([^"]+)">(.*?)</li>', root.group(1), re.S)
    assert [i for i, _ in items] == [t["id"] for t in _raw_journey()]
    base = f"http://site/{'' if lang == 'da' else lang + '/'}journey/"
    for tid, body in items:
        href = re.search(r'<p class="journey__title"><a href="([^"]+)"', body).group(1)
        target = urlsplit(urljoin(base, href))
        page = built_site / PurePosixPath(target.path.lstrip("/")) / "index.html"
        assert page.is_file(), (tid, href)
        assert re.search(rf'<html[^>]*lang="{lang}"', page.read_text(encoding="utf-8")[:3000]), (tid, href)
        if target.fragment:
            assert target.fragment in collect(page).ids, (tid, href)
        # the tick box is there for the script, but hidden without it
        assert re.search(rf'<p class="journey__tick" hidden><input type="checkbox" id="tick-{tid}" data-task="{tid}">', body)
        assert re.search(rf'<label for="tick-{tid}">', body)
    assert '<div class="journey__controls" hidden>' in text
    assert re.search(r'<script src="(\.\./)+assets/journey\.js" defer></script>', text)


def test_journey_script_only_on_the_journey_page(built_site):
    for page in doc_pages():
        for lang in LANGS:
            has = "assets/journey.js" in built_page(built_site, page, lang).read_text(encoding="utf-8")
            assert has == (page == "journey.md"), (page, lang)


def test_render_journey_refuses_bad_tasks():
    good = {"id": "a-task", "title": {"da": "Opgave", "en": "Task"}, "text": {"da": "Gør det.", "en": "Do it."},
            "page": "register.md", "anchor": "find-system"}
    out = render.render_journey([good], "en", "en/journey/")
    assert 'href="../../en/register/#find-system"' in out and 'data-task="a-task"' in out
    with pytest.raises(ValueError, match="twice"):
        render.render_journey([good, good], "da", "journey/")
    with pytest.raises(ValueError, match="hyphens"):
        render.render_journey([{**good, "id": "Bad id"}], "da", "journey/")
    with pytest.raises(ValueError):
        render.render_journey([{**good, "title": {"da": "Opgave"}}], "en", "en/journey/")


# ---------------------------------------------------------------- today's path first

@pytest.mark.parametrize("lang", LANGS)
def test_home_page_leads_with_who_what_and_the_start(built_site, lang):
    page = collect(built_page(built_site, "index.md", lang))
    ids = [hid for _, hid in page.headings]
    assert ids[:2] == ["what-you-need", "get-started"], ids
    text = built_page(built_site, "index.md", lang).read_text(encoding="utf-8")
    article = text[text.find("<article"): text.find("</article>")]
    assert 'class="admonition warning"' not in article  # no three-year-old warning on top
    start = article[article.find('id="get-started"'):]
    assert article.find("journey/") < article.find('id="about"') and "journey/" in start
    # OCES2's end: one paragraph, in the last section
    notice = re.search(r'<p id="oces2-notice">(.*?)</p>', article, re.S)
    assert notice and article.find('id="oces2-notice"') > article.find('id="about"')
    assert ("31. oktober 2023" if lang == "da" else "31 October 2023") in notice.group(1)


@pytest.mark.parametrize("lang", LANGS)
def test_register_page_starts_with_its_steps_and_the_oces3_message(built_site, lang):
    text = built_page(built_site, "register.md", lang).read_text(encoding="utf-8")
    article = text[text.find("<article"): text.find("</article>")]
    order = [article.find(f'id="{a}"') for a in ("steps", "find-system", "message", "accepted-chains")]
    assert -1 not in order and order == sorted(order), order
    message = article[article.find('id="message"'): article.find('id="accepted-chains"')]
    first_pre = message[message.find("<pre"): message.find("</pre>")]
    assert "UUID: " in first_pre and "FID: " not in first_pre
    # the OCES2 message is still there, folded away
    folded = message[message.find("<details"): message.find("</details>")]
    assert "FID: " in folded


@pytest.mark.parametrize("lang", LANGS)
def test_chain_table_shows_oces3_first_and_folds_oces2(built_site, lang):
    text = built_page(built_site, "register.md", lang).read_text(encoding="utf-8")
    chains = text[text.find('id="accepted-chains"'):]
    open_part, _, folded = chains.partition('<details class="chains-history">')
    open_table = open_part[open_part.find("<table"): open_part.find("</table>")]
    assert "<td>OCES3</td>" in open_table and "<td>OCES2</td>" not in open_table
    folded = folded[: folded.find("</details>")]
    assert "<td>OCES2</td>" in folded and "<td>OCES3</td>" not in folded
    n = folded.count("<td>OCES2</td>")
    assert re.search(rf"<summary>[^<]*\b{n}\b[^<]*</summary>", folded), "the summary says how many rows it folds"


def test_chain_table_without_oces2_rows_has_no_details():
    trust = {"anchor": [
        {"id": "r", "name": "Root", "generation": "oces3", "environment": "prod", "role": "root"},
        {"id": "c", "name": "Issuer", "generation": "oces3", "environment": "prod", "role": "issuing"}]}
    policy = {"oces2_retired_from": "2023-11-01T00:00:00+01:00"}
    out = render.render_accepted_chains(trust, policy, "da")
    assert "<details" not in out and out.count("<table") == 1 and "Issuer" in out


@pytest.mark.parametrize("lang", LANGS)
def test_which_certificate_says_today_in_its_first_sentence(built_site, lang):
    text = built_page(built_site, "which-certificate.md", lang).read_text(encoding="utf-8")
    article = text[text.find("<article"): text.find("</article>")]
    paragraph = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<p>(.*?)</p>", article, re.S).group(1)))
    # Issue 14 split the one long sentence in three (the Danish review): the opening (the
    # first three sentences) must still say what today takes; the verdict word is "godkender".
    first = " ".join(re.split(r"(?<=[.!?])\s", " ".join(paragraph.split()))[:3])
    words = (("godkender", "OCES3", "systemcertifikat", "organisationscertifikat")
             if lang == "da" else ("accepts", "OCES3", "system certificate", "organisation certificate"))
    assert all(w in first for w in words), first
    assert "OCES2" not in first


def _next_link(path) -> str | None:
    m = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"', path.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def test_no_next_link_leads_from_todays_path_into_the_history(built_site):
    seen_next = 0
    for page in doc_pages():
        for lang in LANGS:
            path = built_page(built_site, page, lang)
            nxt = _next_link(path)
            if nxt is None:
                continue
            seen_next += 1
            here = f"/{'' if lang == 'da' else lang + '/'}{url_of(page)}"
            target = urlsplit(urljoin(f"http://site{here}", nxt)).path
            if not page.startswith(HISTORY):
                assert HISTORY not in target, f"{page} ({lang}): next leads to {target}"
    assert seen_next > len(doc_pages())  # most pages do have a "next"


def test_navigation_puts_the_history_last(built_site):
    text = built_page(built_site, "index.md", "en").read_text(encoding="utf-8")
    nav = text[text.find('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.find('md-sidebar--secondary')]
    links = [h for h in re.findall(r'<a href="([^"]+)"\s+class="md-nav__link', nav) if not h.startswith("#")]
    history = [i for i, h in enumerate(links) if "oces2/" in h]
    assert history and history == list(range(len(links) - len(history), len(links))), links
    assert "History" in nav
    # today's path in the journey's order
    order = ["journey/", "oces3/test-certificate/", "oces3/export/", "register/",
             "oces3/system-certificate/", "oces3/renewal/"]
    where = [next(i for i, h in enumerate(links) if h.endswith(o)) for o in order]
    assert where == sorted(where), list(zip(order, where))


# ---------------------------------------------------------------- support page

def test_every_slug_has_a_known_topic():
    topics = set(render.SUPPORT_TOPICS)
    assert list(render.SUPPORT_TOPICS) == ["ordering", "test", "production", "registration", "findings", "message", "history", "aliases"]
    for s in data.slugs():
        assert s.get("topic") in topics, s["slug"]
    by = {s["slug"]: s["topic"] for s in data.slugs()}
    assert by["register"] == "registration" and by["chain.untrusted"] == "findings"
    assert by["message-format"] == "message" and by["test-function"] == "history" and by["journey"] == "ordering"


def test_support_groups_refuse_a_slug_without_topic():
    with pytest.raises(ValueError, match="topic"):
        render.support_groups([{"slug": "x", "page": "index.md", "description": {"da": "x", "en": "x"}}])


@pytest.mark.parametrize("lang", LANGS)
def test_support_page_groups_links_by_topic(built_site, lang):
    text = built_page(built_site, "support.md", lang).read_text(encoding="utf-8")
    groups = re.findall(r'<h3 id="topic-([a-z]+)">', text)
    assert groups == list(render.SUPPORT_TOPICS)
    sections = re.split(r'<h3 id="topic-[a-z]+">', text)[1:]
    prefix = "" if lang == "da" else f"{lang}/"
    for topic, section in zip(groups, sections):
        for s in data.slugs():
            inside = f"<code>/{prefix}go/{s['slug']}/</code>" in section
            assert inside == (s["topic"] == topic), (topic, s["slug"])
    # the filter box is rendered for the script, hidden without it, and labelled
    assert re.search(r'<p class="support-filter" hidden[^>]*><label for="support-filter">', text)
    assert '<input type="search" id="support-filter"' in text


# ---------------------------------------------------------------- 404 pages and footer

NOT_FOUND = {"da": ("404.html", "/", "/support/"), "en": ("en/404.html", "/en/", "/en/support/")}


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_in_its_language_links_to_start_and_support(built_site, lang):
    name, start, support = NOT_FOUND[lang]
    text = (built_site / name).read_text(encoding="utf-8")
    assert re.search(rf'<html[^>]*lang="{lang}"', text)
    texts = data.site_texts()["not_found"]
    assert f'<h1 id="not-found">{html.escape(texts["title"][lang], quote=True)}</h1>' in text
    assert f'<a href="{start}" data-link="start">' in text and f'<a href="{support}" data-link="support">' in text
    # the language selector leads to each language's home page, not to some other page
    selector = re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)" class="md-select__link"', text)
    assert sorted(selector) == [("/", "da"), ("/en/", "en")]


@pytest.mark.parametrize("lang", LANGS)
def test_footer_says_who_maintains_the_guide_in_the_page_language(built_site, lang):
    footer_texts = data.site_texts()["footer"]
    other = "en" if lang == "da" else "da"
    for page in ("index.md", "journey.md", "oces2/test-function.md"):
        text = built_page(built_site, page, lang).read_text(encoding="utf-8")
        footer = text[text.find('<footer class="md-footer"'):]
        shown = html.unescape(re.sub(r"<[^>]+>", " ", footer))
        assert footer_texts["maintainer"][lang] in shown and footer_texts["maintainer"][other] not in shown
        assert footer_texts["contact_link"]["href"] in footer
    assert "STIL" in footer_texts["maintainer"]["da"] and "ikke" in footer_texts["maintainer"]["da"]


def test_site_texts_are_complete_in_both_languages():
    from test_site_parity import _check_texts

    ui = yaml.safe_load((data.DATA / "ui.yml").read_text(encoding="utf-8"))
    for name, tree in (("site.yml", data.site_texts()), ("journey.yml", {"tasks": _raw_journey()}),
                       ("ui.yml", {k: ui[k] for k in ("journey", "support_topics", "support_table")})):
        count, problems = _check_texts(tree, name)
        assert count > 0 and problems == [], problems
