"""Findings: a stable code with parameters, rendered in Danish or English from the catalogue."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from checks.datafiles import load

LANGUAGES = ("da", "en")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return entry(self.code)["severity"]

    def render(self, lang: str) -> dict:
        return render(self, lang)


def catalogue() -> dict:
    """Every finding code with its severity and texts (da and en)."""
    return load("findings")


def entry(code: str) -> dict:
    try:
        return catalogue()[code]
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}") from None


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def render(finding: Finding, lang: str) -> dict:
    """The finding as the JSON report carries it, texts in `lang`."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    e = entry(finding.code)
    texts = e[lang]
    params = dict(finding.params)
    return {
        "code": finding.code,
        "severity": e["severity"],
        "message": texts["message"].format(**params),
        "hint": texts["hint"].format(**params),
    }


def word(group: str, key: str, lang: str, form: str = "") -> str:
    """A name from words.toml, e.g. word("kind", "function", "en")."""
    return load("words")[group][key][f"{form}_{lang}" if form else lang]
