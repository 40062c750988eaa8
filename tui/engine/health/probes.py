"""A container's health as its inspect output records it: status, streak, the probe history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text, strip_sgr

#: Characters of one probe's output kept (the engine keeps 4 KiB).
OUTPUT_KEEP = 4096


@dataclass(frozen=True)
class Probe:
    start: datetime | None
    end: datetime | None
    exit_code: int
    output: str

    @property
    def seconds(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class Health:
    status: str  # healthy | unhealthy | starting | none (no check) | "" (engine says nothing)
    failing_streak: int = 0
    test: str = ""
    probes: tuple[Probe, ...] = ()
    restart_count: int = 0
    exit_code: int | None = None
    oom_killed: bool = False

    @property
    def last_failure(self) -> Probe | None:
        return next((p for p in reversed(self.probes) if p.exit_code != 0), None)


def health_from_inspect(info: dict[str, Any]) -> Health:
    state = info.get("State") or {}
    raw = state.get("Health")
    config = (info.get("Config") or {}).get("Healthcheck") or {}
    test = config.get("Test") or []
    test_text = " ".join(str(t) for t in test[1:]) if isinstance(test, list) else str(test)
    exit_code = state.get("ExitCode") if state.get("Status") in ("exited", "dead") else None
    base = Health(
        "",
        test=clean_text(test_text),
        restart_count=int(info.get("RestartCount") or 0),
        exit_code=exit_code if isinstance(exit_code, int) else None,
        oom_killed=bool(state.get("OOMKilled")),
    )
    if not isinstance(raw, dict):
        none = test[:1] == ["NONE"] if isinstance(test, list) else False
        return replace(base, status="none" if (none or not test) else "")
    probes = tuple(
        Probe(
            parse_time(p.get("Start")),
            parse_time(p.get("End")),
            int(p.get("ExitCode") or 0),
            strip_sgr(
                clean_text(str(p.get("Output") or "")[:OUTPUT_KEEP].strip(), keep_newlines=True)
            ),
        )
        for p in raw.get("Log") or []
        if isinstance(p, dict)
    )
    return replace(
        base,
        status=clean_text(str(raw.get("Status") or "")),
        failing_streak=int(raw.get("FailingStreak") or 0),
        probes=probes,
    )
