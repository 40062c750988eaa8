"""The attention model: what is wrong with which container, read from the events stream alone.

Pure: events go in (``observe``), incidents come out. What each engine sequence means (seen on
the sandbox engine, dockerd 20.10):

- ``docker stop``: kill (signal 15) [kill (9)] -> die -> stop          a user action, no incident
- ``docker kill`` / ``rm -f``: kill (9) -> die [-> destroy]            a user action, no incident
- a crash: die with exitCode != 0 and no kill just before              "exited with code N"
- killed from outside (exit code 128+N, no kill event)                 "killed by signal N"
- an OOM kill: oom -> die (137)                                        "OOM killed"
- ``--restart`` policies restarting a dead container: die -> start     counted: a crash loop at
  LOOP_RESTARTS restarts within LOOP_WINDOW seconds
- ``health_status: unhealthy``                                         "unhealthy" (the probe's
  output is attached by the watcher, from inspect)
- daemon events / a lost stream: the engine restarted                  "engine restarted"
"""

from __future__ import annotations

import signal
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from tui.engine.core.model import Container, EngineEvent

LOOP_RESTARTS = 3
LOOP_WINDOW = 300.0  # seconds
USER_KILL_WINDOW = 15.0  # a die this soon after a kill event was asked for by someone

UNHEALTHY = "unhealthy"
CRASH_LOOP = "crash-looping"
OOM = "OOM killed"
EXITED = "exited with errors"
SIGNALLED = "killed by a signal"
ENGINE = "engine restarted"

#: Severity order for the strip (most severe first).
KINDS = (OOM, CRASH_LOOP, UNHEALTHY, EXITED, SIGNALLED, ENGINE)
SEVERITY = {OOM: "error", CRASH_LOOP: "error", UNHEALTHY: "warning", EXITED: "warning",
            SIGNALLED: "warning", ENGINE: "information"}  # fmt: skip


@dataclass(frozen=True)
class Incident:
    when: datetime
    container_id: str
    name: str
    kind: str
    what: str  # one line a user reads: "exited with code 3", "restarted 4 times in 5 min"
    exit_code: int | None = None
    last_lines: tuple[str, ...] = ()  # the container's last log lines, captured at the time
    detail: str = ""  # the failing probe's output, ...

    def with_lines(self, lines: tuple[str, ...]) -> Incident:
        return replace(self, last_lines=lines)

    def with_detail(self, detail: str) -> Incident:
        return replace(self, detail=detail)


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


@dataclass
class _Tracked:
    name: str = ""
    last_kill: float | None = None
    oom_at: float | None = None
    died_at: float | None = None
    restarts: deque[float] = field(default_factory=lambda: deque(maxlen=50))
    looping: bool = False
    unhealthy: bool = False
    exit_code: int | None = None
    user_stopped: bool = False


def _seconds(event: EngineEvent) -> float:
    when = event.time or datetime.now(timezone.utc)
    return when.timestamp()


