"""Connect and list containers in a background thread while the UI is still being imported.

Started by the CLI before Textual is imported, so the engine's round trips overlap the UI's
start-up: by the time the first screen mounts, the session (and usually the first container
list) is ready. The containers pane still subscribes to events and lists again itself; the
prefetched list only gives the first paint.
"""

from __future__ import annotations

import threading

from tui.engine.connect import Endpoint
from tui.engine.errors import EngineError, translate


class Prefetch:
    def __init__(self, endpoint: Endpoint, connect_timeout: float) -> None:
        self.endpoint = endpoint
        self._done = threading.Event()
        self._session: object = None
        self._error: EngineError | None = None
        self._thread = threading.Thread(
            target=self._run, args=(connect_timeout,), name="dockpit-prefetch", daemon=True
        )
        self._thread.start()

    def _run(self, connect_timeout: float) -> None:
        try:
            from tui.engine.containers import list_containers
            from tui.engine.session import EngineSession

            session = EngineSession.open(self.endpoint, connect_timeout)
            try:
                session.initial_containers = list_containers(session.client)
            except EngineError:
                pass  # the pane lists again and reports
            self._session = session
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
