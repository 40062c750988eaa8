"""Disk usage, like ``docker system df -v``: a summary and the breakdown of every object."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.resources.disk_usage import DiskUsage, human_size
from tui.screens.resources.prune_screen import PruneScreen
from tui.screens.shell.app_settings import settings_of
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys

SUMMARY_COLUMNS = ("Type", "Total", "Active", "Size", "Reclaimable")
SECTIONS = {
    "images": ("Repository:tag", "Image ID", "Size", "Shared", "Unique", "Containers"),
    "containers": ("Name", "Container ID", "Image", "Volumes", "Size", "State"),
    "volumes": ("Volume name", "Links", "Size"),
    "cache": ("Cache ID", "Type", "Size", "In use", "Shared", "Description"),
}


def _table(table_id: str, columns: tuple[str, ...]) -> DataTable:
    table: DataTable = DataTable(id=table_id, cursor_type="row", classes="df-table")
    for column in columns:
        table.add_column(column, key=column)
    return table


class DiskUsageScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.pop_screen", "Back", id="disk_usage.back"),
        Binding("r", "refresh", "Refresh", id="disk_usage.refresh"),
        Binding("P", "prune", "Prune", id="disk_usage.prune"),
    ]
    DEFAULT_CSS = """
    DiskUsageScreen .df-table { height: auto; max-height: 20; margin-bottom: 1; }
    DiskUsageScreen .df-heading { text-style: bold; margin-top: 1; }
    DiskUsageScreen #df-state { height: 1; padding: 0 1; }
    """

    def __init__(self, session: EngineSession) -> None:
        super().__init__()
        self.session = session
        self.usage: DiskUsage | None = None
        self.loads = 0

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Disk usage: reading (the engine measures every volume)..."), id="df-state"
        )
        with VerticalScroll():
            yield _table("df-summary", SUMMARY_COLUMNS)
            yield Label("Images", classes="df-heading")
            yield _table("df-images", SECTIONS["images"])
            yield Label("Containers", classes="df-heading")
            yield _table("df-containers", SECTIONS["containers"])
            yield Label("Local volumes", classes="df-heading")
            yield _table("df-volumes", SECTIONS["volumes"])
            yield Label("Build cache", classes="df-heading")
            yield _table("df-cache", SECTIONS["cache"])
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#df-summary", DataTable).focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.query_one("#df-state", Static).update(Text("Disk usage: reading...", style="dim"))
        self.run_worker(self._read, thread=True, exclusive=True, group="disk-usage-read")

    def action_prune(self) -> None:
        if settings_of(self).read_only:
            self.app.notify("read-only mode: prune is off", severity="warning")
            return
        self.app.push_screen(PruneScreen(self.session), lambda _: self.action_refresh())

    def _read(self) -> None:
        try:
            usage = self.session.system.disk_usage()
        except EngineError as error:
            self.app.call_from_thread(
                self.app.notify, error.message, title="Disk usage", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.show, usage)

    def show(self, usage: DiskUsage) -> None:
        self.usage = usage
        self.loads += 1
        summary = self.query_one("#df-summary", DataTable)
        rows = {
            line.type: (
                Text(line.type),
                Text(str(line.total)),
                Text(str(line.active)),
                Text(human_size(line.size)),
                Text(line.reclaimable_text),
            )
            for line in usage.summary()
        }
        _fill(summary, rows)
        _fill(
            self.query_one("#df-images", DataTable),
            {
                i.id: (
                    Text(", ".join(i.tags) if not i.dangling else "<none>"),
                    Text(i.id.removeprefix("sha256:")[:12]),
                    Text(human_size(i.size, 3)),
                    Text(human_size(i.shared_size) if i.shared_size >= 0 else "?"),
                    Text(human_size(i.unique_size)),
                    Text(str(i.containers)),
                )
                for i in usage.images
            },
        )
        _fill(
            self.query_one("#df-containers", DataTable),
            {
                c.id: (
                    Text(c.name),
                    Text(c.id[:12]),
                    Text(c.image),
                    Text(str(c.volumes)),
                    Text(human_size(c.size_rw, 3)),
                    Text(c.state),
                )
                for c in usage.containers
            },
        )
        _fill(
            self.query_one("#df-volumes", DataTable),
            {
                v.name: (
                    Text(v.name),
                    Text(str(v.links) if v.links >= 0 else "?"),
                    Text(human_size(v.size) if v.size >= 0 else "?"),
                )
                for v in usage.volumes
            },
        )
        _fill(
            self.query_one("#df-cache", DataTable),
            {
                b.id: (
                    Text(b.id[:12]),
                    Text(b.type),
                    Text(human_size(b.size)),
                    Text("yes" if b.in_use else "no"),
                    Text("yes" if b.shared else "no"),
                    Text(b.description),
                )
                for b in usage.build_cache
            },
        )
        total = sum(line.reclaimable for line in usage.summary())
        state = Text(f"Disk usage   reclaimable in all: {human_size(total)}   ")
        state.append("r: refresh   P: prune", style="dim")
        self.query_one("#df-state", Static).update(state)


def _fill(table: DataTable, rows: Mapping[str, tuple[Text, ...]]) -> None:
    """Update rows by key: changed cells in place, new rows added, gone rows removed."""
    existing = {key.value for key in table.rows if key.value is not None}
    for key, cells in rows.items():
        if key in existing:
            for column, cell in zip(table.columns, cells, strict=False):
                if table.get_cell(key, column) != cell:
                    table.update_cell(key, column, cell)
        else:
            table.add_row(*cells, key=key)
    for key in existing - set(rows):
        table.remove_row(key)
