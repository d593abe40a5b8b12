"""Reads the OCES3 flow pages' own data files in docs/_data/: their interface words
(flow-words.yml) and the allow-list of confirmed on-screen labels (screen-labels.yml).
The flows themselves are read by macros.data.flow."""

from __future__ import annotations

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
