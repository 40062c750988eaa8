"""Asked before quitting when the config sets ``confirm_quit = true``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmQuitScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmQuitScreen { align: center middle; }
    ConfirmQuitScreen > Static {
        width: auto; height: auto; padding: 1 3;
        border: heavy $warning; background: $surface;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Quit", id="confirm_quit.yes"),
        Binding("n,escape,q", "answer(False)", "Stay", id="confirm_quit.no"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Quit dockpit?   y quit   n stay", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
