"""Run a one-off command in a container (`!`): ask for it, stream its output, show the exit code."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RichLog, Static

from tui.engine.containers.command import CommandRun
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.sanitize import clean_log_line
from tui.engine.core.session import EngineSession
from widgets.typeahead import KeepsEarlyKeys

MAX_LINES = 5000


class CommandScreen(KeepsEarlyKeys, ModalScreen[int | None]):
    """Dismissed with the last exit code (None when nothing ran)."""

    BINDINGS = [Binding("escape", "close", "Close", id="command.close")]

    DEFAULT_CSS = """
    CommandScreen { align: center middle; }
    CommandScreen > Vertical {
        width: 90%; height: 80%; border: round $primary; background: $surface; padding: 0 1;
    }
    CommandScreen #command-output { height: 1fr; }
    CommandScreen #command-status { height: 1; }
    """

    def __init__(self, session: EngineSession, container: Container) -> None:
        super().__init__()
        self.session = session
        self.container = container
        self.exit_code: int | None = None
        self._run: CommandRun | None = None
        self._partial = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Run a command in ")
            title.append(self.container.name, style="bold")
            yield Static(title)
            yield Input(
                placeholder="command, e.g. ls -l /   (enter: run, escape: close)",
                id="command-input",
            )
            yield RichLog(max_lines=MAX_LINES, wrap=False, id="command-output")
            yield Static(Text(""), id="command-status")

    def on_mount(self) -> None:
        self.query_one("#command-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        self.query_one(RichLog).clear()
        self._partial = ""
        self.exit_code = None
        self._status(Text(f"running: {event.value}", style="yellow"))
        self.run_worker(
            lambda: self._execute(event.value), thread=True, exclusive=True, group="command-run"
        )

    def _execute(self, command: str) -> None:
        try:
            with self.session.containers.command(self.container.id, command) as run:
                self._run = run
                for chunk in run:
                    self.app.call_from_thread(self._output, chunk)
                if run.closed:
                    return
                code = run.exit_code()
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            self.app.call_from_thread(self._finished, code)

    def _output(self, chunk: bytes) -> None:
        text = self._partial + chunk.decode("utf-8", "replace")
        *lines, self._partial = text.split("\n")
        log = self.query_one(RichLog)
        for line in lines:
            log.write(Text.from_ansi(clean_log_line(line.rstrip("\r"))))

    def _flush(self) -> None:
        if self._partial:
            self.query_one(RichLog).write(Text.from_ansi(clean_log_line(self._partial)))
            self._partial = ""

    def _finished(self, code: int | None) -> None:
        self._flush()
        self.exit_code = code
        style = "green" if code == 0 else "bold red"
        self._status(Text(f"exit code {code}", style=style))

    def _failed(self, message: str) -> None:
        self._flush()
        self._status(Text(message, style="bold red"))
        self.notify(message, title="Run a command", severity="error", markup=False)

    def _status(self, text: Text) -> None:
        self.query_one("#command-status", Static).update(text)

    def on_unmount(self) -> None:
        if self._run is not None:
            self._run.close()

    def action_close(self) -> None:
        if self._run is not None:
            self._run.close()
        self.dismiss(self.exit_code)