class AttentionModel:
    """Per-container state from events; ``observe`` returns the incidents an event raises."""

    def __init__(self) -> None:
        self._tracked: dict[str, _Tracked] = {}

    def _get(self, event: EngineEvent) -> _Tracked:
        tracked = self._tracked.setdefault(event.actor_id, _Tracked())
        tracked.name = event.attributes.get("name", tracked.name) or event.actor_id[:12]
        return tracked

    def observe(self, event: EngineEvent) -> list[Incident]:
        if event.type == "daemon" or (event.type == "" and event.action == "engine-restart"):
            return (
                [self._engine_incident(event)]
                if event.action in ("restart", "engine-restart")
                else []
            )
        if event.type != "container" or not event.actor_id:
            return []
        tracked = self._get(event)
        now = _seconds(event)
        action = event.action
        when = datetime.fromtimestamp(now, timezone.utc)

        def incident(kind: str, what: str, code: int | None = None) -> Incident:
            return Incident(when, event.actor_id, tracked.name, kind, what, code)

        if action == "kill":
            tracked.last_kill = now
            return []
        if action == "oom":
            tracked.oom_at = now
            return []
        if action == "stop":
            tracked.user_stopped = True
            return []
        if action == "destroy":
            self._tracked.pop(event.actor_id, None)
            return []
        if action.startswith("health_status"):
            status = action.partition(":")[2].strip()
            was = tracked.unhealthy
            tracked.unhealthy = status == "unhealthy"
            if tracked.unhealthy and not was:
                return [incident(UNHEALTHY, "health check failing")]
            return []
        if action == "start":
            tracked.user_stopped = False
            tracked.unhealthy = False
            if tracked.died_at is not None and not _recent(tracked.last_kill, tracked.died_at):
                # an automatic restart after a death nobody asked for
                tracked.restarts.append(now)
                recent = [t for t in tracked.restarts if now - t <= LOOP_WINDOW]
                if len(recent) >= LOOP_RESTARTS and not tracked.looping:
                    tracked.looping = True
                    minutes = max(1, round((now - recent[0]) / 60))
                    return [incident(CRASH_LOOP, f"restarted {len(recent)} times in {minutes} min")]
            return []
        if action == "die":
            tracked.died_at = now
            try:
                code = int(event.attributes.get("exitCode", "0"))
            except ValueError:
                code = None
            tracked.exit_code = code
            if _recent(tracked.oom_at, now):
                tracked.oom_at = None
                return [incident(OOM, "killed: out of memory", code)]
            if _recent(tracked.last_kill, now):
                return []  # stop / kill / rm -f: somebody asked for it
            if code is None or code == 0:
                return []
            if code > 128:
                name = signal_name(code - 128)
                return [incident(SIGNALLED, f"killed by {name} (exit code {code})", code)]
            if tracked.restarts and now - tracked.restarts[-1] <= LOOP_WINDOW:
                return []  # a restarting container: the crash loop says it once
            return [incident(EXITED, f"exited with code {code}", code)]
        return []

    def _engine_incident(self, event: EngineEvent) -> Incident:
        return Incident(datetime.fromtimestamp(_seconds(event), timezone.utc), "", "(engine)",
                        ENGINE, "the engine restarted: containers may have restarted with it")  # fmt: skip

    def engine_restarted(self, when: datetime | None = None) -> Incident:
        """The events stream was lost and came back: an engine restart (or a network cut)."""
        return Incident(when or datetime.now(timezone.utc), "", "(engine)", ENGINE,
                        "the engine went away and came back")  # fmt: skip

    def user_stopped(self, container_id: str) -> bool:
        tracked = self._tracked.get(container_id)
        return bool(tracked and tracked.user_stopped)

    def is_looping(self, container_id: str) -> bool:
        tracked = self._tracked.get(container_id)
        return bool(tracked and tracked.looping)

    def restarts(self, container_id: str, window: float = LOOP_WINDOW) -> int:
        tracked = self._tracked.get(container_id)
        if not tracked or not tracked.restarts:
            return 0
        last = tracked.restarts[-1]
        return sum(1 for t in tracked.restarts if last - t <= window)

    def settle(self, container_id: str, running_for: float) -> None:
        """A container that has run ``running_for`` seconds without dying is no longer looping."""
        tracked = self._tracked.get(container_id)
        if tracked and running_for > LOOP_WINDOW:
            tracked.looping = False


def _recent(mark: float | None, now: float, window: float = USER_KILL_WINDOW) -> bool:
    return mark is not None and 0 <= now - mark <= window


#: Exit codes that a plain ``docker stop`` leaves (SIGTERM handled, or the SIGKILL after it).
STOP_CODES = frozenset({0, 130, 137, 143})


def needs_attention(
    containers: list[Container], model: AttentionModel, oom_ids: set[str]
) -> dict[str, list[str]]:
    """For the strip and the faults-only list: kind -> the ids of the containers in it now.

    Health and exit codes come from the list; crash loops and user stops from the model (so a
    container stopped by someone is not an error); OOM kills from this session's incidents.
    """
    found: dict[str, list[str]] = {kind: [] for kind in KINDS if kind != ENGINE}
    for c in containers:
        if c.health == "unhealthy":
            found[UNHEALTHY].append(c.id)
        if c.state == "restarting" or model.is_looping(c.id):
            found[CRASH_LOOP].append(c.id)
            continue
        if c.id in oom_ids and not c.is_running:
            found[OOM].append(c.id)
            continue
        code = c.exit_code
        if code is None or model.user_stopped(c.id):
            continue
        if code > 128 and code not in STOP_CODES:
            found[SIGNALLED].append(c.id)
        elif code not in STOP_CODES:
            found[EXITED].append(c.id)
    return found
