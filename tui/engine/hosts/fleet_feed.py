"""One engine of the fleet view, kept live: connect, subscribe, list, follow container events;
when the engine goes away, say so (retrying, with backoff) and list again when it answers.

Runs on its caller's thread (a worker) and reports through callbacks on that thread. The
events come from the session's one events hub (tui/engine/core/event_hub.py): it tells a
dead engine from a stream that ended, pings now and then (a network cut ends nothing),
retries with backoff and says ``back``; the main engine's session is shared with the app,
so the fleet adds no connection of its own there. Connecting retries with the same backoff.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import docker

from tui.engine.containers.containers import get_container, list_containers
from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import EngineError
from tui.engine.core.event_hub import BACKOFF, HubState, Subscription
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
    ) -> None:
        self.endpoint = endpoint
        self.session = session
        self._on = callbacks
        self._backoff = backoff
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._subscription: Subscription | None = None

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
        attempt = 0
        while not self._closed.is_set():
            error = self._follow()
            if self._closed.is_set():
                return
            if error is None:
                attempt = 0
                continue
            attempt += 1
            delay = self._backoff[min(attempt - 1, len(self._backoff) - 1)]
            self._on.state(FeedState("retrying", attempt, delay, error.message))
            if self._closed.wait(delay):
                return

    def _follow(self) -> EngineError | None:
        """Connect, subscribe, list, follow until closed; the error when connecting or
        subscribing failed (the hub's lost/retrying/back are followed here)."""
        try:
            if self.session is None:
                self.session = EngineSession.open(self.endpoint)
                self._on.session(self.session)
            session = self.session
            client = session.stream_client()  # lists and lookups on this thread
        except EngineError as error:
            return error
        subscription: Subscription | None = None
        try:
            subscription = session.events.subscribe({"type": ["container"]})
            with self._lock:
                self._subscription = subscription
            if self._closed.is_set():
                return None
            self._list(client)
            for item in subscription:
                if isinstance(item, HubState):
                    self._hub_state(client, item)
                else:
                    self._apply(client, item.action, item.actor_id)
            return None
        except EngineError as error:
            return None if self._closed.is_set() else error
        finally:
            with self._lock:
                self._subscription = None
            if subscription is not None:
                subscription.close()
            session.release(client)

    def _list(self, client: docker.DockerClient) -> None:
        try:
            containers = list_containers(client)
        except EngineError:
            return  # gone again: the hub says lost, then back (and we list again)
        self._on.listed(containers)
        self._on.state(FeedState("up"))

    def _hub_state(self, client: docker.DockerClient, state: HubState) -> None:
        error = state.error
        if state.kind == "back":
            self._list(client)
        elif state.kind == "lost" and error is not None:
            self._on.state(FeedState("retrying", 1, self._backoff[0], error.message))
        elif state.kind == "retrying" and error is not None:
            self._on.state(FeedState("retrying", state.attempt + 1, state.delay, error.message))

    def _apply(self, client: docker.DockerClient, action: str, actor_id: str) -> None:
        action = action.split(":", 1)[0].strip()
        if action.startswith(IGNORED_ACTIONS):
            return
        try:
            container = None if action in REMOVE_ACTIONS else get_container(client, actor_id)
        except EngineError:
            return  # the engine went away: the hub says so
        if container is None:
            self._on.gone(actor_id)
        else:
            self._on.changed(container)

    # -- any thread ---------------------------------------------------------------------------

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            subscription = self._subscription
        if subscription is not None:
            subscription.close()
