"""The engine's status text ("Up 3 minutes (healthy)", "Exited (1) 2 hours ago") read back.

The container list carries only this human text, not StartedAt/FinishedAt; reading the age
back from it keeps the list inspect-free (fast at 500+ containers). The text is rounded the
way docker/go-units HumanDuration rounds, so the age found is a lower bound; events give exact
times later (see ``since`` in container_view).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import humanize

_UNITS = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
}
_AGE_RE = re.compile(
    r"^(?:Up|Exited \(-?\d+\)|Restarting \(-?\d+\))\s+(?P<age>.+?)(?:\s+ago)?(?:\s+\(.*\))?$"
)
_NUMBER_RE = re.compile(r"^(?P<n>\d+)\s+(?P<unit>[a-z]+?)s?$")


def parse_duration(text: str) -> timedelta | None:
    """A go-units HumanDuration ("3 minutes", "About an hour", "Less than a second")."""
    words = text.strip().lower()
    if words == "less than a second":
        return timedelta(0)
    if words.startswith("about a"):
        unit = words.split()[-1]
        seconds = _UNITS.get(unit)
        return timedelta(seconds=seconds) if seconds else None
    match = _NUMBER_RE.match(words)
    if not match or match["unit"] not in _UNITS:
        return None
    return timedelta(seconds=int(match["n"]) * _UNITS[match["unit"]])


def status_age(status: str) -> timedelta | None:
    """How long ago the container started (Up) or finished (Exited/Restarting), if said."""
    match = _AGE_RE.match(status.strip())
    if not match:
        return None
    return parse_duration(match["age"])


def since_from_status(status: str, listed_at: datetime) -> datetime | None:
    age = status_age(status)
    return None if age is None else listed_at - age


def uptime_text(state: str, since: datetime | None, created: datetime | None, now: datetime) -> str:
    """ "up 3 minutes", "exited 2 hours ago", "created 5 minutes ago" or the bare state."""
    if state in ("running", "paused", "restarting") and since is not None:
        return f"up {humanize.naturaldelta(max(now - since, timedelta(0)))}"
    if state in ("exited", "dead") and since is not None:
        return f"exited {humanize.naturaldelta(max(now - since, timedelta(0)))} ago"
    if state == "created" and created is not None:
        return f"created {humanize.naturaldelta(max(now - created, timedelta(0)))} ago"
    return state
