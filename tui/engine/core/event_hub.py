"""One events stream per engine, fanned out to every subscriber.

``session.events.subscribe(filters, callback)`` registers a subscriber; the hub holds ONE
events connection (unfiltered) and matches each event against every subscriber's filters
locally (:mod:`tui.engine.core.event_filters`). The stream opens on the first subscription
(``subscribe`` returns once it is open, so a subscriber can list right after, as
``docker stats`` does) and closes when the last subscription goes, or on ``close()``.

When the stream ends or fails, the hub pings: a dead engine (FIELD-NOTES: a dead dockerd
just ends the stream) is reported once as ``lost`` (with the error), then ``retrying`` after
each failed try (backoff), then ``back`` once the stream is open again; a stream that ended
while the engine answers is reopened at once and reported as ``lost`` (no error) + ``back``.
Either way ``back`` means "events may have been missed: list again". A network cut ends
nothing: a heartbeat ping catches it. Callbacks run on the hub's thread: keep them quick
(post a message, put in a queue) or subscribe without a callback and iterate the
subscription on a thread of your own.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.engine.core.errors import EngineError, EngineUnavailable, engine_call
from tui.engine.core.event_filters import EventFilter
from tui.engine.core.events import EventStream
from tui.engine.core.model import EngineEvent
from tui.engine.core.sanitize import clean_text

if TYPE_CHECKING:
    import docker

#: Seconds between retries after the engine is lost (the last one repeats).
BACKOFF = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0)
HEARTBEAT = 15.0
PING_TIMEOUT = 5.0
#: Events an iterated subscription keeps before it drops them (and says ``back``: re-list).
QUEUE_LIMIT = 10_000


@dataclass(frozen=True)
class HubState:
    """``lost`` (error None: the stream ended, the engine answers), ``retrying`` (tried
    ``attempt`` times, next try in ``delay`` s) or ``back`` (open again: list again)."""

    kind: str
    error: EngineError | None = None
    attempt: int = 0
    delay: float = 0.0


Callback = Callable[[EngineEvent], object]
StateCallback = Callable[[HubState], object]
_END = object()


class Subscription:
    """One subscriber. ``close()`` from any thread; iterate it when made without a callback
    (yields EngineEvent and HubState items until closed)."""

    def __init__(
        self,
        hub: EventHub,
        filters: EventFilter,
        callback: Callback | None,
        on_state: StateCallback | None,
    ) -> None:
        self._hub = hub
        self.filters = filters
        self._callback = callback
        self._on_state = on_state
        self._queue: queue.Queue[Any] | None = queue.Queue() if callback is None else None
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def live(self) -> bool:
        """The hub's stream is open now (False while the engine is lost)."""
        return not self._closed and self._hub.is_open

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._queue is not None:
            self._queue.put(_END)
        self._hub._remove(self)

    def __iter__(self) -> Iterator[EngineEvent | HubState]:
        if self._queue is None:
            raise TypeError("a subscription with a callback is not iterable")
        while not self._closed:
            item = self._queue.get()
            if item is _END or self._closed:
                return
            yield item

    def next_batch(
        self, wait: float | None = None, linger: float = 0.05, limit: int = 20_000
    ) -> list[EngineEvent | HubState] | None:
        """Blocking: the next item (waiting up to ``wait`` seconds, None: for ever), then
        whatever else arrives within ``linger`` seconds (at most ``limit`` items), so that a
        burst is handled in batches, not one item at a time. ``[]``: nothing came within
        ``wait``; None: the subscription is closed."""
        if self._queue is None:
            raise TypeError("a subscription with a callback is not iterable")
        if self._closed:
            return None
        try:
            item = self._queue.get(timeout=wait)
        except queue.Empty:
            return None if self._closed else []
        if item is _END or self._closed:
            return None
        items = [item]
        deadline = time.monotonic() + linger
        while len(items) < limit:
            left = deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=left) if left > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _END:
                break  # closed: the next call says None
            items.append(item)
        return items

    # -- the hub's thread

    def _event(self, event: EngineEvent) -> None:
        if self._closed or not self.filters.matches(event):
            return
        if self._callback is not None:
            self._callback(event)
        elif self._queue is not None:
            if self._queue.qsize() >= QUEUE_LIMIT:  # the reader fell far behind: re-list
                self._drain()
                self._queue.put(HubState("back"))
            self._queue.put(event)

    def _state(self, state: HubState) -> None:
        if self._closed:
            return
        if self._on_state is not None:
            self._on_state(state)
        if self._queue is not None:
            self._queue.put(state)

    def _drain(self) -> None:
        assert self._queue is not None
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass


