"""Reads the package's data files (TOML), once each."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

# Beside this module, in the source tree and in an installed wheel (CPython and Pyodide
# alike); a plain path keeps importlib.resources (a few ms) out of the CLI's start.
DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def load(name: str) -> dict:
    """The parsed `checks/data/<name>.toml`."""
    with open(DATA / f"{name}.toml", "rb") as f:
        return tomllib.load(f)
