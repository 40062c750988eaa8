"""A modal that runs one command and streams its output, cancellable (compose, custom commands).

The command runs in a thread worker (the user's own CLI, a subprocess): ``start`` returns a
handle with ``lines(on_line) -> Outcome`` and ``cancel()``; lines arrive made safe by the
engine layer. `escape` cancels while it runs and closes once it has
ended; the modal stays open at the end so the outcome (and compose's exit code) can be read.
Dismisses with True when compose exited 0.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Log, Static

from tui.engine.compose.runner import Outcome
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import strip_sgr

_ids = itertools.count(1)
MAX_LINES = 5000


class Line(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Finished(Message):
    def __init__(self, outcome: Outcome | None, error: str = "") -> None:
        super().__init__()
        self.outcome = outcome
        self.error = error


class RunHandle(Protocol):
    def lines(self, on_line: Callable[[str], None] | None = None) -> Outcome: ...

    def cancel(self) -> None: ...


class ComposeRunScreen(ModalScreen[bool]):
    """Streams one run's output; ``what`` names it in the failure line ("compose failed")."""

    BINDINGS = [
        Binding("escape", "cancel_or_close", "Cancel / close", id="compose_run.cancel"),
        Binding("enter,q", "close", "Close", id="compose_run.close"),
    ]
    DEFAULT_CSS = """
    ComposeRunScreen { align: center middle; }
    ComposeRunScreen > #compose-run {
        width: 90%; max-width: 140; height: 80%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ComposeRunScreen #compose-title { text-style: bold; height: 1; }
    ComposeRunScreen #compose-output { height: 1fr; }
    ComposeRunScreen #compose-outcome { height: auto; }
    ComposeRunScreen #compose-outcome.failed { color: $error; }
    ComposeRunScreen #compose-outcome.ok { color: $success; }
    ComposeRunScreen #compose-hint { color: $text-muted; height: 1; }
    """

    def __init__(self, title: str, start: Callable[[], RunHandle], what: str = "compose") -> None:
        super().__init__()
        self.what = what
        self.title_text = title
        self._start = start
        self.run_handle: RunHandle | None = None
        self.outcome: Outcome | None = None
        self.ended = False
        self._cancel_requested = False
        self.group = f"compose-run-{next(_ids)}"

    def compose(self) -> ComposeResult:
        with Vertical(id="compose-run"):
            yield Static(Text(self.title_text), id="compose-title")
            yield Log(max_lines=MAX_LINES, id="compose-output")
            yield Static("", id="compose-outcome")
            yield Static("escape: cancel", id="compose-hint")

    def on_mount(self) -> None:
        self.run_worker(self._work, thread=True, exclusive=True, group=self.group)

    def _work(self) -> None:
        try:
            handle = self._start()
        except EngineError as error:
            self.post_message(Finished(None, error.message))
            return
        self.run_handle = handle
        if self._cancel_requested:
            handle.cancel()

        def on_line(line: str) -> None:
            self.post_message(Line(line))

        outcome = handle.lines(on_line)
        self.post_message(Finished(outcome))

    def on_line(self, message: Line) -> None:
        self.query_one(Log).write_line(strip_sgr(message.text))

    def on_finished(self, message: Finished) -> None:
        self.ended = True
        self.outcome = message.outcome
        box = self.query_one("#compose-outcome", Static)
        if message.outcome is None:
            text, ok = message.error, False
        elif message.outcome.cancelled:
            text, ok = "Cancelled", False
        elif message.outcome.ok:
            text, ok = "Done (exit code 0)", True
        else:
            text, ok = f"{self.what} failed: exit code {message.outcome.exit_code}", False
        box.update(Text(text))
        box.set_class(not ok, "failed")
        box.set_class(ok, "ok")
        self.query_one("#compose-hint", Static).update("enter / escape: close")

    def action_cancel_or_close(self) -> None:
        if not self.ended:
            self._cancel_requested = True
            if self.run_handle is not None:
                self.run_handle.cancel()
            self.query_one("#compose-hint", Static).update("cancelling...")
            return
        self.action_close()

    def action_close(self) -> None:
        if self.ended:
            self.dismiss(bool(self.outcome and self.outcome.ok))

    def on_unmount(self) -> None:
        if not self.ended and self.run_handle is not None:
            self.run_handle.cancel()
