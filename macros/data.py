"""Reads the site's data: step flows and published slugs (docs/_data/), and the
checker's own data files (checks/data/*.toml) straight from disk, so the guide and the
checker read the same facts. Nothing here depends on MkDocs."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from checks.catalogue import LANGUAGES
from checks.datafiles import load as load_checks_data

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "_data"
STEPS = DATA / "steps"


def checks_data(name: str) -> dict:
    """The parsed `checks/data/<name>.toml` (findings, trust, policy, words): the checker's own reader."""
    return load_checks_data(name)


@functools.cache
def site_ui() -> dict:
    """The interface words of the site's macros (docs/_data/ui.yml), Danish and English."""
    with (DATA / "ui.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.cache
def site_texts() -> dict:
    """The footer and 404 texts of the theme templates (docs/_data/site.yml)."""
    with (DATA / "site.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.cache
def reviewed_pages() -> dict:
    """Fact pages (not flows) → the day each was last checked against its sources (reviewed.yml)."""
    with (DATA / "reviewed.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)["pages"]


@functools.cache
def journey() -> list[dict]:
    """The journey's tasks in order (docs/_data/journey.yml)."""
    with (DATA / "journey.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)["tasks"]


def flow_ids() -> list[str]:
    return sorted(p.stem for p in STEPS.glob("*.yml"))


@functools.cache
def _raw_flow(flow_id: str) -> dict:
    with (STEPS / f"{flow_id}.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def flow(flow_id: str) -> dict:
    """A flow with every `ref: other-flow/step-id` step resolved (the referenced step,
    shallowly updated by the referring step's own keys)."""
    raw = _raw_flow(flow_id)
    steps = []
    for step in raw["steps"]:
        if "ref" in step:
            ref_flow, ref_step = step["ref"].split("/")
            base = next((s for s in flow(ref_flow)["steps"] if s["id"] == ref_step), None)
            if base is None:
                raise KeyError(f"{flow_id}: ref {step['ref']!r} names no step")
            merged = dict(base)
            merged.update({k: v for k, v in step.items() if k != "ref"})
            step = merged
        steps.append(step)
    return {**raw, "steps": steps}


FINDINGS_PAGE = "findings.md"


def expand_slug(entry: dict, findings: dict) -> dict:
    """A slug entry with `finding: <code>` expanded to the findings page, the code as
    anchor and the catalogue's message as description."""
    if "finding" not in entry:
        return entry
    code = entry["finding"]
    if code not in findings:
        raise KeyError(f"slug {entry['slug']!r}: no finding code {code!r} in findings.toml")
    texts = findings[code]
    return {
        "slug": entry["slug"],
        "page": FINDINGS_PAGE,
        "anchor": code,
        "finding": code,
        "topic": "findings",
        "description": {lang: texts[lang]["message"] for lang in LANGUAGES},
    }


@functools.cache
def slugs() -> list[dict]:
    """Every published slug, in file order: {slug, page, anchor?, description{da,en}}."""
    with (DATA / "slugs.yml").open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)["slugs"]
    findings = checks_data("findings")
    out: list[dict] = []
    for entry in raw:
        if entry.get("findings") == "all":
            explicit = {e.get("slug") for e in raw}
            out.extend(
                expand_slug({"slug": code, "finding": code}, findings) for code in findings if code not in explicit
            )
        else:
            out.append(expand_slug(entry, findings))
    return out


@functools.cache
def facts() -> dict:
    with (DATA / "facts.yml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)
