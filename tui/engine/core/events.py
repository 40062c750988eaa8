"""The engine's events stream, closable from another thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tui.engine.core.errors import engine_call
from tui.engine.core.model import EngineEvent

if TYPE_CHECKING:
    import docker


class EventStream:
    """Iterate EngineEvents; ``close()`` from any thread ends the iteration.

    Open it BEFORE listing (as ``docker stats`` does) so no change between the list and the
    subscription is lost. When the engine dies the stream simply ends: callers check the
    engine afterwards.
    """

    def __init__(self, client: docker.DockerClient, filters: dict[str, Any] | None = None) -> None:
        self._lock = threading.Lock()
        self._closed = False
        with engine_call():
            self._stream = client.api.events(decode=True, filters=filters or {})

    def __iter__(self) -> Iterator[EngineEvent]:
        with engine_call():
            for raw in self._stream:
                if self._closed:
                    return
                if isinstance(raw, dict):
                    yield EngineEvent.from_api(raw)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._stream.close()
        except Exception:  # noqa: BLE001 - closing a dead stream must never raise
            pass
