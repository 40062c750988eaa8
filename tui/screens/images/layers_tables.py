"""Tables of the layer explorer: wasted paths, and the diff of two images."""

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
from tui.engine.images.layers_diff import DiffItem, diff_images, diff_totals
from tui.engine.images.layers_merge import Analysis
from tui.engine.images.layers_model import ADDED, MODIFIED, REMOVED, shown
from tui.engine.images.layers_read import read_layers
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys

#: Rows shown in one table (the biggest first); the title says how many there are.
MAX_ROWS = 5000
STYLES = {ADDED: "green", REMOVED: "red", MODIFIED: "yellow"}


def size(n: int) -> Text:
    return Text(humanize.naturalsize(n, binary=True), justify="right")


class TableScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [Binding("q,escape", "app.pop_screen", "Back", id="layers_table.back")]
    DEFAULT_CSS = """
    TableScreen #table-title { height: 2; background: $panel; padding: 0 1; }
    TableScreen DataTable { height: 1fr; }
    """
    COLUMNS: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="table-title")
        yield DataTable(cursor_type="row", id="layers-rows")
        yield KeysFooter()

    def setup_table(self) -> None:
        """Called by each subclass's on_mount (Textual runs every class's on_mount)."""
        table = self.query_one(DataTable)
        for label in self.COLUMNS:
            table.add_column(label, key=label)
        table.focus()

    def title_text(self, first: str, second: str) -> None:
        text = Text(first, style="bold")
        text.append("\n" + second, style="dim")
        self.query_one("#table-title", Static).update(text)


class WasteScreen(TableScreen):
    COLUMNS = ("Wasted", "Copies", "Layers", "Path")

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis

    def on_mount(self) -> None:
        self.setup_table()
        a = self.analysis
        self.title_text(
            f"Wasted space: {humanize.naturalsize(a.wasted_bytes, binary=True)} in "
            f"{len(a.waste)} paths, efficiency {100 * a.efficiency:.2f}%",
            "efficiency = 1 - wasted / total (bytes of files stored in all layers); wasted = "
            "every copy the final image does not show (overwritten or deleted later)",
        )
        table = self.query_one(DataTable)
        for number, item in enumerate(a.waste[:MAX_ROWS]):
            layers = ", ".join(str(i) for i in item.layers)
            path = Text(shown(item.path), style="red" if item.removed else "")
            if item.removed:
                where = f" in layer {item.deleted_in}" if item.deleted_in >= 0 else ""
                path.append(f"  (deleted{where})", style="dim")
            table.add_row(
                size(item.wasted), Text(str(item.copies)), Text(layers), path, key=str(number)
            )


class DiffScreen(TableScreen):
    COLUMNS = ("Change", "Before", "After", "Path")

    def __init__(self, session: EngineSession, before: str, after: str) -> None:
        super().__init__()
        self.session = session
        self.before = before
        self.after = after
        self.items: list[DiffItem] | None = None

    def on_mount(self) -> None:
        self.setup_table()
        self.title_text(f"{self.before} -> {self.after}", "reading both images...")
        self.load()

    @work(thread=True, exclusive=True, group="layers-diff")
    def load(self) -> None:
        try:
            before = self.session.images.streaming(read_layers, self.before)
            after = self.session.images.streaming(read_layers, self.after)
            items = diff_images(before, after)
        except EngineError as error:
            self.app.call_from_thread(self.title_text, "Diff", error.message)
            return
        self.app.call_from_thread(self.show, items)

    def show(self, items: list[DiffItem]) -> None:
        self.items = items
        totals = diff_totals(items)
        delta = totals["bytes"]
        self.title_text(
            f"{self.before} -> {self.after}",
            f"{totals[ADDED]} added, {totals[REMOVED]} removed, {totals[MODIFIED]} changed, "
            f"{'+' if delta >= 0 else '-'}{humanize.naturalsize(abs(delta), binary=True)}",
        )
        table = self.query_one(DataTable)
        for number, item in enumerate(items[:MAX_ROWS]):
            table.add_row(
                Text(item.status, style=STYLES[item.status]),
                size(item.size_before),
                size(item.size_after),
                Text(shown(item.path)),
                key=str(number),
            )
