"""Copy files between the host and a container (`docker cp`), with completion and progress."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, ProgressBar, RadioButton, RadioSet, Static

from tui.engine.containers.copy import list_host_dir
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.details.path_suggester import PathSuggester
from tui.screens.details.transfer_base import TransferScreen

FROM_CONTAINER = "from-container"
TO_CONTAINER = "to-container"


class CopyDialog(TransferScreen):
    """Dismissed with the path made (None when cancelled or failed)."""

    def __init__(self, session: EngineSession, container: Container) -> None:
        super().__init__()
        self.session = session
        self.container = container
        self.direction = FROM_CONTAINER
        self._container_paths = PathSuggester(self._list_container)
        self._host_paths = PathSuggester(list_host_dir)

    def _list_container(self, directory: str) -> list[str]:
        return self.session.containers.list_dir(self.container.id, directory)

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Copy files  ", style="bold")
            title.append(self.container.name)
            yield Static(title)
            with RadioSet(id="cp-direction"):
                yield RadioButton("container \u2192 host", value=True, id=FROM_CONTAINER)
                yield RadioButton("host \u2192 container", id=TO_CONTAINER)
            yield Label("", id="cp-source-label")
            yield Input(id="cp-source", suggester=self._container_paths)
            yield Label("", id="cp-dest-label")
            yield Input(id="cp-dest", suggester=self._host_paths)
            yield ProgressBar(total=100, show_eta=False, id="cp-progress")
            yield Static(
                Text("\u2192 accepts a completion, enter copies, escape cancels", style="dim"),
                id="transfer-status",
            )

    def on_mount(self) -> None:
        if not self.query("#cp-source"):  # not composed yet (seen on a loaded machine)
            self.call_after_refresh(self.on_mount)
            return
        self._relabel()
        self.query_one("#cp-source", Input).focus()

    def set_direction(self, direction: str) -> None:
        self.direction = direction
        from_container = direction == FROM_CONTAINER
        source, dest = self.query_one("#cp-source", Input), self.query_one("#cp-dest", Input)
        source.suggester = self._container_paths if from_container else self._host_paths
        dest.suggester = self._host_paths if from_container else self._container_paths
        self._relabel()

    def _relabel(self) -> None:
        sides = ("container", "host") if self.direction == FROM_CONTAINER else ("host", "container")
        self.query_one("#cp-source-label", Label).update(Text(f"Source path ({sides[0]})"))
        self.query_one("#cp-dest-label", Label).update(Text(f"Destination path ({sides[1]})"))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.set_direction(event.pressed.id or FROM_CONTAINER)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "cp-source":
            self.query_one("#cp-dest", Input).focus()
            return
        self.start_copy()

    def start_copy(self) -> None:
        source = self.query_one("#cp-source", Input).value.strip()
        dest = self.query_one("#cp-dest", Input).value.strip()
        if not source or not dest:
            self.status("give both a source and a destination", "bold red")
            return
        if self.busy:
            return
        self.busy = True
        self.cancel_event.clear()
        self.status("copying...", "yellow")
        self.bar_waiting()
        direction = self.direction
        self.run_worker(
            lambda: self._copy(direction, source, dest),
            thread=True,
            exclusive=True,
            group="copy-files",
        )

    def _copy(self, direction: str, source: str, dest: str) -> None:
        ops = self.session.containers
        copy = ops.copy_from if direction == FROM_CONTAINER else ops.copy_to
        try:
            made = copy(
                self.container.id,
                source,
                dest,
                self.progress_from_thread,
                self.cancel_event.is_set,
            )
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            self.app.call_from_thread(self._done, made)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.status(message, "bold red")
        self.bar_stopped()

    def _done(self, made: str) -> None:
        self.busy = False
        self.notify(f"copied to {made}", title="Copy", markup=False)
        self.dismiss(made)
