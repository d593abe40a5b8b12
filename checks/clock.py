"""Times: the validation time is always an argument, never `now()` buried in the checks."""

from __future__ import annotations

from datetime import UTC, datetime


def aware(moment: datetime) -> datetime:
    """A time without a zone is taken as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def parse(text: str | None) -> datetime:
    """ISO 8601 (a trailing Z allowed; no zone = UTC), or now when empty, as a UTC time.
    ValueError if not a time, or if it falls outside years 1–9999 once taken to UTC
    (9999-12-31T23:59:59-01:00 is in year 10000)."""
    if not text or not text.strip():
        return datetime.now(UTC)
    text = text.strip()
    if not text.isascii():  # fromisoformat accepts other scripts' digits; a time here is ASCII
        raise ValueError("not an ISO-8601 time")
    try:
        moment = aware(
            datetime.fromisoformat(text.removesuffix("Z").removesuffix("z") + ("+00:00" if text[-1:] in "Zz" else ""))
        )
    except ValueError:
        raise ValueError("not an ISO-8601 time") from None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("outside the years 1 to 9999 in UTC") from None
