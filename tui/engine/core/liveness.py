"""Knowing when an engine went away and when it is back, without polling it hard.

An EngineWatch holds one quiet events stream (daemon events only). When the engine dies the
stream ends (docker-py gives no error, see FIELD-NOTES), so the watch pings to tell a dead
engine from a normal end. A network cut ends nothing: a slow heartbeat ping (every
``heartbeat`` seconds) catches it. Once lost, it retries with backoff until the engine
answers, then reports it back and watches again. Callbacks run on the watch's own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.engine.core.errors import EngineError, EngineUnavailable, engine_call
from tui.engine.core.events import EventStream

if TYPE_CHECKING:
    import docker

#: Seconds between retries after the engine is lost (the last one repeats).
BACKOFF = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0)
HEARTBEAT = 15.0
PING_TIMEOUT = 5.0

Ping = Callable[[], None]  # raises EngineError when the engine does not answer


class EngineWatch:
    def __init__(
        self,
        open_client: Callable[[], docker.DockerClient],
        release: Callable[[docker.DockerClient], None],
        on_lost: Callable[[EngineError], object],
        on_retry: Callable[[int, float, EngineError], object],
        on_back: Callable[[], object],
        heartbeat: float = HEARTBEAT,
        backoff: tuple[float, ...] = BACKOFF,
    ) -> None:
        self._open_client = open_client
        self._release = release
        self._on_lost = on_lost
        self._on_retry = on_retry
        self._on_back = on_back
        self._heartbeat = heartbeat
        self._backoff = backoff
        self._closed = threading.Event()
        self._trouble = threading.Event()
        self._lock = threading.Lock()
        self._stream: EventStream | None = None
        self._client: docker.DockerClient | None = None
        self.lost = False
        self._thread = threading.Thread(target=self._run, name="engine-watch", daemon=True)

    def start(self) -> EngineWatch:
        self._thread.start()
        return self

    # -- the watch's own thread -------------------------------------------------------------

    def _run(self) -> None:
        while not self._closed.is_set():
            error = self._watch_until_trouble()
            if self._closed.is_set():
                break
            if error is None:
                self._closed.wait(0.5)  # the stream ended but the engine answers: watch again
                continue
            self.lost = True
            self._on_lost(error)
            if not self._retry_until_back():
                break
            self.lost = False
            self._on_back()
        self._drop_client()

    def _watch_until_trouble(self) -> EngineError | None:
        """Watch while healthy; return the error once the engine stops answering."""
        self._trouble.clear()
        error = self._ping()  # the ping client first: it outlives the engine going away
        if error is not None:
            return error
        try:
            stream_client = self._open_client()  # streams get a client of their own
        except EngineError as unavailable:
            return unavailable
        try:
            try:
                stream = EventStream(stream_client, filters={"type": "daemon"})
            except EngineError as refused:
                if isinstance(refused, EngineUnavailable):
                    return refused
                return self._poll_only()  # no events endpoint (some podman versions)
            with self._lock:
                self._stream = stream
            reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
            reader.start()
            while not self._closed.is_set():
                if self._trouble.wait(self._heartbeat):
                    break  # the stream ended
                silent = self._ping()
                if silent is not None:
                    stream.close()
                    return silent
            stream.close()
            if self._closed.is_set():
                return None
            return self._ping()
        finally:
            with self._lock:
                self._stream = None
            self._release(stream_client)

    def _poll_only(self) -> EngineError | None:
        while not self._closed.wait(self._heartbeat):
            error = self._ping()
            if error is not None:
                return error
        return None

    def _read(self, stream: EventStream) -> None:
        try:
            for _ in stream:
                pass
        except EngineError:
            pass
        finally:
            self._trouble.set()

    def _retry_until_back(self) -> bool:
        attempt = 0
        while True:
            delay = self._backoff[min(attempt, len(self._backoff) - 1)]
            if self._closed.wait(delay):
                return False
            attempt += 1
            error = self._ping()
            if error is None:
                return True
            self._on_retry(attempt, self._backoff[min(attempt, len(self._backoff) - 1)], error)

    def _ensure_client(self) -> docker.DockerClient:
        if self._client is None:
            self._client = self._open_client()
            self._client.api.timeout = PING_TIMEOUT
        return self._client

    def _ping(self) -> EngineError | None:
        try:
            client = self._ensure_client()
            with engine_call():
                client.api.ping()
        except EngineError as error:
            return error
        return None

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            self._release(client)

    # -- any thread ---------------------------------------------------------------------------

    def close(self) -> None:
        self._closed.set()
        self._trouble.set()
        with self._lock:
            stream = self._stream
        if stream is not None:
            stream.close()
