"""Times: the validation time is always an argument, never `now()` buried in the checks."""

from __future__ import annotations

from datetime import datetime, timezone


def aware(moment: datetime) -> datetime:
    """A time without a zone is taken as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat()


def parse(text: str | None) -> datetime:
    """ISO 8601 (a trailing Z allowed; no zone = UTC), or now when empty. ValueError if not a time."""
    if not text or not text.strip():
        return datetime.now(timezone.utc)
    return aware(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
