"""Live CPU % and memory (with a tiny trend) in the containers table, for the rows on screen.

A hidden helper widget that lives in the containers pane: twice a second it tells the
shared sampler which running containers are on screen (none while the pane is hidden), and
when a batch of figures arrives it writes them into the table in one batch update. Rows that
scroll away, stop, or leave are no longer sampled and their cells go back to "-".

While the table is sorted by CPU or memory, every running container is sampled as well, at
a slow cadence (:func:`all_every`: local cgroup reads are cheap), so that the busiest rise to
the top from off screen; their figures stay while that sort lasts.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from tui.engine.core.session import EngineSession
from tui.engine.stats.stats_math import StatsFigures
from tui.engine.stats.stats_sampler import StatsSampler
from tui.screens.shell.app_settings import settings_of
from tui.screens.stats.stats_wiring import (
    StatsUpdated,
    cpu_value,
    listen,
)
from widgets.containers_table import STATS_SORTS, ContainersTable
from widgets.sparkline_text import sparkline
from widgets.stats_graphs import bytes_label

FOLLOW_EVERY = 0.5  # seconds: how quickly scrolling changes what is sampled (no engine call)
#: Seconds between figures of a row: the table re-renders on each batch, so not every second.
SAMPLE_EVERY = 2.0
TREND_WIDTH = 6
#: Seconds between samples of every running container while sorted by CPU or memory.
ALL_EVERY = 10.0
#: Containers sampled per second at most for that sort (many containers: a slower cadence).
ALL_RATE = 100.0


def all_every(running: int) -> float:
    return max(ALL_EVERY, running / ALL_RATE)


BLANK = "-"


def cpu_cell(figures: StatsFigures, history: list[StatsFigures], of_limit: bool) -> str:
    trend = sparkline([cpu_value(f, of_limit) for f in history], TREND_WIDTH, top=100.0).plain
    return f"{trend} {cpu_value(figures, of_limit):6.2f}%"


def mem_cell(figures: StatsFigures) -> str:
    return f"{bytes_label(figures.mem_used)} {figures.mem_percent:4.1f}%"


class ContainersStatsFeed(Widget):
    DEFAULT_CSS = """
    ContainersStatsFeed { display: none; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._owner = f"containers-table:{id(self)}"
        self._sampler: StatsSampler | None = None
        self._session: EngineSession | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._shown: set[str] = set()
        self._all: set[str] = set()  # every running container, while sorted by CPU/memory

    def on_mount(self) -> None:
        self.set_interval(FOLLOW_EVERY, self.follow)

    def on_unmount(self) -> None:
        self._disconnect()

    def _table(self) -> ContainersTable | None:
        parent = self.parent
        if parent is None:
            return None
        tables = parent.query(ContainersTable)
        return tables.first() if tables else None

    def _connect(self) -> StatsSampler | None:
        session = getattr(self.parent, "session", None)
        if not isinstance(session, EngineSession):
            return None
        if session is not self._session:  # first time, or the engine came back anew
            self._disconnect()
            self._session = session
            self._sampler = session.stats
            self._unsubscribe = listen(self, self._sampler)
        return self._sampler

    def _disconnect(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._sampler is not None:
            self._sampler.release(self._owner)
            self._sampler.release(f"{self._owner}:all")
        self._all = set()
        self._sampler = self._session = None

    def on_rows(self) -> list[str]:
        """The running containers whose rows are on screen now."""
        table = self._table()
        if table is None or not table.region or not table.row_count:
            return []
        first = int(table.scroll_y)
        height = max(1, table.scrollable_content_region.height - (1 if table.show_header else 0))
        ids = []
        for row in table.ordered_rows[first : first + height]:
            key = row.key.value
            known = table.known.get(key) if key is not None else None
            if known is not None and known.container.state == "running":
                ids.append(known.id)
        return ids

    def follow(self) -> None:
        sampler = self._connect()
        if sampler is None:
            return
        ids = self.on_rows()
        table = self._table()
        self._follow_all(sampler, table)
        gone = self._shown.difference(ids).difference(self._all)
        self._shown = set(ids)
        if ids:
            sampler.demand(self._owner, ids, every=SAMPLE_EVERY)
        else:
            sampler.release(self._owner)
        if table is not None and gone:
            table.set_stats_many({cid: (BLANK, BLANK) for cid in gone})

    def _follow_all(self, sampler: StatsSampler, table: ContainersTable | None) -> None:
        """Sorted by CPU or memory: every running container, slowly; else none of them."""
        owner = f"{self._owner}:all"
        if table is None or not table.region or table.options.sort not in STATS_SORTS:
            if self._all:
                sampler.release(owner)
                gone, self._all = self._all.difference(self._shown), set()
                if table is not None and gone:
                    table.set_stats_many({cid: (BLANK, BLANK) for cid in gone})
            return
        running = {cid for cid, row in table.known.items() if row.container.state == "running"}
        if running != self._all:
            self._all = running
            sampler.demand(owner, running, every=all_every(len(running)))

    def on_stats_updated(self, message: StatsUpdated) -> None:
        message.stop()
        table = self._table()
        sampler = self._sampler
        if table is None or sampler is None:
            return
        of_limit = settings_of(self).stats_cpu_of_limit
        table.set_stats_many(
            {
                cid: (cpu_cell(figures, sampler.history(cid), of_limit), mem_cell(figures))
                for cid, figures in message.batch.items()
                if cid in self._shown or cid in self._all
            }
        )
