"""The one door from the UI to an engine: a session's typed operations, grouped by object.

Screens and widgets never hold a docker-py client. They call ``session.containers.stop(ids)``,
``session.images.pull(ref, progress)``, ``session.events.subscribe(filters, callback)`` ...
Every group is an ``Operations``: it reaches the session's client, and each operation that
changes the engine first calls ``writable()``, so read-only mode is enforced here, whatever
the UI does (the UI still hides those keys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.engine.core.errors import EngineError

if TYPE_CHECKING:
    import docker

    from tui.engine.core.session import EngineSession


class ReadOnlyError(EngineError):
    """An operation that changes the engine was asked for in read-only mode."""


class Operations:
    """The operations of one kind of object on one session (base class of every group)."""

    def __init__(self, session: EngineSession) -> None:
        self._session = session

    @property
    def session(self) -> EngineSession:
        return self._session

    @property
    def client(self) -> docker.DockerClient:
        """The session's client for short calls (blocking on first use: call from a worker)."""
        return self._session.client

    def writable(self, what: str) -> None:
        """Raise ReadOnlyError when the session is read-only; ``what`` names the operation."""
        if self._session.read_only:
            raise ReadOnlyError(f"read-only mode: {what} is not allowed")
