"""What the containers table shows and in which order: pure functions, no Textual.

A ContainerRow is one container plus what the app knows beside the list entry: when its
current state began (from the status text, then exact from events), live stats texts and a
pending action ("stopping"). ``visible_order`` applies the filter, the stopped toggle, the
compose grouping and the sort.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from tui.engine.containers.filtering import Filter
from tui.engine.core.model import Container

#: The sortable columns, in the order the sort key cycles through them.
SORT_COLUMNS: tuple[str, ...] = (
    "name",
    "image",
    "state",
    "uptime",
    "ports",
    "compose",
    "cpu",
    "mem",
)

STATE_RANK = {
    "running": 0,
    "restarting": 1,
    "paused": 2,
    "created": 3,
    "removing": 4,
    "exited": 5,
    "dead": 6,
}

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NUMBER_RE = re.compile(r"(-?\d+(?:\.\d+)?)\s*([kKMGTP]?i?B)?")
_SIZE = {
    "B": 1,
    "kB": 1e3,
    "KB": 1e3,
    "MB": 1e6,
    "GB": 1e9,
    "TB": 1e12,
    "KiB": 1024,
    "kiB": 1024,
    "MiB": 1024**2,
    "GiB": 1024**3,
    "TiB": 1024**4,
}


def number_of(text: str) -> float:
    """The first number of a stats text ("12.5%", "48.2MiB / 1GiB"), sizes in bytes; -1 if none."""
    match = _NUMBER_RE.search(text or "")
    if not match:
        return -1.0
    value = float(match.group(1))
    unit = match.group(2)
    return value * _SIZE.get(unit, 1) if unit else value


@dataclass(frozen=True)
class ContainerRow:
    container: Container
    since: datetime | None = None  # when the current state began (started / finished)
    cpu: str = "-"
    mem: str = "-"
    pending: str = ""  # "stopping", "removing"... while an action runs
    update: bool = False  # its registry holds a newer image under its tag (images/updates.py)

    @property
    def id(self) -> str:
        return self.container.id

    @property
    def compose(self) -> str:
        c = self.container
        if not c.compose_project:
            return ""
        return (
            f"{c.compose_project}/{c.compose_service}" if c.compose_service else c.compose_project
        )


def _ports_text(row: ContainerRow) -> str:
    return ", ".join(p.label() for p in row.container.ports)


SORT_KEYS: dict[str, Callable[[ContainerRow], object]] = {
    "name": lambda r: r.container.name.lower(),
    "image": lambda r: r.container.image.lower(),
    "state": lambda r: STATE_RANK.get(r.container.state, 9),
    # Oldest first: the longest-running (or longest-stopped) container at the top.
    "uptime": lambda r: r.since or r.container.created or _EPOCH,
    "ports": lambda r: _ports_text(r) or "\uffff",
    "compose": lambda r: r.compose.lower() or "\uffff",
    # Busiest first reads best, but the sort direction is the user's: ascending here.
    "cpu": lambda r: number_of(r.cpu),
    "mem": lambda r: number_of(r.mem),
}


@dataclass(frozen=True)
class ViewOptions:
    filter: Filter = Filter()
    show_stopped: bool = True
    sort: str = "name"
    reverse: bool = False
    group: bool = False
    #: Faults only: the ids of the containers that need attention (None: everything).
    only: frozenset[str] | None = None


def is_stopped(container: Container) -> bool:
    return container.state in ("exited", "dead", "created")


def visible(row: ContainerRow, options: ViewOptions) -> bool:
    if options.only is not None:
        return row.id in options.only and options.filter.matches(row.container)
    if not options.show_stopped and is_stopped(row.container) and not row.pending:
        return False
    return options.filter.matches(row.container)


def visible_order(rows: Iterable[ContainerRow], options: ViewOptions) -> list[ContainerRow]:
    """The rows to show, in display order (stable: ties keep the name order)."""
    shown = [r for r in rows if visible(r, options)]
    shown.sort(key=lambda r: (r.container.name.lower(), r.id))
    key = SORT_KEYS.get(options.sort, SORT_KEYS["name"])
    shown.sort(key=key, reverse=options.reverse)  # type: ignore[arg-type,return-value]
    if options.group:
        # Compose projects together (alphabetical), loose containers last; stable inside.
        shown.sort(key=lambda r: (r.container.compose_project == "", r.container.compose_project))
    return shown


def next_sort(current: str) -> str:
    index = SORT_COLUMNS.index(current) if current in SORT_COLUMNS else -1
    return SORT_COLUMNS[(index + 1) % len(SORT_COLUMNS)]


class _Descending:
    """A sort key that orders the other way (for ``reverse`` without reversing the ties)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __lt__(self, other: _Descending) -> bool:
        return other.value < self.value  # type: ignore[operator]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and self.value == other.value

    __hash__ = None  # type: ignore[assignment]


def order_key(row: ContainerRow, options: ViewOptions) -> tuple[object, ...]:
    """Where a row goes in ``visible_order``: the same order, as one comparable key."""
    key = SORT_KEYS.get(options.sort, SORT_KEYS["name"])(row)
    if options.reverse:
        key = _Descending(key)
    name = (key, row.container.name.lower(), row.id)
    if options.group:
        project = row.container.compose_project
        return (project == "", project, *name)
    return name


class OrderedView:
    """``visible_order`` kept up to date one row at a time: a change costs a binary search and
    a list insert, never a sort of every row (thousands of containers, bursts of events)."""

    def __init__(self, options: ViewOptions) -> None:
        self.options = options
        self._keys: dict[str, tuple[object, ...]] = {}
        self._order: list[tuple[object, ...]] = []

    def reset(self, rows: Iterable[ContainerRow], options: ViewOptions) -> None:
        self.options = options
        self._keys = {r.id: order_key(r, options) for r in rows if visible(r, options)}
        self._order = sorted(self._keys.values())  # type: ignore[type-var]

    def put(self, row: ContainerRow) -> None:
        self.remove(row.id)
        if visible(row, self.options):
            key = order_key(row, self.options)
            self._keys[row.id] = key
            bisect.insort(self._order, key)  # type: ignore[type-var,misc]

    def remove(self, row_id: str) -> None:
        key = self._keys.pop(row_id, None)
        if key is not None:
            index = bisect.bisect_left(self._order, key)  # type: ignore[type-var,misc]
            del self._order[index]

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._keys

    def __len__(self) -> int:
        return len(self._order)

    def ids(self) -> list[str]:
        return [key[-1] for key in self._order]  # type: ignore[misc]
