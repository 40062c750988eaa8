"""How a logs view starts: the config file's ``[logs]`` section, unless the caller says."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

DEFAULT_TAIL = 500
DEFAULT_MAX_LINES = 10_000


@dataclass(frozen=True)
class LogOptions:
    tail: int | None = DEFAULT_TAIL  # lines of history to start with (None: all)
    since: str = ""  # "", "5m", "1h", a timestamp
    max_lines: int = DEFAULT_MAX_LINES  # the line cap of the view
    wrap: bool = False
    timestamps: bool = False

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> LogOptions:
        """Options from a Settings object (``log_*`` fields; missing ones keep the defaults),
        then the overrides that are not None (for ``tail``, None means "from the settings";
        pass ``tail="all"`` for everything)."""
        base = cls()
        options = cls(
            tail=getattr(settings, "log_tail", base.tail),
            since=str(getattr(settings, "log_since", base.since) or ""),
            max_lines=int(getattr(settings, "log_max_lines", base.max_lines) or base.max_lines),
            wrap=bool(getattr(settings, "log_wrap", base.wrap)),
            timestamps=bool(getattr(settings, "log_timestamps", base.timestamps)),
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        if given.get("tail") == "all":
            given["tail"] = None
        return replace(options, **given)
