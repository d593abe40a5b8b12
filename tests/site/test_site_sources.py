"""Every statement as sure as its source (issue 14): the source list, the sources and
certainty of every step and fact, how the pages show them, and examples that name a real CA."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest
import yaml

from macros import data, flowdata, render
from site_helpers import built_page

LANGS = ("da", "en")


def _raw_sources() -> list[dict]:
    with (data.DATA / "sources.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)["sources"]


def test_the_source_list_is_complete_and_dated():
    entries = _raw_sources()
    assert len(entries) > 20
    assert flowdata.source_list_problems(entries) == []
    for s in entries:
        if s["kind"] != "local-test":
            assert s["address"].startswith("https://"), s["id"]


def test_a_source_without_a_date_or_with_an_unknown_kind_is_refused():
    good = {"id": "x", "title": "T", "address": "https://example.org/", "publisher": "P",
            "kind": "official", "read": dt.date(2026, 12, 3)}
    assert flowdata.source_list_problems([good]) == []
    assert flowdata.source_list_problems([{k: v for k, v in good.items() if k != "read"}]) == ["source x: no read"]
    assert "not an ISO date" in flowdata.source_list_problems([{**good, "read": "soon"}])[0]
    assert "kind" in flowdata.source_list_problems([{**good, "kind": "blog"}])[0]
    assert "listed twice" in flowdata.source_list_problems([good, good])[0]


@pytest.mark.parametrize("flow_id", flowdata.SOURCED_FLOWS)
def test_every_step_names_known_sources_and_a_certainty(flow_id):
    known = flowdata.sources()
    problems = []
    for step in data.flow(flow_id)["steps"]:
        problems += flowdata.statement_problems(f"{flow_id}#{step['id']}", step, known)
    assert problems == []


def test_every_oces3_flow_is_checked():
    assert {f for f in data.flow_ids() if f.startswith("oces3-")} <= set(flowdata.SOURCED_FLOWS)


def test_every_fact_names_known_sources_and_a_certainty():
    known = flowdata.sources()
    entries = flowdata.fact_entries(data.facts())
    assert len(entries) >= 6
    problems = []
    for name, entry in entries:
        problems += flowdata.statement_problems(name, entry, known)
    assert problems == []


def test_a_step_without_sources_an_unknown_id_or_a_bare_inference_is_refused():
    known = flowdata.sources()
    step = {"id": "s", "title": {"da": "x", "en": "x"}}
    assert flowdata.statement_problems("s", step, known) == [
        "s: names no sources", "s: certainty None is not one of " + str(flowdata.CERTAINTIES)]
    assert flowdata.statement_problems("s", {**step, "sources": ["no-such-source"], "certainty": "confirmed"},
                                       known) == ["s: unknown source 'no-such-source'"]
    bare = {**step, "sources": ["stil-original-guide"], "certainty": "inference"}
    assert "says not what is unknown" in flowdata.statement_problems("s", bare, known)[0]
    assert flowdata.statement_problems("s", {**bare, "certainty": "maybe"}, known)


def test_every_source_is_used():
    used = {i for f in flowdata.SOURCED_FLOWS for s in data.flow(f)["steps"] for i in s.get("sources", [])}
    used |= {i for _, e in flowdata.fact_entries(data.facts()) for i in e.get("sources", [])}
    assert set(flowdata.sources()) - used == set()


def test_a_marked_step_says_so_in_words_and_links_its_unknown():
    words = flowdata.words()
    step = {"id": "s", "title": {"da": "T", "en": "T"}, "certainty": "inference",
            "sources": ["stil-original-guide"]}
    html = render.render_step(step, 1, "da", mark=render.render_certainty_mark(
        step, words, "da", render.unknowns_href("register/", "da", "register", "s")))
    assert '<li class="step" data-certainty="inference">' in html
    assert "Ikke bekræftet" in html and 'href="../oces3/#unknown-register-s"' in html
    confirmed = {**step, "certainty": "confirmed"}
    assert render.render_certainty_mark(confirmed, words, "da", "x") == ""


def _marked(flow_id):
    return [s for s in data.flow(flow_id)["steps"] if s["certainty"] in render.MARKED_CERTAINTIES]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("flow_id", flowdata.SOURCED_FLOWS)
def test_built_flow_pages_mark_steps_and_list_their_sources(built_site, flow_id, lang):
    flow = data.flow(flow_id)
    html = built_page(built_site, flow["page"], lang).read_text(encoding="utf-8")
    unknowns = built_page(built_site, "oces3.md", lang).read_text(encoding="utf-8")
    for step in flow["steps"]:
        li = re.search(r'<li class="step"([^>]*)>\s*(?:<p class="step__route">[^<]*</p>\s*)?<h3 class="step__title" id="%s"' % re.escape(step["id"]), html)
        assert li and f'data-certainty="{step["certainty"]}"' in li.group(1), step["id"]
    for step in _marked(flow_id):
        anchor = render.unknown_anchor(flow_id, step["id"])
        assert f'#{anchor}"' in html, step["id"]
        assert f'id="{anchor}"' in unknowns, anchor
    # The sources section at the flow's end links every source its steps name.
    assert 'id="sources"' in html
    section = html[html.index('id="sources"'):]
    for sid in render.flow_source_ids(flow):
        src = flowdata.sources()[sid]
        assert f'data-source="{sid}"' in section, sid
        if src["kind"] != "local-test":
            assert f'href="{src["address"]}"' in section, sid
    # Marks are words, not colour: the sentence itself is in the page.
    for step in _marked(flow_id):
        assert render.esc(render.t(flowdata.words()["certainty"][step["certainty"]], lang)) in html


@pytest.mark.parametrize("lang", LANGS)
def test_unknowns_lists_every_inference_once(built_site, lang):
    html = built_page(built_site, "oces3.md", lang).read_text(encoding="utf-8")
    listed = re.findall(r'<li id="(unknown-[^"]+)"', html)
    expected = [render.unknown_anchor(f, s["id"]) for f in flowdata.UNKNOWNS_FLOWS for s in _marked(f)]
    assert listed == expected
    assert any(s["certainty"] == "inference" for f in flowdata.UNKNOWNS_FLOWS for s in _marked(f))


# ---------------------------------------------------------------- examples naming a real CA

def _pinned_cas() -> dict[str, str]:
    trust = tomllib.loads((data.ROOT / "checks" / "data" / "trust.toml").read_text(encoding="utf-8"))
    return {a["name"]: a["file"] for a in trust["anchor"]}


def _validity(trust_dir, file) -> tuple[set, set]:
    from cryptography import x509
    from zoneinfo import ZoneInfo

    cert = x509.load_pem_x509_certificate((trust_dir / file).read_bytes())
    cph = ZoneInfo("Europe/Copenhagen")
    # The date as UTC or as Danish time: either is a true way to write it.
    return ({cert.not_valid_before_utc.date(), cert.not_valid_before_utc.astimezone(cph).date()},
            {cert.not_valid_after_utc.date(), cert.not_valid_after_utc.astimezone(cph).date()})


def _examples_naming_a_ca(findings: dict, cas: dict) -> list[tuple[str, str, dict]]:
    out = []
    for code, entry in findings.items():
        for lang, values in (entry.get("example") or {}).items():
            for v in values.values():
                if isinstance(v, str) and v in cas:
                    out.append((code, v, values))
    return out


def test_every_example_that_names_a_pinned_ca_uses_its_real_dates(trust_dir):
    cas = _pinned_cas()
    findings = data.checks_data("findings")
    examples = _examples_naming_a_ca(findings, cas)
    assert any(code == "chain.ca-expired" for code, _, _ in examples)
    for code, name, values in examples:
        before, after = _validity(trust_dir, cas[name])
        if "not_before" in values:
            assert values["not_before"] in before, (code, name, values["not_before"], before)
        if "not_after" in values:
            assert values["not_after"] in after, (code, name, values["not_after"], after)


def test_an_invented_date_for_a_real_ca_is_caught(trust_dir):
    cas = _pinned_cas()
    fake = {"x": {"example": {"da": {"subject": "TRUST2408 Systemtest XIX CA",
                                     "not_before": dt.date(2011, 3, 10), "not_after": dt.date(2023, 10, 31)}}}}
    [(code, name, values)] = _examples_naming_a_ca(fake, cas)
    before, after = _validity(trust_dir, cas[name])
    assert values["not_before"] not in before and values["not_after"] not in after
    assert dt.date(2029, 2, 27) in after
