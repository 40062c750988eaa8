"""One engine of the fleet view, kept live: connect, subscribe, list, follow container events;
when the engine goes away, retry with backoff and resume (subscribe, relist) when it answers.

Runs on its caller's thread (a worker) and reports through callbacks on that thread. The
same backoff as the main engine's watch (tui/engine/core/liveness.py): a dead dockerd ends the
events stream (checked with a ping), a network cut ends nothing (a heartbeat ping catches it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import docker

from tui.engine.containers.containers import get_container, list_containers
from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import EngineError
from tui.engine.core.events import EventStream
from tui.engine.core.liveness import BACKOFF, HEARTBEAT, PING_TIMEOUT
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession

REMOVE_ACTIONS = frozenset({"destroy"})
IGNORED_ACTIONS = ("exec_", "top", "attach", "resize", "copy", "archive-path", "export")


@dataclass(frozen=True)
class FeedState:
    """``up``; ``connecting``; or ``retrying``: tried ``attempt`` times, next in ``delay`` s."""

    kind: str
    attempt: int = 0
    delay: float = 0.0
    reason: str = ""

    def describe(self) -> str:
        if self.kind != "retrying":
            return self.kind
        times = "once" if self.attempt == 1 else f"{self.attempt} times"
        return f"disconnected, retrying (tried {times}, next in {self.delay:g} s): {self.reason}"


@dataclass
class FeedCallbacks:
    listed: Callable[[list[Container]], object]
    changed: Callable[[Container], object]
    gone: Callable[[str], object]
    state: Callable[[FeedState], object]
    session: Callable[[EngineSession], object] = lambda session: None


class FleetFeed:
    def __init__(
        self,
        endpoint: Endpoint,
        callbacks: FeedCallbacks,
        session: EngineSession | None = None,
        backoff: tuple[float, ...] = BACKOFF,
        heartbeat: float = HEARTBEAT,
    ) -> None:
        self.endpoint = endpoint
        self.session = session
        self._on = callbacks
        self._backoff = backoff
        self._heartbeat = heartbeat
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._stream: EventStream | None = None

    # -- the caller's (worker) thread ---------------------------------------------------------

    def run(self) -> None:
        """Until close(); a session this feed opened is closed here, on the feed's thread."""
        owned = self.session is None
        try:
            self._run()
        finally:
            if owned and self.session is not None:
                self.session.close()

    def _run(self) -> None:
        beat = threading.Thread(target=self._beat, name="fleet-heartbeat", daemon=True)
        beat.start()
        attempt = 0
        while not self._closed.is_set():
            error = self._follow()
            if self._closed.is_set():
                return
            if error is None:
                attempt = 0  # the stream ended but the engine answers: subscribe again
                continue
            attempt += 1
            delay = self._backoff[min(attempt - 1, len(self._backoff) - 1)]
            self._on.state(FeedState("retrying", attempt, delay, error.message))
            if self._closed.wait(delay):
                return

    def _follow(self) -> EngineError | None:
        """Subscribe, list, follow; the error once the engine stops answering (None: closed,
        or the stream ended while the engine still answers)."""
        try:
            if self.session is None:
                self.session = EngineSession.open(self.endpoint)
                self._on.session(self.session)
            session = self.session
            client = session.stream_client()
        except EngineError as error:
            return error
        try:
            stream = EventStream(client, filters={"type": "container"})
            with self._lock:
                self._stream = stream
            if self._closed.is_set():
                return None
            self._on.listed(list_containers(client))
            self._on.state(FeedState("up"))
            for event in stream:
                self._apply(client, event.action, event.actor_id)
            if self._closed.is_set():
                return None
            return self._ping()
        except EngineError as error:
            return None if self._closed.is_set() else error
        finally:
            with self._lock:
                current, self._stream = self._stream, None
            if current is not None:
                current.close()
            session.release(client)

    def _apply(self, client: docker.DockerClient, action: str, actor_id: str) -> None:
        action = action.split(":", 1)[0].strip()
        if action.startswith(IGNORED_ACTIONS):
            return
        container = None if action in REMOVE_ACTIONS else get_container(client, actor_id)
        if container is None:
            self._on.gone(actor_id)
        else:
            self._on.changed(container)

    def _ping(self) -> EngineError | None:
        if self.session is None:
            return None
        try:
            self.session.ping(PING_TIMEOUT)
        except EngineError as error:
            return error
        return None

    def _beat(self) -> None:
        """A network cut ends no stream: ping now and then, and end the stream if silent."""
        while not self._closed.wait(self._heartbeat):
            with self._lock:
                stream = self._stream
            if stream is not None and self._ping() is not None:
                stream.close()

    # -- any thread ---------------------------------------------------------------------------

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            stream = self._stream
        if stream is not None:
            stream.close()
