"""A confirmation dialog that lists exactly what an action will take away.

``y`` confirms; any other key (or a click outside) cancels. Dismissed with True or False.
Reusable by every pane: give it a title, the lines to list (Text, never markup) and the
verb of the button line ("remove", "prune").
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: At most this many lines are listed one by one; the rest are counted.
MAX_LINES = 200


class ConfirmDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 80%;
        border: heavy $error; background: $surface; padding: 1 2;
    }
    ConfirmDialog #confirm-title { text-style: bold; margin-bottom: 1; }
    ConfirmDialog VerticalScroll { height: auto; max-height: 30; }
    ConfirmDialog #confirm-keys { margin-top: 1; }
    """

    def __init__(self, title: str, lines: Sequence[Text | str], verb: str = "confirm") -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.verb = verb

    def compose(self) -> ComposeResult:
        body = Text()
        for index, line in enumerate(self.lines[:MAX_LINES]):
            if index:
                body.append("\n")
            body.append_text(line if isinstance(line, Text) else Text(line))
        if len(self.lines) > MAX_LINES:
            body.append(f"\n… and {len(self.lines) - MAX_LINES} more")
        keys = Text()
        keys.append("y", style="bold reverse")
        keys.append(f" {self.verb}    ")
        keys.append("any other key", style="bold")
        keys.append(" cancel")
        with Vertical(id="confirm-box"):
            yield Static(Text(self.title_text), id="confirm-title")
            with VerticalScroll():
                yield Static(body, id="confirm-body")
            yield Static(keys, id="confirm-keys")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(event.key == "y")

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:
            self.dismiss(False)
