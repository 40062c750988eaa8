"""Knowing when an engine went away and when it is back, without polling it hard.

An EngineWatch subscribes to the engine's events hub (daemon events only: a quiet filter on
the one stream the hub holds). The hub tells a dead engine from a stream that merely ended
(it pings, and pings every ``heartbeat`` seconds to catch a network cut that ends nothing),
retries with backoff and reports ``lost`` / ``retrying`` / ``back``; the watch turns those
into its callbacks. An engine without an events endpoint (some podman versions) is watched
by pings alone. Callbacks run on the hub's (or the watch's) thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.engine.core.errors import EngineError
from tui.engine.core.event_hub import BACKOFF, HEARTBEAT, PING_TIMEOUT, HubState

if TYPE_CHECKING:
    from tui.engine.core.event_hub import EventHub, Subscription

__all__ = ["BACKOFF", "HEARTBEAT", "PING_TIMEOUT", "EngineWatch"]


class EngineWatch:
    def __init__(
        self,
        hub: EventHub,
        on_lost: Callable[[EngineError], object],
        on_retry: Callable[[int, float, EngineError], object],
        on_back: Callable[[], object],
        heartbeat: float = HEARTBEAT,
        backoff: tuple[float, ...] = BACKOFF,
    ) -> None:
        self._hub = hub
        self._on_lost = on_lost
        self._on_retry = on_retry
        self._on_back = on_back
        self._heartbeat = heartbeat
        self._backoff = backoff
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._subscription: Subscription | None = None
        self.lost = False
        self._thread = threading.Thread(target=self._run, name="engine-watch", daemon=True)

    def start(self) -> EngineWatch:
        self._thread.start()
        return self

    # -- the watch's thread (subscribing blocks until the stream is open) -----------------------

    def _run(self) -> None:
        try:
            subscription = self._hub.subscribe({"type": ["daemon"]}, _ignore, self._state)
        except EngineError:
            if not self._closed.is_set():
                self._poll_only()  # no events endpoint (some podman versions)
            return
        with self._lock:
            self._subscription = subscription
        if self._closed.is_set():
            subscription.close()

    # -- the hub's thread -----------------------------------------------------------------------

    def _state(self, state: HubState) -> None:
        if self._closed.is_set():
            return
        if state.kind == "lost" and state.error is not None and not self.lost:
            self.lost = True
            self._on_lost(state.error)
        elif state.kind == "retrying" and self.lost and state.error is not None:
            self._on_retry(state.attempt, state.delay, state.error)
        elif state.kind == "back" and self.lost:
            self.lost = False
            self._on_back()

    # -- pings alone ----------------------------------------------------------------------------

    def _poll_only(self) -> None:
        while not self._closed.wait(self._heartbeat):
            error = self._hub.ping()
            if error is None:
                continue
            self.lost = True
            self._on_lost(error)
            attempt = 0
            while error is not None:
                if self._closed.wait(self._backoff[min(attempt, len(self._backoff) - 1)]):
                    return
                attempt += 1
                error = self._hub.ping()
                if error is not None:
                    delay = self._backoff[min(attempt, len(self._backoff) - 1)]
                    self._on_retry(attempt, delay, error)
            self.lost = False
            self._on_back()

    # -- any thread -----------------------------------------------------------------------------

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            subscription = self._subscription
        if subscription is not None:
            subscription.close()


def _ignore(event: object) -> None:
    """Daemon events themselves need nothing: the subscription is for lost/back."""
