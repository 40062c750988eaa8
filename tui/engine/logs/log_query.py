"""Pure helpers of the logs view: ``since`` values, search and filter patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from tui.engine.core.model import parse_time

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)


def parse_duration(text: str) -> float:
    """ "90s", "5m", "1h30m", "2d" -> seconds. ValueError when it is not a duration."""
    value = text.strip().replace(" ", "")
    if not value:
        raise ValueError("empty duration")
    pos = 0
    total = 0.0
    for match in _DURATION_RE.finditer(value):
        if match.start() != pos:
            raise ValueError(f"not a duration: {text!r}")
        unit = match.group(2).lower()
        number = float(match.group(1))
        total += number / 1000 if unit == "ms" else number * _UNITS[unit]
        pos = match.end()
    if pos != len(value) or pos == 0:
        raise ValueError(f"not a duration: {text!r}")
    return total


def parse_since(text: str, now: datetime | None = None) -> float | None:
    """A ``since`` as the user types it -> unix seconds, or None for "from the start".

    Accepts durations back from now (5m, 1h, 1h30m, 2d), RFC 3339 / ISO 8601 timestamps
    (a bare date-time is UTC) and unix seconds. ValueError otherwise.
    """
    value = text.strip()
    if value in ("", "0", "all", "-"):
        return None
    now = now or datetime.now(timezone.utc)
    try:
        return now.timestamp() - parse_duration(value)
    except ValueError:
        pass
    if re.fullmatch(r"\d{9,11}(\.\d+)?", value):
        return float(value)
    when = parse_time(value.replace(" ", "T", 1) if "T" not in value else value)
    if when is None:
        raise ValueError(f"not a time or a duration: {value!r} (try 5m, 1h, 2026-01-31T12:00:00Z)")
    return when.timestamp()


def parse_tail(text: str) -> int | None:
    """A tail as typed: a number of lines, or "all" (None)."""
    value = text.strip().lower()
    if value in ("all", "", "-1"):
        return None
    number = int(value)
    if number < 0:
        raise ValueError("tail must be a number of lines or 'all'")
    return number


@dataclass(frozen=True)
class Query:
    """What the user searches or filters for."""

    text: str
    regex: bool = False
    case_sensitive: bool = False

    def compile(self) -> re.Pattern[str] | None:
        """The pattern, or None when the query is empty. ValueError for a bad regex."""
        if not self.text:
            return None
        source = self.text if self.regex else re.escape(self.text)
        flags = 0 if self.case_sensitive else re.IGNORECASE
        try:
            return re.compile(source, flags)
        except re.error as error:
            raise ValueError(f"bad regular expression: {error}") from None


def find_spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Where the pattern matches (empty matches left out)."""
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def line_matches(pattern: re.Pattern[str] | None, text: str, inverse: bool = False) -> bool:
    """Does a line pass the filter? No pattern: every line passes."""
    if pattern is None:
        return True
    found = pattern.search(text) is not None
    return found != inverse
