"""The hosts view: every engine dockpit knows (current, --host, docker contexts) and whether
it answers. enter switches the whole dashboard to it; space marks engines for the fleet view.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.engine.core.connect import Endpoint
from tui.engine.hosts.hosts import HostEntry, ProbeResult, known_engines, probe
from tui.screens.shell.growing_table import GrowingTable
from widgets.footer import KeysFooter
from widgets.keyed_table import KeyedTable
from widgets.typeahead import KeepsEarlyKeys

COLUMNS = [
    ("mark", " "),
    ("name", "Name"),
    ("kind", "Kind"),
    ("endpoint", "Endpoint"),
    ("about", "Description"),
    ("state", "State"),
]
#: Longer probe messages are cut in the table (the whole one is in the notification on enter).
STATE_WIDTH = 70


class HostsFound(Message):
    def __init__(self, entries: list[HostEntry]) -> None:
        super().__init__()
        self.entries = entries


class HostProbed(Message):
    def __init__(self, key: str, result: ProbeResult) -> None:
        super().__init__()
        self.key = key
        self.result = result


class HostsScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("enter", "switch", "Switch to", id="hosts.switch"),
        Binding("space", "mark", "Mark for fleet", id="hosts.mark"),
        Binding("F", "fleet", "Fleet of marked", id="hosts.fleet"),
        Binding("r", "refresh", "Refresh", id="hosts.refresh"),
        Binding("q,escape", "app.pop_screen", "Back", id="hosts.back"),
    ]

    def __init__(self, current: Endpoint | None, hosts: list[str]) -> None:
        super().__init__()
        self.current = current
        self.hosts = hosts
        self.entries: dict[str, HostEntry] = {}
        self.states: dict[str, ProbeResult] = {}
        self.marked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Engines and docker contexts  (enter: switch, space: mark, F: fleet)"),
            id="hosts-title",
        )
        yield GrowingTable(COLUMNS, id="hosts-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(KeyedTable).focus()
        self.find_hosts()

    @work(thread=True, exclusive=True, group="hosts-find")
    def find_hosts(self) -> None:
        self.post_message(HostsFound(known_engines(self.current, self.hosts)))

    @work(thread=True, group="hosts-probe")
    def probe_one(self, entry: HostEntry) -> None:
        self.post_message(HostProbed(entry.key, probe(entry.endpoint)))

    def _cells(self, entry: HostEntry) -> tuple[Text, ...]:
        is_current = self.current is not None and entry.endpoint == self.current
        mark = "●" if is_current else ""
        if entry.key in self.marked:
            mark += "+"
        name = Text(entry.name, style="bold" if is_current else "")
        if entry.context_current:
            name.append(" *", style="dim")
        result = self.states.get(entry.key)
        if result is None:
            state = Text("checking...", style="dim")
        elif result.up:
            state = Text(f"up  {result.text}", style="green")
        else:
            state = Text(f"down  {result.text}", style="red")
        state.truncate(STATE_WIDTH, overflow="ellipsis")
        return (
            Text(mark),
            name,
            Text(entry.kind),
            Text(entry.endpoint.url or "-"),
            Text(entry.description, style="dim"),
            state,
        )

    def on_hosts_found(self, message: HostsFound) -> None:
        self.entries = {e.key: e for e in message.entries}
        table = self.query_one(KeyedTable)
        table.sync((e.key, self._cells(e)) for e in message.entries)
        for entry in message.entries:
            self.probe_one(entry)

    def on_host_probed(self, message: HostProbed) -> None:
        self.states[message.key] = message.result
        entry = self.entries.get(message.key)
        if entry is not None:
            self.query_one(KeyedTable).upsert(entry.key, self._cells(entry))

    def _entry(self) -> HostEntry | None:
        key = self.query_one(KeyedTable).current_key
        return self.entries.get(key) if key else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # enter on the table: the table selects, the view switches
        self.action_switch()

    def action_switch(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        if entry.endpoint.problem:
            self.notify(entry.endpoint.problem, title="Hosts", severity="error", markup=False)
            return
        self.app.switch_engine(entry.endpoint)  # type: ignore[attr-defined]

    def action_mark(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        self.marked.symmetric_difference_update({entry.key})
        self.query_one(KeyedTable).upsert(entry.key, self._cells(entry))

    def action_fleet(self) -> None:
        chosen = [e for k, e in self.entries.items() if k in self.marked]
        if not chosen:
            chosen = [
                e for k, e in self.entries.items() if self.states.get(k, None) and self.states[k].up
            ]
        if not chosen:
            self.notify("Mark engines with space first", title="Fleet", markup=False)
            return
        self.app.open_fleet([e.endpoint for e in chosen])  # type: ignore[attr-defined]

    def action_refresh(self) -> None:
        self.states.clear()
        self.find_hosts()
