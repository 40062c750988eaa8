"""A modal that runs one long image operation (pull, push, save, load, import) with progress.

The operation runs in a thread worker on a handle of its own (``session.images.operation()``);
`escape` cancels it while it runs (the engine abandons the transfer) and closes the modal
once it has ended. The modal stays open at the end so the user can read the outcome; it
dismisses with the result text on success and None otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.core.streaming import Cancelled, OperationHandle
from tui.engine.images.transfer import ProgressView
from widgets.transfer_progress import TransferProgressView

Run = Callable[[OperationHandle, Callable[[ProgressView], None]], str]

_ids = itertools.count(1)


class Progressed(Message):
    def __init__(self, view: ProgressView) -> None:
        super().__init__()
        self.view = view


class Ended(Message):
    def __init__(self, outcome: str, text: str) -> None:
        super().__init__()
        self.outcome = outcome  # "ok" | "failed" | "cancelled"
        self.text = text


class ImageOperationScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel_or_close", "Cancel / close", id="image_operation.cancel"),
        Binding("enter,q", "close", "Close", id="image_operation.close"),
    ]
    DEFAULT_CSS = """
    ImageOperationScreen { align: center middle; }
    ImageOperationScreen > #operation {
        width: 90%; max-width: 130; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ImageOperationScreen #operation-title { text-style: bold; height: 1; }
    ImageOperationScreen #operation-outcome { height: auto; margin-top: 1; }
    ImageOperationScreen #operation-outcome.failed { color: $error; }
    ImageOperationScreen #operation-outcome.ok { color: $success; }
    ImageOperationScreen #operation-hint { color: $text-muted; height: 1; }
    """

    def __init__(self, session: EngineSession, title: str, run: Run) -> None:
        super().__init__()
        self.session = session
        self.title_text = title
        self.operation = run
        self._cancel_requested = False
        self.group = f"image-operation-{next(_ids)}"
        self.handle: OperationHandle | None = None
        self.outcome: str | None = None
        self.result_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="operation"):
            yield Static(Text(self.title_text), id="operation-title")
            yield TransferProgressView(id="operation-progress")
            yield Static("", id="operation-outcome")
            yield Static("escape: cancel", id="operation-hint")

    def on_mount(self) -> None:
        self.start()

    def start(self) -> None:
        self.run_worker(self._work, thread=True, exclusive=True, group=self.group)

    def _work(self) -> None:
        def report(view: ProgressView) -> None:
            self.post_message(Progressed(view))

        try:
            with self.session.images.operation() as handle:
                self.handle = handle
                if self._cancel_requested:
                    handle.cancel()
                text = self.operation(handle, report)
        except Cancelled:
            self.post_message(Ended("cancelled", "Cancelled"))
        except EngineError as error:
            self.post_message(Ended("failed", error.message))
        else:
            self.post_message(Ended("ok", text))

    def on_progressed(self, message: Progressed) -> None:
        self.query_one(TransferProgressView).show(message.view)

    def on_ended(self, message: Ended) -> None:
        self.outcome = message.outcome
        self.result_text = message.text
        outcome = self.query_one("#operation-outcome", Static)
        outcome.update(Text(message.text))
        outcome.set_class(message.outcome == "failed", "failed")
        outcome.set_class(message.outcome == "ok", "ok")
        self.query_one(TransferProgressView).finish(message.outcome == "ok")
        self.query_one("#operation-hint", Static).update("enter / escape: close")

    def action_cancel_or_close(self) -> None:
        if self.outcome is None:
            self._cancel_requested = True
            if self.handle is not None:
                self.handle.cancel()
            self.query_one("#operation-hint", Static).update("cancelling...")
            return
        self.action_close()

    def action_close(self) -> None:
        if self.outcome is None:
            return
        self.dismiss(self.result_text if self.outcome == "ok" else None)

    def on_unmount(self) -> None:
        self._cancel_requested = True
        if self.outcome is None and self.handle is not None:
            self.handle.cancel()
