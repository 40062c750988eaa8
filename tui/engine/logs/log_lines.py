"""Log lines as the engine sends them, and the thread-safe bounded buffer they wait in.

A :class:`LogLine` keeps the raw bytes of one line; its safe text (``text``: SGR colour kept,
every other control made visible, invalid UTF-8 as U+FFFD) is computed on first use, so lines
that scroll out of a busy view before anyone looks at them cost next to nothing.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from datetime import datetime, timezone

from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_log_line, clean_text, decode, strip_sgr

_TS_RE = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:\d\d)")

STDOUT = 1
STDERR = 2
MARKER = 9  # a line written by dockpit itself (stream restarted, container removed, ...)

#: Lines longer than this many bytes are kept truncated; their full length is noted.
MAX_LINE_BYTES = 64 * 1024


def normalize_ts(token: bytes | str) -> str:
    """An engine timestamp as fixed-width UTC RFC 3339 with nanoseconds ("" when unknown).

    Fixed width makes timestamps sortable as strings (merged logs); the engine's own
    format (RFC3339NanoFixed in UTC) passes through untouched.
    """
    text = token.decode("ascii", "replace") if isinstance(token, (bytes, bytearray)) else token
    if len(text) == 30 and text[19] == "." and text[29] == "Z" and text[4] == "-":
        return text
    match = _TS_RE.fullmatch(text.strip())
    if match is None:
        return ""
    base, fraction, zone = match.groups()
    try:
        when = datetime.fromisoformat(base + ("+00:00" if zone in ("Z", "z") else zone))
    except ValueError:
        return ""
    nanos = (fraction or "")[:9].ljust(9, "0")
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + nanos + "Z"


def ts_from_datetime(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"


def ts_to_since(ts: str, plus_nanos: int = 0) -> str:
    """A fixed timestamp as the API's ``since`` value ("seconds.nanoseconds")."""
    when = parse_time(ts)
    if when is None:
        return "0"
    seconds = int(when.replace(microsecond=0).timestamp())
    nanos = int(ts[20:29]) + plus_nanos
    seconds += nanos // 1_000_000_000
    return f"{seconds}.{nanos % 1_000_000_000:09d}"


class LogLine:
    """One line of one container's log. ``source`` indexes the containers being shown."""

    __slots__ = ("source", "stream", "ts", "raw", "length", "_text", "_plain")

    def __init__(self, source: int, stream: int, ts: str, raw: bytes, length: int = -1) -> None:
        self.source = source
        self.stream = stream
        self.ts = ts
        self.raw = raw
        self.length = len(raw) if length < 0 else length
        self._text: str | None = None
        self._plain: str | None = None

    @classmethod
    def marker(cls, source: int, ts: str, message: str) -> LogLine:
        return cls(source, MARKER, ts, clean_text(message).encode())

    @property
    def truncated(self) -> bool:
        return self.length > len(self.raw)

    @property
    def text(self) -> str:
        """Safe text: SGR colour sequences kept, every other control shown as an escape."""
        if self._text is None:
            text = decode(self.raw)
            self._text = clean_log_line(text.expandtabs(8) if "\t" in text else text)
        return self._text

    @property
    def plain(self) -> str:
        """Safe text without colour: what search, filter, copy and save see."""
        if self._plain is None:
            text = self.text
            self._plain = strip_sgr(text) if "\x1b" in text else text
        return self._plain

    def __repr__(self) -> str:
        return f"LogLine({self.source}, {self.stream}, {self.ts!r}, {self.raw[:40]!r})"


class LineBuffer:
    """Lines handed from stream threads to the UI: bounded, thread-safe, counts what it drops."""

    def __init__(self, cap: int) -> None:
        self._lock = threading.Lock()
        self._lines: deque[LogLine] = deque(maxlen=max(1, cap))
        self._dropped = 0
        self.received = 0

    def extend(self, lines: list[LogLine]) -> None:
        if not lines:
            return
        with self._lock:
            overflow = len(self._lines) + len(lines) - (self._lines.maxlen or 0)
            if overflow > 0:
                self._dropped += overflow
            self._lines.extend(lines)
            self.received += len(lines)

    def drain(self) -> tuple[list[LogLine], int]:
        """Everything waiting, and how many lines were dropped since the last drain."""
        with self._lock:
            lines = list(self._lines)
            self._lines.clear()
            dropped, self._dropped = self._dropped, 0
        return lines, dropped
