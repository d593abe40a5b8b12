"""Issue 15, item 7: commands and programs with copy buttons, alternative routes shown as
A/B/C (not consecutive steps), and notes that are notes, warnings only for loss or risk."""

from __future__ import annotations

import re

import pytest

from macros import data, render

FLOW = {
    "id": "demo", "page": "demo.md",
    "routes": {"A": {"da": "Linux", "en": "Linux"}, "B": {"da": "Windows", "en": "Windows"}},
    "steps": [
        {"id": "start", "title": {"da": "Start", "en": "Start"}},
        {"id": "a1", "route": "A", "title": {"da": "Et", "en": "One"}, "commands": ["ls -l cert.pem"]},
        {"id": "a2", "route": "A", "title": {"da": "To", "en": "Two"},
         "snippets": [{"language": "python", "file": "x.py", "code": "if a < b:\n    print('&')\n"}]},
        {"id": "b", "route": "B", "title": {"da": "Tre", "en": "Three"},
         "notes": [{"da": "Til info.", "en": "For information."}],
         "warnings": [{"da": "Pas på nøglen.", "en": "Mind the key."}]},
        {"id": "end", "title": {"da": "Slut", "en": "End"}},
    ],
}


def test_route_steps_are_lettered_and_not_counted():
    assert render.step_labels(FLOW) == ["1", "A1", "A2", "B", "2"]
    out = render.render_steps(FLOW, "da")
    assert re.findall(r'data-number="([^"]+)"', out) == ["1", "A1", "A2", "B", "2"]
    assert out.count('class="step__route"') == 2
    assert "Vej A af 2: Linux" in out and "Vej B af 2: Windows" in out
    assert "Route B of 2: Windows" in render.render_steps(FLOW, "en")
    assert out.count('<li class="step"') == 5 and out.count('data-route="A"') == 2


def test_a_route_split_in_two_or_unnamed_is_refused():
    split = {**FLOW, "steps": [FLOW["steps"][1], FLOW["steps"][3], FLOW["steps"][2]]}
    with pytest.raises(ValueError):
        render.step_labels(split)
    with pytest.raises(KeyError):
        render.render_steps({**FLOW, "routes": {"A": FLOW["routes"]["A"]}}, "da")


def test_commands_and_programs_get_copy_buttons_and_keep_their_text():
    out = render.render_steps(FLOW, "en")
    assert out.count('class="copy-code" hidden') == 2
    assert '<pre class="step__snippet" data-language="python">if a &lt; b:\n    print(&#x27;&amp;&#x27;)</pre>' in out
    assert "<code>x.py</code>" in out
    # the command box's words joined by spaces are the command itself
    words = re.search(r'<pre class="step__command">(.*?)</pre>', out).group(1)
    assert re.sub(r"<[^>]+>", "", words) == "ls -l cert.pem"


def test_notes_are_notes_and_warnings_warnings():
    out = render.render_steps(FLOW, "da")
    assert '<div class="admonition note"><p class="admonition-title">Bemærk</p><p>Til info.</p>' in out
    assert '<div class="admonition warning"><p class="admonition-title">Vigtigt</p><p>Pas på nøglen.</p>' in out
    assert "NB!" not in out


def test_the_export_routes_are_alternatives():
    flow = data.flow("oces3-export")
    assert render.step_labels(flow) == ["1", "A1", "A2", "A3", "B", "C", "D", "2"]


def test_the_warnings_in_the_flows_warn_of_loss_or_risk():
    """Each warning speaks of the key, the password, sending or losing something."""
    risk = re.compile(r"nøgle|adgangskode|aldrig|mist|slet|CPR|udløb|vent ikke|kun denne ene gang", re.I)
    for flow_id in data.flow_ids():
        for step in data.flow(flow_id)["steps"]:
            for w in step.get("warnings", []):
                assert risk.search(w["da"]), (flow_id, step["id"], w["da"])


def test_every_alternate_has_a_sitemap_for_the_theme(built_site):
    """Review n22: the theme fetches sitemap.xml beside each hreflang alternate; none 404s."""
    from urllib.parse import urljoin, urlsplit

    from hooks.i18n_404 import _ALTERNATE

    missing, seen = [], 0
    for html in built_site.rglob("*.html"):
        rel = html.relative_to(built_site).as_posix()
        if rel.startswith("assets/"):
            continue
        for href in _ALTERNATE.findall(html.read_text(encoding="utf-8")):
            seen += 1
            path = urlsplit(urljoin(f"http://site/{rel}", href)).path.lstrip("/")
            if not (built_site / path / "sitemap.xml").is_file():
                missing.append((rel, href))
    assert seen > 60 and missing == []
    root = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in root  # the real sitemap is untouched
