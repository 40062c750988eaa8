"""Rename a container."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from widgets.typeahead import KeepsEarlyKeys


class RenameDialog(KeepsEarlyKeys, ModalScreen[str | None]):
    """Dismissed with the new name (None when cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="rename.cancel")]

    DEFAULT_CSS = """
    RenameDialog { align: center middle; }
    RenameDialog > Vertical {
        width: 70; height: auto; border: round $primary; background: $surface; padding: 1 2;
    }
    RenameDialog #rename-status { height: auto; margin-top: 1; }
    """

    def __init__(self, session: EngineSession, container: Container) -> None:
        super().__init__()
        self.session = session
        self.container = container

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Rename  ", style="bold")
            title.append(self.container.name)
            yield Static(title)
            yield Input(self.container.name, id="rename-input")
            yield Static(Text("enter renames, escape cancels", style="dim"), id="rename-status")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        self.run_worker(lambda: self._rename(name), thread=True, exclusive=True, group="rename")

    def _rename(self, name: str) -> None:
        try:
            self.session.containers.rename(self.container.id, name)
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            self.app.call_from_thread(self.dismiss, name)

    def _failed(self, message: str) -> None:
        self.query_one("#rename-status", Static).update(Text(message, style="bold red"))

    def action_cancel(self) -> None:
        self.dismiss(None)
