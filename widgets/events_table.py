"""The events table: one row per engine event, newest last, keyed by arrival number."""

from __future__ import annotations

from rich.text import Text

from tui.engine.core.model import EngineEvent
from widgets.keyed_table import Cell, KeyedTable

EVENT_COLUMNS = [
    ("seq", "#"),
    ("time", "Time"),
    ("type", "Type"),
    ("action", "Action"),
    ("actor", "Actor"),
]

ACTION_STYLES = {
    "start": "green",
    "die": "red",
    "kill": "red",
    "oom": "bold red",
    "destroy": "magenta",
    "create": "cyan",
    "stop": "yellow",
}


def event_time(event: EngineEvent) -> str:
    if event.time is None:
        return "-"
    return event.time.astimezone().strftime("%H:%M:%S.%f")[:-3]


def event_cells(seq: int, event: EngineEvent) -> tuple[Cell, ...]:
    action = event.action
    style = ACTION_STYLES.get(action.split(":", 1)[0].strip(), "")
    return (
        Text(str(seq), style="dim"),
        Text(event_time(event)),
        Text(event.type),
        Text(action, style=style),
        Text(event.actor_name),
    )


class EventsTable(KeyedTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(EVENT_COLUMNS, **kwargs)

    def order(self) -> None:
        """Rows in arrival order (after rows came back when a filter was loosened)."""
        self.sort("seq", key=lambda cell: int(cell.plain if isinstance(cell, Text) else cell))
