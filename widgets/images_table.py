"""The images table: one row per image tag (or per untagged image), keyed, sortable, filterable."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

import humanize
from rich.text import Text
from textual.binding import Binding
from textual.widgets.data_table import RowDoesNotExist

from tui.engine.images.images import NONE, ImageRow
from widgets.keyed_table import Cell, KeyedTable

COLUMNS: list[tuple[str, str]] = [
    ("repository", "Repository"),
    ("tag", "Tag"),
    ("id", "Image ID"),
    ("size", "Size"),
    ("shared", "Shared"),
    ("created", "Created"),
    ("containers", "Containers"),
]

SORTS = ("created", "size", "name")

_EPOCH = datetime.fromtimestamp(0, tz=timezone.utc)


def created_ago(when: datetime | None, now: datetime | None = None) -> str:
    if when is None:
        return "-"
    return humanize.naturaltime((now or datetime.now(timezone.utc)) - when)


def image_cells(row: ImageRow) -> tuple[Cell, ...]:
    image = row.image
    if image.repo_tags:
        repository, tag = Text(row.repository), Text(row.tag)
    elif image.intermediate:
        repository, tag = Text(NONE, style="dim"), Text("<intermediate>", style="dim")
    else:
        repository = Text(NONE, style="yellow")
        tag = Text("<none> dangling", style="yellow")
    shared = "…" if image.shared_size is None else humanize.naturalsize(image.shared_size)
    count = len(image.containers)
    return (
        repository,
        tag,
        Text(image.short_id),
        Text(humanize.naturalsize(image.size), justify="right"),
        Text(shared, justify="right", style="dim" if image.shared_size is None else ""),
        Text(created_ago(image.created)),
        Text(str(count) if count else "-", justify="right", style="bold" if count else "dim"),
    )


def sort_key(sort: str) -> Callable[[ImageRow], Any]:
    if sort == "size":
        return lambda r: (-r.image.size, r.reference)
    if sort == "name":
        return lambda r: (not r.image.repo_tags, r.reference.lower())
    return lambda r: (-(r.image.created or _EPOCH).timestamp(), r.reference)


def visible_rows(
    rows: Iterable[ImageRow],
    *,
    text: str = "",
    show_dangling: bool = True,
    show_intermediate: bool = False,
    sort: str = "created",
) -> list[ImageRow]:
    """Which rows the table shows, in order (pure: unit tested)."""
    needle = text.strip().lower()
    kept = []
    for row in rows:
        if row.image.intermediate and not show_intermediate:
            continue
        if row.image.dangling and not show_dangling:
            continue
        if needle and needle not in f"{row.reference} {row.image.id}".lower():
            continue
        kept.append(row)
    kept.sort(key=sort_key(sort))
    return kept


class ImagesTable(KeyedTable):
    # DataTable's enter says "Select"; on an image it opens the history (the pane's handler)
    BINDINGS = [Binding("enter", "select_cursor", "Open history", id="images.open", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(COLUMNS, **kwargs)
        self.rows_by_key: dict[str, ImageRow] = {}
        self._order: list[str] = []

    def show(self, rows: list[ImageRow]) -> None:
        """Show exactly these rows in this order; the cursor stays on its image."""
        current = self.current_key
        self.rows_by_key = {row.key: row for row in rows}
        with self.app.batch_update():
            self.sync((row.key, image_cells(row)) for row in rows)
            order = [row.key for row in rows]
            if order != self._order:
                self._order = order
                self._reorder({key: index for index, key in enumerate(order)})
            if current is not None and current in self.rows_by_key:
                self.select_key(current)

    def _reorder(self, position: dict[str, int]) -> None:
        """Put the rows in this order, as DataTable.sort does (rows keep their keys)."""
        ordered = sorted(self.rows.keys(), key=lambda key: position.get(str(key.value), 0))
        self.set_row_order(ordered)
        self.refresh()

    def select_key(self, key: str) -> bool:
        try:
            index = self.get_row_index(key)
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index, animate=False, scroll=True)
        return True

    def select_image(self, image_id: str) -> bool:
        for row in self.rows_by_key.values():
            if row.image.id == image_id:
                return self.select_key(row.key)
        return False

    @property
    def current_row(self) -> ImageRow | None:
        key = self.current_key
        return self.rows_by_key.get(key) if key else None
