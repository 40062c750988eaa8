"""The stats overview: the top containers by CPU and by memory, and the engine's totals.

It samples every running container, but only while it is on screen: hidden, it releases
its demand and its refresh timer stops.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.engine.stats.stats_math import StatsFigures
from tui.screens.shell.app_settings import settings_of
from tui.screens.stats.stats_wiring import (
    StatsUpdated,
    cpu_value,
    listen,
)
from widgets.sparkline_text import sparkline
from widgets.stats_graphs import bytes_label

TOP = 10
LIST_EVERY = 5.0  # seconds between listings of the running containers while shown
OWNER = "overview"


class RunningListed(Message):
    def __init__(self, containers: list[Container], host: tuple[int, int]) -> None:
        super().__init__()
        self.containers = containers
        self.host = host  # (CPUs, memory bytes) of the engine's host


class OverviewPane(Vertical):
    DEFAULT_CSS = """
    OverviewPane { height: 1fr; padding: 0 1; }
    OverviewPane > #overview-totals { height: auto; margin-bottom: 1; }
    OverviewPane > Horizontal > Static { width: 1fr; height: auto; }
    """

    def __init__(self, session: EngineSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._names: dict[str, str] = {}
        self._host: tuple[int, int] = (0, 0)
        self._timer: Timer | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Overview: sampling running containers...", style="dim"), id="overview-totals"
        )
        with Horizontal():
            yield Static(id="overview-cpu")
            yield Static(id="overview-mem")

    # --- only while shown -----------------------------------------------------------------

    def on_show(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = listen(self, self.session.stats)
        self.list_running()

    def on_hide(self) -> None:
        self._stop()

    def on_unmount(self) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            self.session.stats.release(OWNER)

    @work(thread=True, exclusive=True, group="overview-list")
    def list_running(self) -> None:
        try:
            containers = self.session.containers.list(all=False)
            if not self._host[0]:
                self._host = self.session.stats.host_capacity()
        except EngineError as error:
            self.app.call_from_thread(
                self.notify, error.message, title="Overview", severity="error", markup=False
            )
            return
        self.post_message(RunningListed(containers, self._host))

    def on_running_listed(self, message: RunningListed) -> None:
        if self._unsubscribe is None:
            return  # hidden meanwhile
        running = [c for c in message.containers if c.state == "running"]
        self._names = {c.id: c.name for c in running}
        self.session.stats.demand(OWNER, self._names, every=2.0)
        self._timer = self.set_timer(LIST_EVERY, self.list_running)  # re-armed, never overlapping
        self.redraw()

    def on_stats_updated(self, message: StatsUpdated) -> None:
        message.stop()
        if self._unsubscribe is not None:
            self.redraw()

    # --- drawing --------------------------------------------------------------------------

    def redraw(self) -> None:
        sampler = self.session.stats
        of_limit = settings_of(self).stats_cpu_of_limit
        figures: dict[str, StatsFigures] = {}
        for cid in self._names:
            latest = sampler.latest(cid)
            if latest is not None:
                figures[cid] = latest
        cpus, memory = self._host
        total_cpu = sum(f.cpu_percent for f in figures.values())
        total_mem = sum(f.mem_used for f in figures.values())
        totals = Text()
        totals.append("Engine  ", style="bold")
        totals.append(f"{len(self._names)} running")
        totals.append(f"   CPU {total_cpu:.1f}%")
        if cpus:
            totals.append(f" of {cpus * 100}% ({cpus} CPUs)")
        totals.append(f"   memory {bytes_label(total_mem)}")
        if memory:
            totals.append(f" of {bytes_label(memory)} ({total_mem / memory * 100:.1f}%)")
        totals.append(f"   sampled {len(figures)}", style="dim")
        self.query_one("#overview-totals", Static).update(totals)

        by_cpu = sorted(figures, key=lambda c: cpu_value(figures[c], of_limit), reverse=True)
        cpu_table = self._table("Top CPU", "CPU %")
        for cid in by_cpu[:TOP]:
            trend = [f.cpu_percent for f in sampler.history(cid)]
            cpu_table.add_row(
                Text(self._names.get(cid, cid[:12])),
                Text(f"{cpu_value(figures[cid], of_limit):.2f}%"),
                sparkline(trend, 12, top=100.0, style="green"),
            )
        self.query_one("#overview-cpu", Static).update(cpu_table)

        by_mem = sorted(figures, key=lambda c: figures[c].mem_used, reverse=True)
        mem_table = self._table("Top memory", "Memory")
        for cid in by_mem[:TOP]:
            trend = [f.mem_used for f in sampler.history(cid)]
            mem_table.add_row(
                Text(self._names.get(cid, cid[:12])),
                Text(f"{bytes_label(figures[cid].mem_used)} {figures[cid].mem_percent:.1f}%"),
                sparkline(trend, 12, style="cyan", floor=min(trend, default=0.0)),
            )
        self.query_one("#overview-mem", Static).update(mem_table)

    @staticmethod
    def _table(title: str, figure: str) -> Table:
        table = Table(title=title, expand=True, box=None, title_justify="left")
        table.add_column("Name", ratio=3, no_wrap=True, overflow="ellipsis")
        table.add_column(figure, justify="right", ratio=2, no_wrap=True)
        table.add_column("Trend", ratio=2, no_wrap=True)
        return table
