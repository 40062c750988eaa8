"""The attention watcher of one engine: the events hub feeds the model, incidents are kept.

Subscribes to the session's one events stream (``session.events``: no connection of its
own, no polling). Incidents are completed on a thread of the watcher's own, not on the hub's:
a death gets the container's last log lines as they were when it died, an unhealthy
container the failing probe's output. The incident log is bounded and kept for the session.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.engine.core.errors import EngineError
from tui.engine.core.model import EngineEvent
from tui.engine.core.sanitize import clean_log_line, strip_sgr
from tui.engine.health.attention import (
    ENGINE,
    OOM,
    UNHEALTHY,
    AttentionModel,
    Incident,
)
from tui.engine.health.probes import health_from_inspect

if TYPE_CHECKING:
    from tui.engine.core.session import EngineSession

KEEP = 500  # incidents kept per engine
LAST_LINES = 20
FILTERS = {"type": ["container", "daemon"]}
#: Container actions that change what the strip counts.
RELEVANT = frozenset({"die", "start", "oom", "stop", "destroy", "create", "restart", "pause",
                      "unpause", "kill"})  # fmt: skip


class AttentionWatcher:
    def __init__(
        self,
        session: EngineSession,
        on_incident: Callable[[Incident], Any] = lambda incident: None,
        on_change: Callable[[], Any] = lambda: None,
    ) -> None:
        self.session = session
        self.model = AttentionModel()
        self.incidents: deque[Incident] = deque(maxlen=KEEP)
        self.oom_ids: set[str] = set()
        self._on_incident = on_incident
        self._on_change = on_change
        self._todo: queue.Queue[Incident | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._subscription: Any = None
        self._closed = False

    def start(self) -> None:
        """Subscribe (blocking until the stream is open: call from a worker)."""
        self._thread = threading.Thread(
            target=self._complete, name="dockpit-attention", daemon=True
        )
        self._thread.start()
        self._subscription = self.session.events.subscribe(FILTERS, self._event, self._state)

    def close(self) -> None:
        self._closed = True
        if self._subscription is not None:
            self._subscription.close()
        self._todo.put(None)

    # -- the hub's thread: quick -------------------------------------------------------------
    def _event(self, event: EngineEvent) -> None:
        for incident in self.model.observe(event):
            self._todo.put(incident)
        if event.type == "container" and (
            event.action in RELEVANT or event.action.startswith("health_status")
        ):
            self._on_change()

    def _state(self, state: Any) -> None:
        if getattr(state, "kind", "") == "back":
            self._todo.put(self.model.engine_restarted())
            self._on_change()

    # -- the watcher's thread ---------------------------------------------------------------
    def _complete(self) -> None:
        while True:
            incident = self._todo.get()
            if incident is None or self._closed:
                return
            try:
                incident = self._details(incident)
            except EngineError:
                pass  # the container went meanwhile: keep what the event said
            if incident.kind == OOM:
                self.oom_ids.add(incident.container_id)
            self.incidents.append(incident)
            self._on_incident(incident)

    def _details(self, incident: Incident) -> Incident:
        if incident.kind == ENGINE or not incident.container_id:
            return incident
        if incident.kind == UNHEALTHY:
            health = health_from_inspect(self.session.containers.inspect(incident.container_id))
            failure = health.last_failure
            return incident.with_detail(failure.output if failure else "")
        return incident.with_lines(self.last_lines(incident.container_id))

    def last_lines(self, container_id: str, count: int = LAST_LINES) -> tuple[str, ...]:
        raw = self.session.containers.tail(container_id, count)
        return tuple(strip_sgr(clean_log_line(line)) for line in raw.splitlines()[-count:])


def write_incidents(path: Path, by_engine: dict[str, list[Incident]]) -> int:
    """Write the incidents of every engine as text to ``path``; how many. Raises OSError."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for engine, incidents in by_engine.items():
            for incident in incidents:
                count += 1
                code = "" if incident.exit_code is None else f" (exit code {incident.exit_code})"
                out.write(f"{incident.when.isoformat()}  [{engine}] {incident.name}  "
                          f"{incident.kind}: {incident.what}{code}\n")  # fmt: skip
                if incident.detail:
                    out.write(f"    probe: {incident.detail}\n")
                for line in incident.last_lines:
                    out.write(f"    | {line}\n")
    return count
