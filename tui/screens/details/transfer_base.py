"""The common part of the copy and export dialogs: a progress bar fed from a thread worker."""

from __future__ import annotations

import threading
import time
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from widgets.typeahead import KeepsEarlyKeys

#: Progress reaches the UI at most this often (seconds).
PROGRESS_EVERY = 0.1


class TransferScreen(KeepsEarlyKeys, ModalScreen[Any]):
    """A modal with a ``ProgressBar`` and a ``#transfer-status`` line; escape cancels.

    Subclasses make their bar with ``total=100`` (still until the work starts), call
    :meth:`bar_waiting` when it starts and :meth:`bar_stopped` when it fails."""

    BINDINGS = [Binding("escape", "cancel", "Cancel / close", id="transfer.cancel")]

    DEFAULT_CSS = """
    TransferScreen { align: center middle; }
    TransferScreen > Vertical {
        width: 90; max-width: 95%; height: auto; border: round $primary;
        background: $surface; padding: 1 2;
    }
    TransferScreen Label { margin-top: 1; }
    TransferScreen ProgressBar { margin-top: 1; }
    TransferScreen #transfer-status { margin-top: 1; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.cancel_event = threading.Event()
        self.busy = False
        self._last = 0.0

    def progress_from_thread(self, done: int, total: int | None) -> None:
        """The progress callback handed to the engine (runs in the worker thread)."""
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY and (total is None or done < total):
            return
        self._last = now
        self.app.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int, total: int | None) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        self.status(f"{_size(done)}" + (f" of {_size(total)}" if total else ""))

    def bar_waiting(self) -> None:
        """Started, nothing measured yet: the bar pulses (it stays still before the start)."""
        self.query_one(ProgressBar).update(total=None)

    def bar_stopped(self) -> None:
        """Failed or cancelled: a pulsing bar would say it is still at work."""
        bar = self.query_one(ProgressBar)
        if bar.total is None:
            bar.update(total=100, progress=0)

    def status(self, message: str, style: str = "") -> None:
        self.query_one("#transfer-status", Static).update(Text(message, style=style))

    def action_cancel(self) -> None:
        if self.busy:
            self.cancel_event.set()
            self.status("cancelling...", "yellow")
        else:
            self.dismiss(None)


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{count} B"
