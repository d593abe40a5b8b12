"""Findings: a stable code with parameters, rendered in Danish or English from the catalogue."""

from __future__ import annotations

import datetime as _dt
import string
from dataclasses import dataclass, field
from typing import cast

from checks.contract import Guide, RenderedFinding, Severity
from checks.datafiles import load

LANGUAGES = ("da", "en")  # the one list: macros/ and the CLI import it
DEFAULT_LANGUAGE = "da"  # Danish first (DESIGN.md): the site's root, the CLI's default
SEVERITIES = ("error", "warning", "info")
MAX_NAME_CHARS = 200  # a certificate name longer than this is shortened in sentences (the JSON facts keep it whole)
NAME_PARAMS = {"subject", "issuer", "leaf"}  # parameters that carry a name read from a certificate


@dataclass(frozen=True)
class Phrase:
    """A parameter in no language yet: the key of a phrase in a data table, and the values the
    phrase quotes. `table` is "<data file>.<table>" (e.g. "words.kind", "input.malformed"); the
    phrase is `table[key][lang]` (or `[f"{form}_{lang}"]`), or one string for both languages.
    Rendered in the reader's language by `render`, like a date or a size."""

    table: str
    key: str
    values: tuple[tuple[str, object], ...] = ()
    form: str = ""


@dataclass(frozen=True)
class PhraseList:
    """Several phrases (or plain values) in one parameter, joined as the language joins them
    (words.toml [joiner]: "and" or "comma")."""

    items: tuple[Phrase | str, ...]
    joiner: str = "and"


@dataclass(frozen=True)
class Size:
    """A number of bytes, written as people write it in the reader's language ("1,4 MB")."""

    bytes: int | None  # None: not known (a pipe, a device)


@dataclass(frozen=True)
class Finding:
    code: str
    params: dict = field(default_factory=dict)
    level: str | None = None  # overrides the catalogue's severity (e.g. a note for the other environment)

    @property
    def severity(self) -> str:
        return self.level or entry(self.code)["severity"]

    def render(self, lang: str) -> RenderedFinding:
        return render(self, lang)


def catalogue() -> dict:
    """Every finding code with its severity and texts (da and en)."""
    return load("findings")


def causes() -> list[dict]:
    """The causes in the report's order: [{"id", "da", "en"}, …] (causes.toml)."""
    return load("causes")["cause"]


def cause_rank(code: str) -> int:
    """The place of a finding's cause in the report's order."""
    return _CAUSE_RANK[entry(code)["cause"]]


def entry(code: str) -> dict:
    try:
        return catalogue()[code]
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}") from None


_CAUSE_RANK = {c["id"]: rank for rank, c in enumerate(load("causes")["cause"])}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def format_date(day: _dt.date, lang: str) -> str:
    """A date as running text: "12. marts 2026" (da), "12 March 2026" (en). The one date in
    words of the checker, the summary and the site (macros import it); months in words.toml."""
    month = load("words")["months"][check_lang(lang)][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "da" else f"{day.day} {month} {day.year}"


def shorten(text: str, limit: int = MAX_NAME_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(key: str, value, lang: str):
    """A parameter's value as a sentence in `lang` shows it."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return format_date(value, lang)
    if isinstance(value, Phrase):
        return phrase(value, lang)
    if isinstance(value, PhraseList):
        joiner = load("words")["joiner"][value.joiner][lang]
        return joiner.join(str(_shown(key, item, lang)) for item in value.items)
    if isinstance(value, Size):
        return format_size(value.bytes, lang)
    if key in NAME_PARAMS and isinstance(value, str):
        return shorten(value)
    return value


def phrase(p: Phrase, lang: str) -> str:
    """The words of a Phrase in `lang`, its values filled in (each shown as a parameter is)."""
    file, _, path = p.table.partition(".")
    table = load(file)
    for part in path.split("."):
        table = table[part]
    text = table[p.key]
    if not isinstance(text, str):
        text = text[f"{p.form}_{lang}" if p.form else lang]
    return text.format(**{k: _shown(k, v, lang) for k, v in p.values}) if p.values else text


def format_size(size: int | None, lang: str) -> str:
    """A size past the limit as people write it; "more than 1 MB" when unknown or close."""
    more = load("input")["size"]["unknown"][lang]
    if size is None:
        return more
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= scale:
            value = round(size / scale, 1)
            if unit == "MB" and value <= 1.0:
                return more
            text = f"{value:.1f}".removesuffix(".0")
            return (text.replace(".", ",") if lang == "da" else text) + " " + unit
    return more


def check_lang(lang: str) -> str:
    """`lang` when it is one of LANGUAGES, else ValueError."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    return lang


def _texts(code: str, lang: str, params: dict) -> dict:
    texts = entry(code)[lang]
    shown = {k: _shown(k, v, lang) for k, v in params.items()}
    return {"message": texts["message"].format(**shown), "hint": texts["hint"].format(**shown)}


def guide(code: str, lang: str) -> Guide | None:
    """The guide's page that shows how to do what a finding asks: {"page": path relative to the
    language's root, "title": its title in `lang`}, or None."""
    page = entry(code).get("guide")
    return {"page": page, "title": load("guides")[page][lang]} if page else None


def render(finding: Finding, lang: str) -> RenderedFinding:
    """The finding as the JSON report carries it, texts in `lang`: dates in words, long values
    shortened; `guide` where a page of the guide shows how."""
    check_lang(lang)
    texts = _texts(finding.code, lang, finding.params)
    out: RenderedFinding = {
        "code": finding.code,
        "severity": cast(Severity, finding.severity),
        "message": texts["message"],
        "hint": texts["hint"],
    }
    if (page := guide(finding.code, lang)) is not None:
        out["guide"] = page
    return out


def example_values(e: dict, lang: str) -> dict[str, str]:
    """Placeholder → its example value as a sentence shows it (dates in words), from a catalogue
    entry's `example.<lang>` table; placeholders without an example are left out."""
    check_lang(lang)
    return {k: str(_shown(k, v, lang)) for k, v in e.get("example", {}).get(lang, {}).items()}


def example(code: str, lang: str) -> dict:
    """{"message", "hint"} of `code` filled with the catalogue's example values (for the findings
    and support pages). A placeholder without an example shows as its name in brackets."""
    e = entry(code)
    values = example_values(e, lang)
    for name in placeholders(e[lang]["message"] + e[lang]["hint"]):
        values.setdefault(name, f"[{name}]")
    texts = e[lang]
    return {"message": texts["message"].format(**values), "hint": texts["hint"].format(**values)}


def word(group: str, key: str, lang: str, form: str = "") -> str:
    """A name from words.toml, e.g. word("kind", "function", "en")."""
    return phrase(Phrase(f"words.{group}", key, form=form), lang)
