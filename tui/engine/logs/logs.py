"""Follow the logs of one container in an engine-owned thread, closable from any thread.

The follower reads the logs endpoint itself (``timestamps=1``; frames parsed by
:mod:`tui.engine.logs.log_frames`) so stdout and stderr are told apart and partial frames, 16 KiB
splits and huge lines are handled. When the stream ends it looks at the container: restarted
-> resume from the last timestamp with a marker line; stopped -> a marker, then wait for a
start or a removal (the session's events hub, ``events=``; a hub of the follower's own
without it); removed -> a marker and the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import docker

from tui.engine.core.errors import EngineError, NotFound, engine_call
from tui.engine.core.event_hub import EventHub, HubState, Subscription
from tui.engine.core.http_stream import body_reader, close_response
from tui.engine.core.sanitize import clean_text
from tui.engine.logs.log_lines import (
    LineBuffer,
    LogLine,
    normalize_ts,
    ts_from_datetime,
    ts_to_since,
)
from tui.engine.logs.log_parse import LogParser


class LogFollower:
    """Stream one container's log lines into a LineBuffer until closed (or the end)."""

    def __init__(
        self,
        open_client: Callable[[], docker.DockerClient],
        release_client: Callable[[docker.DockerClient], None],
        container_id: str,
        sink: LineBuffer,
        *,
        source: int = 0,
        tail: int | None = 500,
        since: float | None = None,
        follow: bool = True,
        events: EventHub | None = None,
    ) -> None:
        self._open_client = open_client
        self._release_client = release_client
        self.container_id = container_id
        self.sink = sink
        self.source = source
        self.tail = tail
        self.since = since
        self.follow = follow
        self.last_ts = ""
        self.ended = threading.Event()
        self._closed = False
        self._lock = threading.Lock()
        self._response: Any = None
        self._hub = events
        self._own_hub: EventHub | None = None
        self._events: Subscription | None = None
        self._thread: threading.Thread | None = None
        self._skip_behind = 0.0  # > 0: skip_ahead() asked, the lag it saw (seconds)
        self.skips = 0
        #: Lines read so far: a stream that read none lately is caught up, however old its
        #: newest line (a quiet log), never behind.
        self.lines_read = 0

    # -- control (any thread)

    def start(self) -> LogFollower:
        self._thread = threading.Thread(
            target=self._run, name=f"dockpit-logs-{self.container_id[:12]}", daemon=True
        )
        self._thread.start()
        return self

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            response, events = self._response, self._events
        if response is not None:
            close_response(response)
        if events is not None:
            events.close()

    def skip_ahead(self, behind: float) -> bool:
        """The engine serves lines ``behind`` seconds old and the gap grows (it cannot keep
        up with a flood): drop what is left of the backlog and go on from the end of the
        log (``tail=0``), with a marker saying so. False when there is no stream to skip."""
        with self._lock:
            if self._closed or self._response is None or self._skip_behind:
                return False
            self._skip_behind = max(behind, 0.001)
            response = self._response
        close_response(response)
        return True

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the thread

    def _marker(self, ts: str, message: str) -> None:
        self.sink.extend([LogLine.marker(self.source, ts or self.last_ts, message)])

    def _run(self) -> None:
        client: docker.DockerClient | None = None
        try:
            client = self._open_client()
            self._loop(client)
        except EngineError as error:
            if not self._closed:
                self._marker(self.last_ts, f"log stream failed: {error.message}")
        except Exception as error:  # noqa: BLE001 - a stream thread must never die loudly
            if not self._closed:
                self._marker(self.last_ts, f"log stream failed: {clean_text(error)}")
        finally:
            if self._own_hub is not None:
                self._own_hub.close()
            if client is not None:
                self._release_client(client)
            self.ended.set()

    def _inspect(self, client: docker.DockerClient) -> dict[str, Any]:
        with engine_call():
            return client.api.inspect_container(self.container_id)

    def _loop(self, client: docker.DockerClient) -> None:
        tail, since = self.tail, (f"{self.since:.9f}" if self.since is not None else None)
        try:
            info = self._inspect(client)
        except NotFound:
            self._marker("", "the container does not exist (any more)")
            return
        while not self._closed:
            started = (info.get("State") or {}).get("StartedAt", "")
            tty = bool((info.get("Config") or {}).get("Tty"))
            self._read(client, tty=tty, tail=tail, since=since)
            if self._closed:
                return
            if self._skip_behind:
                behind, self._skip_behind = self._skip_behind, 0.0
                self.skips += 1
                self._marker(
                    ts_from_datetime(datetime.now(timezone.utc)),
                    f"── skipped ahead: the engine was {behind:,.0f} s behind; "
                    "the lines in between are not shown ──",
                )
                tail, since = 0, None
                continue
            if not self.follow:
                return
            info_or_none = self._wait_for_start(client, started)
            if info_or_none is None:
                return
            info = info_or_none
            tail = None
            since = ts_to_since(self.last_ts, plus_nanos=1) if self.last_ts else since

    def _read(
        self, client: docker.DockerClient, *, tty: bool, tail: int | None, since: str | None
    ) -> None:
        api = client.api
        params: dict[str, Any] = {
            "stdout": 1,
            "stderr": 1,
            "timestamps": 1,
            "follow": 1 if self.follow else 0,
            "tail": "all" if tail is None else str(tail),
        }
        if since is not None:
            params["since"] = since
        with engine_call():
            response = api._get(
                api._url("/containers/{0}/logs", self.container_id), params=params, stream=True
            )
            api._raise_for_status(response)
            # A follow may be quiet for hours: no read timeout on this socket (as docker-py).
            api._disable_socket_timeout(api._get_raw_response_socket(response))
        with self._lock:
            if self._closed:
                close_response(response)
                return
            self._response = response
        parser = LogParser(self.source, tty=tty)
        sink = self.sink
        read = body_reader(response)
        try:
            while not self._closed:
                try:
                    data = read()
                except Exception:  # noqa: BLE001 - closed under us, or the engine went away
                    break
                if data is None:
                    break
                lines = parser.feed(data) if data else []
                if lines:
                    self.last_ts = lines[-1].ts or self.last_ts
                    self.lines_read += len(lines)
                    sink.extend(lines)
            if not self._closed:
                sink.extend(parser.flush())
        finally:
            with self._lock:
                self._response = None
            close_response(response)

    def _wait_for_start(self, client: docker.DockerClient, started: str) -> dict[str, Any] | None:
        """After the stream ended: the container's new state once it runs again, or None."""
        filters = {"container": [self.container_id], "type": ["container"]}
        events = self._events_hub().subscribe({**filters, "event": ["start", "destroy"]})
        with self._lock:
            if self._closed:
                events.close()
                return None
            self._events = events
        try:
            try:
                info = self._inspect(client)
            except NotFound:
                self._marker("", "── the container was removed ──")
                return None
            state = info.get("State") or {}
            if state.get("Running") and state.get("StartedAt") != started:
                self._marker(
                    normalize_ts(state.get("StartedAt", "")), "── the container restarted ──"
                )
                return info
            if state.get("Running"):
                return info  # the stream ended for another reason: resume quietly
            never = never_started(state)
            if never:
                self._marker(
                    "", "── the container has never run: its output shows once it starts ──"
                )
            else:
                code = state.get("ExitCode")
                self._marker(
                    normalize_ts(state.get("FinishedAt", "")),
                    f"── the container stopped (exit code {code}) ──",
                )
            for event in events:
                if self._closed:
                    return None
                if isinstance(event, HubState):
                    if event.kind == "lost" and event.error is not None:
                        return None  # the engine went away (the view restarts when it is back)
                    if event.kind == "back":  # a gap in the events: look again
                        again = self._look_again(client, started)
                        if again is not None:
                            return again or None
                    continue
                if event.action == "destroy":
                    self._marker("", "── the container was removed ──")
                    return None
                if event.action == "start":
                    try:
                        info = self._inspect(client)
                    except NotFound:
                        self._marker("", "── the container was removed ──")
                        return None
                    state = info.get("State") or {}
                    self._marker(
                        normalize_ts(state.get("StartedAt", "")),
                        "── the container started ──"
                        if never
                        else "── the container started again ──",
                    )
                    return info
            return None
        finally:
            with self._lock:
                self._events = None
            events.close()

    def _events_hub(self) -> EventHub:
        if self._hub is None:
            self._own_hub = self._hub = EventHub(self._open_client, self._release_client)
        return self._hub

    def _look_again(self, client: docker.DockerClient, started: str) -> dict[str, Any] | None:
        """After a gap: the new state if it started ({} once removed), None: still stopped."""
        try:
            info = self._inspect(client)
        except NotFound:
            self._marker("", "── the container was removed ──")
            return {}
        state = info.get("State") or {}
        if not state.get("Running") or state.get("StartedAt") == started:
            return None
        self._marker(normalize_ts(state.get("StartedAt", "")), "── the container started again ──")
        return info


def never_started(state: dict[str, Any]) -> bool:
    """A container made (docker create) and never started: no exit code to speak of."""
    started = str(state.get("StartedAt") or "")
    return state.get("Status") == "created" or not started or started.startswith("0001-")