class EventHub:
    """The events of one engine; ``open_client``/``release`` give and take back a client of
    the hub's own (the session's ``stream_client``/``release``)."""

    def __init__(
        self,
        open_client: Callable[[], docker.DockerClient],
        release: Callable[[docker.DockerClient], None],
        *,
        heartbeat: float = HEARTBEAT,
        backoff: tuple[float, ...] = BACKOFF,
    ) -> None:
        self._open_client = open_client
        self._release = release
        self._heartbeat = heartbeat
        self._backoff = backoff
        self._cond = threading.Condition()
        self._subs: list[Subscription] = []
        self._thread: threading.Thread | None = None
        self._stream: EventStream | None = None
        self._open = False
        self._lost = False  # the engine does not answer: the hub is retrying
        self._attempts = 0  # open attempts made (subscribe waits for the next one)
        self._refused: EngineError | None = None
        self._closed = False
        self._ping_client: docker.DockerClient | None = None
        self._ping_lock = threading.Lock()
        #: how many events connections this hub has opened (tests, diagnostics)
        self.connections_opened = 0

    # -- any thread ---------------------------------------------------------------------------

    def subscribe(
        self,
        filters: Mapping[str, Any] | None = None,
        callback: Callback | None = None,
        on_state: StateCallback | None = None,
    ) -> Subscription:
        """Register a subscriber; returns once the stream is open. Blocking: call from a
        worker. Raises EngineError when the engine refuses the events endpoint, or when the
        hub is closed. While the engine is lost it returns at once (``live`` is False) and
        the subscriber hears ``back`` when it answers again."""
        sub = Subscription(self, EventFilter.parse(filters), callback, on_state)
        with self._cond:
            if self._closed:
                raise EngineError("the connection to the engine is closed")
            self._subs.append(sub)
            if self._thread is None:
                self._refused = None
                self._thread = threading.Thread(
                    target=self._run, name="dockpit-events-hub", daemon=True
                )
                self._thread.start()
            seen = self._attempts
            while not (self._open or self._lost or self._closed or sub.closed):
                if self._attempts > seen and self._refused is not None:
                    break
                self._cond.wait()
            refused = self._refused if not (self._open or self._lost) else None
        if refused is not None:
            sub.close()
            raise refused
        return sub

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def lost(self) -> bool:
        return self._lost

    @property
    def open_streams(self) -> int:
        """Events connections held now (0 or 1)."""
        stream = self._stream
        return 1 if stream is not None and not stream.closed else 0

    @property
    def subscribers(self) -> int:
        with self._cond:
            return len(self._subs)

    def ping(self) -> EngineError | None:
        """None when the engine answers now, else the error (a client of the hub's own)."""
        with self._ping_lock:
            try:
                client = self._ensure_ping_client()
                with engine_call():
                    client.api.ping()
            except EngineError as error:
                return error
            return None

    def close(self) -> None:
        """Close every subscription and the stream (the session closes)."""
        with self._cond:
            self._closed = True
            subs = list(self._subs)
            self._cond.notify_all()
        for sub in subs:
            sub.close()
        self._close_stream()
        with self._cond:
            running = self._thread is not None
        if not running:
            self._drop_ping_client()  # else the hub's thread drops it as it ends

    def _remove(self, sub: Subscription) -> None:
        with self._cond:
            if sub in self._subs:
                self._subs.remove(sub)
            last = not self._subs
            self._cond.notify_all()
        if last:
            self._close_stream()  # the hub's thread sees no subscriber and ends

    def _close_stream(self) -> None:
        with self._cond:
            stream = self._stream
            self._cond.notify_all()
        if stream is not None:
            stream.close()

    # -- the hub's thread ---------------------------------------------------------------------

    def _wanted(self) -> bool:
        """Under the lock: go on? (else the thread ends, and says so under the same lock)."""
        if self._closed or not self._subs:
            self._thread = None
            self._open = False
            self._lost = False
            self._cond.notify_all()
            return False
        return True

    def _run(self) -> None:
        try:
            self._loop()
        except Exception as error:  # noqa: BLE001 - never leave subscribe() waiting on a dead thread
            with self._cond:
                self._refused = EngineError(f"the events stream failed: {clean_text(error)}")
                self._attempts += 1
                self._open = self._lost = False
                self._thread = None
                self._cond.notify_all()
        finally:
            if self._closed:
                self._drop_ping_client()

    def _loop(self) -> None:
        gap = False  # events may have been missed: say "back" once open again
        first = True  # the first open of this run: a refusal is raised to subscribe
        while True:
            with self._cond:
                if not self._wanted():
                    return
            error = self._follow(gap, first)
            first = False
            with self._cond:
                if not self._wanted():
                    return
                self._open = False
            if self._refused is not None:
                with self._cond:
                    self._thread = None  # subscribe raised; the next subscribe tries again
                    self._cond.notify_all()
                return
            if error is None:
                error = self.ping()
            if error is None:  # the stream ended but the engine answers: reopen at once
                self._tell(HubState("lost"))
                gap = True
                continue
            with self._cond:
                self._lost = True
                self._cond.notify_all()
            self._tell(HubState("lost", error))
            if not self._retry_until_back():
                return
            gap = True

    def _follow(self, gap: bool, first: bool) -> EngineError | None:
        """Open, dispatch until the stream ends; the error if the engine stopped answering."""
        try:
            client = self._open_client()
        except EngineError as error:
            return self._failed_open(error, first)
        try:
            try:
                stream = EventStream(client)
            except EngineError as error:
                return self._failed_open(error, first)
            self.connections_opened += 1
            with self._cond:
                self._stream = stream
                if not self._wanted():
                    stream.close()
                    return None
                self._open, self._lost = True, False
                self._attempts += 1
                self._cond.notify_all()
            if gap:
                self._tell(HubState("back"))
            return self._dispatch(stream)
        finally:
            with self._cond:
                stream_now, self._stream = self._stream, None
            if stream_now is not None:
                stream_now.close()
            self._release(client)

    def _failed_open(self, error: EngineError, first: bool) -> EngineError | None:
        answering = not isinstance(error, EngineUnavailable) and self.ping() is None
        with self._cond:
            self._attempts += 1
            if answering and first:
                self._refused = error  # no events endpoint (some podman versions)
            self._cond.notify_all()
        return None if answering and first else error

    def _dispatch(self, stream: EventStream) -> EngineError | None:
        trouble = threading.Event()
        silent: list[EngineError] = []

        def beat() -> None:
            while not trouble.wait(self._heartbeat):
                error = self.ping()
                if error is not None:
                    silent.append(error)
                    stream.close()
                    return

        threading.Thread(target=beat, name="dockpit-events-heartbeat", daemon=True).start()
        try:
            for event in stream:
                with self._cond:
                    subs = list(self._subs)
                for sub in subs:
                    try:
                        sub._event(event)
                    except Exception:  # noqa: BLE001, S112 - one subscriber must not stop the rest
                        continue
        except Exception:  # noqa: BLE001 - closed under us, or the engine went away
            pass
        finally:
            trouble.set()
        return silent[0] if silent else None

    def _tell(self, state: HubState) -> None:
        with self._cond:
            subs = list(self._subs)
        for sub in subs:
            try:
                sub._state(state)
            except Exception:  # noqa: BLE001, S112
                continue

    def _retry_until_back(self) -> bool:
        attempt = 0
        while True:
            delay = self._backoff[min(attempt, len(self._backoff) - 1)]
            deadline = time.monotonic() + delay
            with self._cond:
                while self._wanted() and (left := deadline - time.monotonic()) > 0:
                    self._cond.wait(left)
                if not self._wanted():
                    return False
            attempt += 1
            error = self.ping()
            if error is None:
                return True
            next_delay = self._backoff[min(attempt, len(self._backoff) - 1)]
            self._tell(HubState("retrying", error, attempt, next_delay))

    def _ensure_ping_client(self) -> docker.DockerClient:
        client = self._ping_client
        if client is None:
            client = self._open_client()
            client.api.timeout = PING_TIMEOUT
            self._ping_client = client
        return client

    def _drop_ping_client(self) -> None:
        with self._ping_lock:
            client, self._ping_client = self._ping_client, None
        if client is not None:
            self._release(client)
