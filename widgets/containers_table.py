"""The containers table: one row per container, keyed by container id.

The table keeps every container it knows (``rows``) and shows the ones the view options let
through (filter, stopped toggle), ordered by the sort and the compose grouping. Changes are
applied by key; the cursor stays on the container it was on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timezone

from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.message import Message
from textual.theme import Theme
from textual.widgets.data_table import RowKey

import themes
from tui.engine.containers.container_events import ContainerUpdate
from tui.engine.containers.container_view import ContainerRow, OrderedView, ViewOptions
from tui.engine.containers.status_text import since_from_status, uptime_text
from tui.engine.core.model import Container
from widgets.keyed_table import Cell, KeyedTable
from widgets.wire import cadence

#: What a glance needs first: a narrow list (the dashboard's half of 160 columns) still shows
#: the state and the live figures; the image, ports and project follow.
COLUMNS: list[tuple[str, str]] = [
    ("mark", " "),
    ("name", "Name"),
    ("state", "State"),
    ("cpu", "CPU %"),
    ("mem", "Memory"),
    ("uptime", "Uptime"),
    ("image", "Image"),
    ("ports", "Ports"),
    ("compose", "Compose"),
]
COLUMN_KEYS = [key for key, _ in COLUMNS]

STATE_STYLES = {
    "running": "bold green",
    "paused": "yellow",
    "restarting": "cyan",
    "exited": "red",
    "dead": "bold red",
    "created": "dim",
    "removing": "magenta",
}
HEALTH_STYLES = {"healthy": "green", "unhealthy": "bold red", "starting": "yellow"}
MARK = "●"
#: States that continue one "up" period: pausing does not restart the uptime clock.
UP_STATES = frozenset({"running", "paused"})
STATS_SORTS = frozenset({"cpu", "mem"})


def same_period(before: str, after: str) -> bool:
    return before == after or (before in UP_STATES and after in UP_STATES)


def state_cell(row: ContainerRow, theme: Theme | None = None) -> Text:
    if row.pending:
        return Text(f"{row.pending}…", style="italic yellow")
    container = row.container
    if theme is not None:  # symbol + the theme's state colour (themes/palette.py)
        text = themes.state_text(theme, container.state, container.health, label=container.state)
    else:
        text = Text(container.state, style=STATE_STYLES.get(container.state, ""))
    if container.health:
        text.append(f" ({container.health})", style=HEALTH_STYLES.get(container.health, ""))
    elif container.exit_code is not None:
        text.append(f" ({container.exit_code})", style="red" if container.exit_code else "dim")
    return text


def figure_cell(text: str) -> Text:
    """A live figure (CPU %, memory), right-aligned."""
    return Text(text, justify="right")


def row_cells(
    row: ContainerRow, marked: bool, now: datetime, theme: Theme | None = None
) -> tuple[Cell, ...]:
    """Engine text goes in as Text objects: never parsed as markup."""
    c = row.container
    cells = {
        "mark": Text(MARK if marked else " ", style="bold magenta"),
        "name": Text(c.name),
        "image": Text.assemble(c.image, (" ⬆" if row.update else "", "bold yellow")),
        "state": state_cell(row, theme),
        "uptime": Text(uptime_text(c.state, row.since, c.created, now)),
        "ports": Text(", ".join(p.label() for p in c.ports)),
        "compose": Text(row.compose),
        "cpu": figure_cell(row.cpu),
        "mem": figure_cell(row.mem),
    }
    return tuple(cells[key] for key in COLUMN_KEYS)


class ContainersTable(KeyedTable):
    class ViewChanged(Message):
        """Options, marks or the number of rows changed (the pane updates its status line)."""

    # "up 59 seconds"; a full trend and "100.00%"; "1023.9 MiB 99.9%"
    MIN_WIDTHS = {"uptime": 13, "cpu": 14, "mem": 16}

    def __init__(self, options: ViewOptions | None = None, **kwargs) -> None:
        super().__init__(COLUMNS, **kwargs)
        self.options = options or ViewOptions()
        self.known: dict[str, ContainerRow] = {}
        self.marked: set[str] = set()
        #: What each shown row's cells were made from (made again only when that changes).
        self._drawn: dict[str, tuple[ContainerRow, bool]] = {}
        #: The shown rows in display order, kept up to date row by row.
        self._view = OrderedView(self.options)

    def on_mount(self) -> None:
        # "up 9 seconds": a clock; in bandwidth mode it moves every 10 s.
        self.set_interval(cadence.every(self, 1.0, 10.0), self.tick_uptime)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_view(again=True))

    # ---- data in -------------------------------------------------------------------------

    def show(self, containers: Iterable[Container]) -> None:
        """The full list (first listing): keep what the app knew beside it (stats, since)."""
        now = datetime.now(timezone.utc)
        fresh: dict[str, ContainerRow] = {}
        for container in containers:
            old = self.known.get(container.id)
            since = since_from_status(container.status, now)
            fresh[container.id] = (
                replace(old, container=container, since=since)
                if old
                else ContainerRow(container, since=since)
            )
        self.known = fresh
        self.marked &= set(fresh)
        self.refresh_view()

    def put(
        self, container: Container, when: datetime | None = None, state_began: bool = False
    ) -> None:
        """A container changed (an event); ``state_began``: the event started its state."""
        self.apply([ContainerUpdate(container.id, container, when, state_began)])

    def apply(self, updates: Iterable[ContainerUpdate]) -> None:
        """A batch of changes (events, or a fresh list's differences): their rows only, then
        one reorder and one ViewChanged (never work for every row per change)."""
        now = datetime.now(timezone.utc)
        theme = self.app.current_theme
        cursor_key = self.current_key
        hidden: list[str] = []
        with self.app.batch_update():
            for update in updates:
                key = update.container_id
                if update.container is None:
                    self.known.pop(key, None)
                    self.marked.discard(key)
                    self._view.remove(key)
                    hidden.append(key)
                    continue
                row = self._row_for(update.container, update.when, update.began, now)
                self.known[key] = row
                self._view.put(row)
                if not self._draw(row, now, theme):
                    hidden.append(key)
            self._forget_many(hidden)
            self._reorder(cursor_key)
        self.post_message(self.ViewChanged())

    def _row_for(
        self, container: Container, when: datetime | None, state_began: bool, now: datetime
    ) -> ContainerRow:
        old = self.known.get(container.id)
        since: datetime | None
        if state_began and when is not None:
            since = when
        elif old is not None and old.since and same_period(old.container.state, container.state):
            since = old.since
        else:
            since = since_from_status(container.status, now)
        return (
            replace(old, container=container, since=since)
            if old
            else ContainerRow(container, since)
        )

    def _draw(
        self, row: ContainerRow, now: datetime, theme: Theme | None, again: bool = False
    ) -> bool:
        """Show one row if the options let it through (its cells made only when it changed);
        False: it is not to be shown (the caller hides it)."""
        key = row.id
        if key not in self._view:
            return False
        marked = key in self.marked
        drawn = self._drawn.get(key)
        if again or drawn is None or drawn[1] != marked or drawn[0] != row or not self.has_key(key):
            self.upsert(key, row_cells(row, marked, now, theme))
            self._drawn[key] = (row, marked)
        return True

    def _forget_many(self, keys: list[str]) -> None:
        for key in keys:
            self._drawn.pop(key, None)
        self.discard_many(keys)

    def _forget(self, key: str) -> None:
        self._drawn.pop(key, None)
        self.discard(key)

    def drop(self, container_id: str) -> None:
        self.known.pop(container_id, None)
        self._view.remove(container_id)
        self.marked.discard(container_id)
        self.refresh_view(only=container_id)

    def set_stats_many(self, figures: Mapping[str, tuple[str, str]]) -> None:
        """Live CPU % and memory texts for many containers: their cells, then one reorder.

        Stats change neither the rows shown nor the marks, so no ViewChanged; the order
        changes only when the table is sorted by CPU or memory.
        """
        changed = False
        cursor_key = self.current_key
        with self.app.batch_update():
            for container_id, (cpu_text, mem_text) in figures.items():
                row = self.known.get(container_id)
                if row is None or (row.cpu, row.mem) == (cpu_text, mem_text):
                    continue
                row = replace(row, cpu=cpu_text, mem=mem_text)
                self.known[container_id] = row
                if self.options.sort in STATS_SORTS:
                    self._view.put(row)
                if self.has_key(container_id):
                    # only the two figures change: the other cells stay as they are (every
                    # running container gets new figures while sorted by CPU or memory)
                    figures_now = {"cpu": figure_cell(cpu_text), "mem": figure_cell(mem_text)}
                    self.change_cells(container_id, figures_now)
                    changed = True
            if changed and self.options.sort in STATS_SORTS:
                self._reorder(cursor_key)

    def set_pending(self, container_id: str, doing: str) -> None:
        """Show an action in progress ("stopping") in the state column; "" clears it."""
        row = self.known.get(container_id)
        if row is not None and row.pending != doing:
            self.known[container_id] = replace(row, pending=doing)
            self.refresh_view(only=container_id)

    # ---- view options --------------------------------------------------------------------

    def set_options(self, options: ViewOptions) -> None:
        before, self.options = self.options, options
        if replace(before, sort=options.sort, reverse=options.reverse) == options:
            # only the order changes: no row is added, removed or drawn again
            self._view.reset(self.known.values(), options)
            self._reorder(self.current_key)
            self.post_message(self.ViewChanged())
            return
        self.refresh_view()

    def toggle_mark(self, container_id: str) -> None:
        if container_id in self.marked:
            self.marked.discard(container_id)
        elif container_id in self.known:
            self.marked.add(container_id)
        self.refresh_view(only=container_id)

    def set_updates(self, container_ids: set[str]) -> None:
        """Mark the Image cell of the containers whose registry has a newer image (⬆)."""
        for key, row in list(self.known.items()):
            if row.update != (key in container_ids):
                self.known[key] = replace(row, update=key in container_ids)
                self.refresh_view(only=key)

    def clear_marks(self) -> None:
        changed = list(self.marked)
        self.marked.clear()
        for key in changed:
            self.refresh_view(only=key)

    def targets(self) -> list[Container]:
        """The containers an action applies to: the marked ones, else the one under the cursor."""
        if self.marked:
            ids = [i for i in self._view.ids() if i in self.marked]
            ids += [i for i in self.marked if i not in ids and i in self.known]
            return [self.known[i].container for i in ids]
        key = self.current_key
        return [self.known[key].container] if key in self.known else []

    def current_container(self) -> Container | None:
        key = self.current_key
        return self.known[key].container if key in self.known else None

    # ---- rendering -----------------------------------------------------------------------

    def refresh_view(self, only: str | None = None, again: bool = False) -> None:
        """Bring the table in line with ``known`` and the options, by key; ``again``: make
        every row's cells anew (the theme changed).

        The cursor stays on the container it was on, wherever that row moves.
        """
        now = datetime.now(timezone.utc)
        theme = self.app.current_theme
        cursor_key = self.current_key
        if only is not None:
            # One container changed: touch its row only (cheap at 500+ rows), then reorder.
            row = self.known.get(only)
            if row is not None:
                self._view.put(row)
            else:
                self._view.remove(only)
            if row is None or not self._draw(row, now, theme):
                self._forget(only)
            self._reorder(cursor_key)
            self.post_message(self.ViewChanged())
            return
        self._view.reset(self.known.values(), self.options)
        order = self._view.ids()
        with self.app.batch_update():
            self._forget_many([k for k in self._cells if k not in self._view])
            known = self.known
            for key in order:
                self._draw(known[key], now, theme, again)
            self._reorder(cursor_key, order)
        self.post_message(self.ViewChanged())

    def _reorder(self, cursor_key: str | None, wanted: list[str] | None = None) -> None:
        if wanted is None:
            wanted = self._view.ids()
        current = [row.key.value for row in self.ordered_rows]
        if current != wanted:
            if len(wanted) == len(current) and all(self.has_key(k) for k in wanted):
                # the new order at once (DataTable.sort would sort every row again)
                self._row_locations = TwoWayDict(
                    {RowKey(key): index for index, key in enumerate(wanted)}
                )
                self._update_count += 1
                self.refresh()
            else:
                rank = {self.known[key].container.name: index for index, key in enumerate(wanted)}
                # Container names are unique on an engine: the name cell identifies the row.
                self.sort("name", key=lambda cell: rank.get(cell.plain, len(rank)))
        if cursor_key is not None and self.has_key(cursor_key):
            index = self.get_row_index(cursor_key)
            if index != self.cursor_row:
                self.move_cursor(row=index)

    def tick_uptime(self) -> None:
        """Re-render the uptime column of the rows on screen (no engine call): "up 3
        seconds" keeps counting. Rows scrolled into view catch up within a second."""
        now = datetime.now(timezone.utc)
        first = max(0, int(self.scroll_y) - 1)
        height = self.scrollable_content_region.height + 2
        for shown in self.ordered_rows[first : first + height]:
            key = shown.key.value
            row = self.known.get(key) if key is not None else None
            if row is None or key is None or key not in self._cells:
                continue
            c = row.container
            self.change_cells(
                key, {"uptime": Text(uptime_text(c.state, row.since, c.created, now))}
            )
