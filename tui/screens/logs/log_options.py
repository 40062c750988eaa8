"""How a logs view starts: the config file's ``[logs]`` section, unless the caller says."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tui.settings import Settings

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
    def from_settings(cls, settings: Settings, **overrides: Any) -> LogOptions:
        """Options from the Settings (``log_*`` fields), then the overrides that are not None
        (for ``tail``, None means "from the settings"; pass ``tail="all"`` for everything)."""
        options = cls(
            tail=settings.log_tail,
            since=settings.log_since or "",
            max_lines=settings.log_max_lines or DEFAULT_MAX_LINES,
            wrap=settings.log_wrap,
            timestamps=settings.log_timestamps,
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        if given.get("tail") == "all":
            given["tail"] = None
        return replace(options, **given)
