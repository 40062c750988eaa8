"""What the containers table shows and in which order: pure functions, no Textual.

A ContainerRow is one container plus what the app knows beside the list entry: when its
current state began (from the status text, then exact from events), live stats texts and a
pending action ("stopping"). ``visible_order`` applies the filter, the stopped toggle, the
compose grouping and the sort.
"""

from __future__ import annotations

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
