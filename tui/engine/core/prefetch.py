"""Connect and list containers while the UI is still being imported.

Started by the CLI before Textual is imported. Where it can, it forks a child process that
imports docker-py, connects, lists the containers and sends what it found back through a
pipe (pickled plain data), on the machine's other core. The UI's process then paints the
list from that without having imported docker-py at all: its session makes its own client on
first use, after the first frame (``EngineSession.prepared``).

Where a child cannot help (ssh:// needs a bridge owned by this process, no fork on this
platform, the child died), a thread does the same work in this process as before: the
engine's round trips still overlap Textual's start-up.

Either way the containers pane subscribes to events and lists again itself; the prefetched
list only gives the first paint.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Any

from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import EngineError, EngineUnavailable, translate

#: The largest answer read from the child (a list of 10,000 containers is a few MB).
MAX_ANSWER = 256 * 1024 * 1024


class Prefetch:
    def __init__(self, endpoint: Endpoint, connect_timeout: float, fork: bool = True) -> None:
        self.endpoint = endpoint
        self._done = threading.Event()
        self._session: object = None
        self._error: EngineError | None = None
        self.forked = fork and _may_fork(endpoint)
        self._child: _Child | None = (
            _Child.start(endpoint, connect_timeout) if self.forked else None
        )
        self._thread = threading.Thread(
            target=self._run, args=(connect_timeout,), name="dockpit-prefetch", daemon=True
        )
        self._thread.start()

    def _run(self, connect_timeout: float) -> None:
        try:
            from tui.engine.core.session import EngineSession

            answer = self._child.answer() if self._child is not None else None
            if answer is not None and answer[0] == "facts":
                self._session = EngineSession.prepared(self.endpoint, answer[1], connect_timeout)
                return
            if answer is not None and answer[0] == "error":
                _, unavailable, message = answer
                self._error = (EngineUnavailable if unavailable else EngineError)(message)
                return
            self._session = _open_and_list(self.endpoint, connect_timeout)
        except Exception as exc:  # noqa: BLE001 - handed to the UI as an EngineError
            self._error = translate(exc)
        finally:
            self._done.set()

    def wait(self):  # -> EngineSession (untyped to keep this module's imports lazy)
        """Block until done; return the session or raise the EngineError."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._session


def _may_fork(endpoint: Endpoint) -> bool:
    """Fork only where the child's findings hold for this process: not ssh:// (its bridge
    belongs to the process that made it), and only before any other thread exists."""
    url = endpoint.url or ""
    return (
        hasattr(os, "fork")
        and not url.startswith("ssh://")
        and not endpoint.problem
        and threading.active_count() == 1
        and not os.environ.get("DOCKPIT_NO_FORK")
    )


class _Child:
    """The forked process and the read end of its pipe."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd

    @classmethod
    def start(cls, endpoint: Endpoint, connect_timeout: float) -> _Child | None:
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the child: never returns
            try:
                os.close(read_fd)
                _send(write_fd, _find_out(endpoint, connect_timeout))
            finally:
                os._exit(0)
        os.close(write_fd)
        return cls(pid, read_fd)

    def answer(self) -> tuple[Any, ...] | None:
        """What the child found, or None when it died without a word. Blocking."""
        chunks, size = [], 0
        try:
            while size <= MAX_ANSWER:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(self.fd)
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        try:
            answer = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's bytes
        except Exception:  # noqa: BLE001 - a partial answer: do it here instead
            return None
        return answer if isinstance(answer, tuple) and answer else None


def _open_and_list(endpoint: Endpoint, connect_timeout: float):  # -> EngineSession
    """Connect, and keep the first container list on the session (blocking)."""
    from tui.engine.containers.containers import list_containers
    from tui.engine.core.session import EngineSession

    session = EngineSession.open(endpoint, connect_timeout)
    try:
        session.initial_containers = list_containers(session.client)
    except EngineError:
        pass  # the pane lists again and reports
    return session


def _find_out(endpoint: Endpoint, connect_timeout: float) -> tuple[Any, ...]:
    """In the child: connect, list, and say what was found (or what went wrong)."""
    try:
        session = _open_and_list(endpoint, connect_timeout)
        facts = session.facts()
        session.close()
        return ("facts", facts)
    except Exception as exc:  # noqa: BLE001 - the parent shows it as an EngineError
        error = translate(exc)
        return ("error", isinstance(error, EngineUnavailable), error.message)


def _send(fd: int, answer: tuple[Any, ...]) -> None:
    data = memoryview(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    while data:
        data = data[os.write(fd, data) :]
