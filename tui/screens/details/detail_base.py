"""The common part of the details tabs that show something of a container's inspect output."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession


class InspectBackedTab(Widget):
    """Inspects the container in a thread worker, then calls ``show(info)`` on the UI thread."""

    DEFAULT_CSS = """
    InspectBackedTab { height: 1fr; }
    InspectBackedTab > .tab-message { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, session: EngineSession, container: Container, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.container = container
        self.info: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("loading..."), classes="tab-message")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.run_worker(
            self._fetch, thread=True, exclusive=True, group=f"details-{type(self).__name__}"
        )

    def _fetch(self) -> None:
        try:
            info = self.session.containers.inspect(self.container.id)
        except EngineError as error:
            self.app.call_from_thread(self.show_message, error.message)
        else:
            self.app.call_from_thread(self._loaded, info)

    def _loaded(self, info: dict[str, Any]) -> None:
        if not self.is_attached or not self.children:  # torn down while the worker ran
            return
        self.info = info
        self.show(info)

    def show_message(self, message: str) -> None:
        label = self.query_one(".tab-message", Static)
        label.update(Text(message))
        label.display = bool(message)

    def show(self, info: dict[str, Any]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
