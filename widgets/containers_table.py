"""The containers table: one row per container, keyed by container id."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from tui.engine.model import Container
from widgets.keyed_table import Cell, KeyedTable

COLUMNS: list[tuple[str, str]] = [
    ("name", "Name"),
    ("image", "Image"),
    ("state", "State"),
    ("status", "Status"),
]

STATE_STYLES = {
    "running": "bold green",
    "paused": "yellow",
    "restarting": "cyan",
    "exited": "red",
    "dead": "bold red",
    "created": "dim",
    "removing": "magenta",
}


def container_cells(container: Container) -> tuple[Cell, ...]:
    """Engine text goes in as Text objects: never parsed as markup."""
    return (
        Text(container.name),
        Text(container.image),
        Text(container.state, style=STATE_STYLES.get(container.state, "")),
        Text(container.status),
    )


class ContainersTable(KeyedTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(COLUMNS, **kwargs)

    def show(self, containers: Iterable[Container]) -> None:
        self.sync((c.id, container_cells(c)) for c in containers)

    def put(self, container: Container) -> None:
        self.upsert(container.id, container_cells(container))
