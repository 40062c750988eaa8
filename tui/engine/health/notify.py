"""Notifications of incidents: at most one per container per minute, and the terminal's own
ways to raise them (a bell, OSC 9 and OSC 777 desktop notifications, which pass over SSH).

Pure: what to write is returned as text; the UI writes it to the terminal.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from tui.engine.health.attention import Incident

PER_CONTAINER_SECONDS = 60.0
#: Anything that could end or nest an OSC string, or act as a control: kept out of it.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f;]")


@dataclass(frozen=True)
class NotifyChannels:
    toast: bool = True
    bell: bool = False
    desktop: bool = False  # OSC 9 and OSC 777 (terminals ignore the one they do not know)


class RateLimit:
    """Allows one notification per key per ``seconds``."""

    def __init__(self, seconds: float = PER_CONTAINER_SECONDS) -> None:
        self.seconds = seconds
        self._last: dict[str, float] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        last = self._last.get(key)
        if last is not None and now - last < self.seconds:
            return False
        self._last[key] = now
        if len(self._last) > 10_000:  # bounded: forget the oldest half
            for old in sorted(self._last, key=self._last.__getitem__)[:5000]:
                del self._last[old]
        return True


def osc_safe(text: str, limit: int = 200) -> str:
    return _UNSAFE.sub(" ", text)[:limit]


def terminal_sequences(incident: Incident, channels: NotifyChannels) -> str:
    """What to write to the terminal for ``incident`` (may be empty)."""
    out = ""
    if channels.bell:
        out += "\a"
    if channels.desktop:
        title = osc_safe(f"dockpit: {incident.name}", 80)
        body = osc_safe(incident.what)
        out += f"\x1b]9;{title}: {body}\x07"
        out += f"\x1b]777;notify;{title};{body}\x07"
    return out
