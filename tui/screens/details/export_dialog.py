"""Export a container's filesystem to a tar file on the host, with progress."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, ProgressBar, Static

from tui.engine.containers.copy import list_host_dir
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.save_folder import save_path
from tui.screens.details.path_suggester import PathSuggester
from tui.screens.details.transfer_base import TransferScreen


class ExportDialog(TransferScreen):
    """Dismissed with the tar file's path (None when cancelled or failed)."""

    def __init__(self, session: EngineSession, container: Container) -> None:
        super().__init__()
        self.session = session
        self.container = container

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Export filesystem  ", style="bold")
            title.append(self.container.name)
            yield Static(title)
            yield Label("Tar file (host)")
            yield Input(
                save_path(f"{self.container.name}.tar"),
                id="export-path",
                suggester=PathSuggester(list_host_dir),
            )
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Static(Text("enter exports, escape cancels", style="dim"), id="transfer-status")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_export()

    def start_export(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path or self.busy:
            return
        self.busy = True
        self.cancel_event.clear()
        self.status("exporting...", "yellow")
        self.bar_waiting()
        self.run_worker(lambda: self._export(path), thread=True, exclusive=True, group="export")

    def _export(self, path: str) -> None:
        try:
            size = self.session.containers.export(
                self.container.id,
                path,
                self.progress_from_thread,
                self.cancel_event.is_set,
            )
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            self.app.call_from_thread(self._done, path, size)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.status(message, "bold red")
        self.bar_stopped()

    def _done(self, path: str, size: int) -> None:
        self.busy = False
        self.notify(f"exported {size} bytes to {path}", title="Export", markup=False)
        self.dismiss(path)
