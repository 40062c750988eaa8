"""The help screen: every key of the focused view, read from its bindings (generic)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.screens.shell.key_help import focused_keys
from widgets.typeahead import KeepsEarlyKeys


def keys_table(screen: Screen) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold")
    table.add_column()
    table.add_column(style="dim")
    for title, entries in focused_keys(screen):
        table.add_row(Text(""), Text(title, style="bold underline"), Text(""))
        for entry in entries:
            style = "" if entry.enabled else "dim"
            table.add_row(
                Text(" / ".join(entry.keys), style=style),
                Text(entry.description, style=style),
                Text(entry.binding.id or ""),
            )
    return table


class HelpScreen(KeepsEarlyKeys, ModalScreen[None]):
    """Built from the screen underneath: what its focused widget chain binds, right now."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90%; max-width: 100; height: 90%;
        border: heavy $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; height: 1; }
    HelpScreen #help-footer { color: $text-muted; height: 1; }
    """

    def __init__(self, of_screen: Screen) -> None:
        super().__init__()
        self.table = keys_table(of_screen)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Keys of this view"), id="help-title")
            with VerticalScroll():
                yield Static(self.table, id="help-keys")
            yield Static(Text("esc / q / ? close    ↑ ↓ scroll"), id="help-footer")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
