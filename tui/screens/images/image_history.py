"""The history of one image: its layers, the instruction that made each, size and age."""

from __future__ import annotations

import humanize
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.images.history import HistoryEntry
from widgets.footer import KeysFooter
from widgets.images_table import created_ago
from widgets.typeahead import KeepsEarlyKeys


class ImageHistoryScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.pop_screen", "Back", id="image_history.back"),
    ]
    DEFAULT_CSS = """
    ImageHistoryScreen #history-title { height: 1; background: $panel; padding: 0 1; }
    ImageHistoryScreen DataTable { height: 1fr; }
    """

    def __init__(self, session: EngineSession, reference: str, image_id: str) -> None:
        super().__init__()
        self.session = session
        self.reference = reference
        self.image_id = image_id

    def compose(self) -> ComposeResult:
        title = Text("History of ")
        title.append(self.reference, style="bold")
        yield Static(title, id="history-title")
        table: DataTable = DataTable(cursor_type="row", id="history-table")
        yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (
            ("layer", "Layer"),
            ("created", "Created"),
            ("size", "Size"),
            ("by", "Created by"),
        ):
            table.add_column(label, key=key)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="image-history")
    def load(self) -> None:
        try:
            entries = self.session.images.history(self.image_id)
        except EngineError as error:
            self.app.call_from_thread(
                self.notify, error.message, title="History", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.show, entries)

    def show(self, entries: list[HistoryEntry]) -> None:
        table = self.query_one(DataTable)
        for index, entry in enumerate(entries):
            table.add_row(
                Text(entry.short_id, style="dim" if entry.id.startswith("<") else ""),
                Text(created_ago(entry.created)),
                Text(humanize.naturalsize(entry.size), justify="right"),
                Text(entry.instruction),
                key=str(index),
            )
        summary = Text("History of ")
        summary.append(self.reference, style="bold")
        summary.append(f"  {len(entries)} layers", style="dim")
        self.query_one("#history-title", Static).update(summary)
