"""Messages that carry engine results from worker threads to the UI."""

from __future__ import annotations

from textual.message import Message

from tui.engine.connect import Endpoint
from tui.engine.errors import EngineError
from tui.engine.session import EngineSession


class EngineConnected(Message):
    def __init__(self, session: EngineSession) -> None:
        super().__init__()
        self.session = session


class EngineFailed(Message):
    def __init__(self, endpoint: Endpoint, error: EngineError) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.error = error
