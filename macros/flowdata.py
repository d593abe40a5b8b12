"""Reads the OCES3 flow pages' own data files in docs/_data/: their interface words
(flow-words.yml) and the allow-list of confirmed on-screen labels (screen-labels.yml).
The flows themselves are read by macros.data.flow."""

from __future__ import annotations

import datetime as dt
import functools

import yaml

from macros.data import DATA


@functools.cache
def _load(name: str) -> dict:
    with (DATA / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def words() -> dict:
    return _load("flow-words.yml")


def screen_labels() -> list[dict]:
    return _load("screen-labels.yml")["labels"]


@functools.cache
def sources() -> dict:
    """The guide's sources (sources.yml) by id."""
    return {s["id"]: s for s in _load("sources.yml")["sources"]}


# The flows whose marked steps /oces3/#unknowns collects, in the order of the journey.
UNKNOWNS_FLOWS = ("oces3-test", "oces3-prod", "oces3-export", "register", "oces3-renewal")


def fact_entries(facts: dict) -> list[tuple[str, dict]]:
    """Every fact of facts.yml that must name its sources: the seed's prices, each text,
    the example message and each OCES3 price, as (name, entry)."""
    out = [("prices", facts["prices"]), ("message_example", facts["message_example"])]
    out += [(f"texts.{k}", v) for k, v in facts["texts"].items()]
    out += [(f"oces3_prices.{k}", v) for k, v in facts["oces3_prices"].items()]
    return out


SOURCE_KINDS = ("official", "vendor", "original-guide", "local-test")
CERTAINTIES = ("confirmed", "vendor-only", "original-guide", "inference")
SOURCED_FLOWS = ("oces3-test", "oces3-prod", "oces3-export", "oces3-renewal", "oces3-system", "register")


def source_list_problems(entries: list[dict]) -> list[str]:
    """What is wrong with a list of sources (sources.yml): missing keys, an unknown kind,
    a `read` that is not a date, an id used twice."""

    problems, seen = [], set()
    for s in entries:
        sid = s.get("id", "?")
        for key in ("id", "title", "address", "publisher", "kind", "read"):
            if not s.get(key):
                problems.append(f"source {sid}: no {key}")
        if s.get("kind") and s["kind"] not in SOURCE_KINDS:
            problems.append(f"source {sid}: kind {s['kind']!r} is not one of {SOURCE_KINDS}")
        if s.get("read") and not isinstance(s["read"], dt.date):
            problems.append(f"source {sid}: read {s['read']!r} is not an ISO date")
        if sid in seen:
            problems.append(f"source {sid}: listed twice")
        seen.add(sid)
    return problems


def statement_problems(name: str, entry: dict, known: dict) -> list[str]:
    """What is wrong with one step's or fact's sources and certainty: none named, an
    unknown source id, no or an unknown certainty, a marked one without its `unknown` text."""
    problems = []
    ids = entry.get("sources")
    if not ids or not isinstance(ids, list):
        problems.append(f"{name}: names no sources")
    else:
        problems += [f"{name}: unknown source {i!r}" for i in ids if i not in known]
    c = entry.get("certainty")
    if c not in CERTAINTIES:
        problems.append(f"{name}: certainty {c!r} is not one of {CERTAINTIES}")
    if "steps" not in entry and c in ("inference", "original-guide") and "title" in entry:
        u = entry.get("unknown")
        if not (isinstance(u, dict) and u.get("da") and u.get("en")):
            problems.append(f"{name}: marked {c} but says not what is unknown (`unknown: {{da, en}}`)")
    return problems
