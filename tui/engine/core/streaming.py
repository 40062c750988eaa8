"""Long engine operations (pull, push, build, load, save) as streams closable from any thread.

docker-py's streaming calls return bare generators with no close handle. Each operation runs
on a client of its own (``session.stream_client()``), so we can record the HTTP responses
that client opens and shut their sockets down from another thread: the engine then sees the
client go away and abandons the pull/push/build.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import docker

from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.sanitize import clean_text


class Cancelled(EngineError):
    """The user cancelled the operation."""


def _socket_of(response: Any) -> socket.socket | None:
    try:
        fp = response.raw._fp.fp
    except AttributeError:
        return None
    raw = getattr(fp, "raw", None)
    for holder in (raw, fp):
        for name in ("sock", "_sock"):
            sock = getattr(holder, name, None)
            if isinstance(sock, socket.socket):
                return sock
            inner = getattr(sock, "socket", None)  # pyopenssl's wrapper
            if isinstance(inner, socket.socket):
                return inner
    return None


class OperationHandle:
    """Owns the client of one long operation; ``cancel()`` from any thread ends it."""

    def __init__(self, client: docker.DockerClient) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._responses: list[Any] = []
        self._cancelled = False
        api = client.api
        for method in ("_post", "_get"):
            original = getattr(api, method)

            def recording(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                if self._cancelled:
                    raise Cancelled("cancelled")
                response = _original(*args, **kwargs)
                with self._lock:
                    self._responses.append(response)
                if self._cancelled:
                    self._shut(response)
                return response

            setattr(api, method, recording)  # this client is ours alone

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def check(self) -> None:
        if self._cancelled:
            raise Cancelled("cancelled")

    @staticmethod
    def _shut(response: Any) -> None:
        sock = _socket_of(response)
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            response.close()
        except Exception:  # noqa: BLE001 - closing must never raise
            pass

    def cancel(self) -> None:
        self._cancelled = True
        with self._lock:
            responses = list(self._responses)
        for response in responses:
            self._shut(response)

    def messages(self, start: Callable[[], Iterator[Any]]) -> Iterator[dict[str, Any]]:
        """Iterate the decoded JSON messages of a docker-py streaming call.

        A message with ``error`` raises EngineError (its text made safe); a cancel raises
        Cancelled, whatever the broken socket made docker-py throw.
        """
        try:
            with engine_call():
                for message in start():
                    if self._cancelled:
                        break
                    if not isinstance(message, dict):
                        continue
                    if message.get("error") or message.get("errorDetail"):
                        detail = message.get("errorDetail") or {}
                        raise EngineError(
                            clean_text(message.get("error") or detail.get("message") or "failed")
                        )
                    yield message
        except EngineError as error:
            if self._cancelled and not isinstance(error, Cancelled):
                raise Cancelled("cancelled") from error
            raise
        except ValueError as error:  # a half-read JSON message after the socket shut
            if self._cancelled:
                raise Cancelled("cancelled") from error
            raise EngineError(f"the engine sent something unreadable: {error}") from error
        if self._cancelled:
            raise Cancelled("cancelled")


class Throttle:
    """True at most every ``interval`` seconds (UI updates from a fast stream)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self._last = 0.0

    def ready(self) -> bool:
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            return True
        return False
