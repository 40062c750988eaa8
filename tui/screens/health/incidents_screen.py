"""The incidents view: what happened to which container and when, with the last log lines
captured at the time (so "why did it die" needs no digging). Newest first; `s` saves it."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.engine.health.attention import SEVERITY, Incident
from tui.engine.health.watcher import AttentionWatcher, write_incidents
from widgets.keyed_table import KeyedTable

COLOURS = {"error": "bold red", "warning": "yellow", "information": "cyan"}


def default_save_path() -> Path:
    from tui.crash import state_dir

    return state_dir() / "incidents.txt"


class IncidentsScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape", "back", "Back", id="incidents.back"),
        Binding("s", "save", "Save", id="incidents.save"),
    ]
    DEFAULT_CSS = """
    IncidentsScreen #incidents-title { height: 1; text-style: bold; padding: 0 1; }
    IncidentsScreen #incidents-table { height: 1fr; }
    IncidentsScreen #incident-detail { height: 40%; border-top: solid $primary; padding: 0 1; }
    """

    def __init__(self, watchers: dict[str, AttentionWatcher]) -> None:
        super().__init__()
        self.watchers = watchers  # engine label -> its watcher
        self.shown: dict[str, tuple[str, Incident]] = {}

    def compose(self) -> ComposeResult:
        yield Static("Incidents", id="incidents-title")
        with Vertical():
            yield KeyedTable(
                [
                    ("when", "Time"),
                    ("engine", "Engine"),
                    ("container", "Container"),
                    ("kind", "What"),
                    ("exit", "Exit"),
                    ("detail", "Detail"),
                ],  # fmt: skip
                id="incidents-table",
            )
            yield Static("", id="incident-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.set_interval(2.0, self.refresh_rows)  # incidents arrive from other threads
        self.query_one(KeyedTable).focus()

    def refresh_rows(self) -> None:
        everything = [
            (engine, incident)
            for engine, watcher in self.watchers.items()
            for incident in list(watcher.incidents)
        ]
        everything.sort(key=lambda pair: pair[1].when, reverse=True)
        if len(everything) == len(self.shown):
            return
        self.shown = {}
        rows = []
        for index, (engine, incident) in enumerate(everything):
            key = f"{len(everything) - index}"
            self.shown[key] = (engine, incident)
            code = "" if incident.exit_code is None else str(incident.exit_code)
            style = COLOURS.get(SEVERITY.get(incident.kind, ""), "")
            rows.append((key, (
                Text(incident.when.astimezone().strftime("%H:%M:%S")),
                Text(engine, style="dim"),
                Text(incident.name, style="bold"),
                Text(incident.kind, style=style),
                Text(code),
                Text(incident.what),
            )))  # fmt: skip
        counts = {e: len(w.incidents) for e, w in self.watchers.items()}
        title = Text("Incidents", style="bold")
        title.append("  " + "  ".join(f"{e}: {n}" for e, n in counts.items()), style="dim")
        self.query_one("#incidents-title", Static).update(title)
        self.query_one(KeyedTable).sync(rows)
        self._show_detail()

    def on_data_table_row_highlighted(self, event: KeyedTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        key = self.query_one(KeyedTable).current_key
        detail = self.query_one("#incident-detail", Static)
        if key is None or key not in self.shown:
            detail.update(Text("nothing has gone wrong this session", style="dim"))
            return
        engine, incident = self.shown[key]
        text = Text(f"{incident.name} ({engine}): {incident.what}\n", style="bold")
        if incident.detail:
            text.append("failing probe: ", style="dim")
            text.append(incident.detail + "\n")
        if incident.last_lines:
            text.append("last log lines before it happened:\n", style="dim")
            for line in incident.last_lines:
                text.append(line + "\n")
        detail.update(text)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        path = default_save_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            count = write_incidents(
                path, {engine: list(w.incidents) for engine, w in self.watchers.items()}
            )
        except OSError as error:
            self.notify(
                f"could not save: {error.strerror or error}", severity="error", markup=False
            )
            return
        self.notify(f"saved {count} incident(s) to {path}", markup=False)
