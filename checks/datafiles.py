"""Reads the package's data files (TOML), once each."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources


@functools.cache
def load(name: str) -> dict:
    """The parsed `checks/data/<name>.toml`."""
    with resources.files("checks").joinpath("data", f"{name}.toml").open("rb") as f:
        return tomllib.load(f)
