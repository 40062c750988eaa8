"""Messages that carry engine results from worker threads to the UI."""

from __future__ import annotations

from textual.message import Message

from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession


class EngineConnected(Message):
    def __init__(self, session: EngineSession) -> None:
        super().__init__()
        self.session = session


class EngineShown(Message):
    """The engine's first pane has been painted: background work (engine watch) may start."""

    def __init__(self, session: EngineSession) -> None:
        super().__init__()
        self.session = session


class EngineFailed(Message):
    def __init__(self, endpoint: Endpoint, error: EngineError) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.error = error


class EngineLost(Message, bubble=False):  # sent to each widget
    """The engine stopped answering. Broadcast to every widget (they keep their last state)."""

    def __init__(self, session: EngineSession, error: EngineError) -> None:
        super().__init__()
        self.session = session
        self.error = error


class EngineRetrying(Message, bubble=False):  # sent to each widget
    """Still no engine after ``attempt`` tries; the next one in ``delay`` seconds."""

    def __init__(
        self, session: EngineSession, attempt: int, delay: float, error: EngineError
    ) -> None:
        super().__init__()
        self.session = session
        self.attempt = attempt
        self.delay = delay
        self.error = error


class EngineBack(Message, bubble=False):  # sent to each widget
    """The engine answers again: widgets restart their streams (events, stats, logs)."""

    def __init__(self, session: EngineSession) -> None:
        super().__init__()
        self.session = session
