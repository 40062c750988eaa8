"""The stats tab of the container details: live figures and graphs over a history window."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widget import Widget
from textual.widgets import Static

from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.engine.stats.stats_math import StatsFigures
from tui.screens.shell.app_settings import settings_of
from tui.screens.stats.stats_wiring import (
    StatsGone,
    StatsUpdated,
    cpu_value,
    listen,
    summary_text,
)
from widgets.stats_graphs import StatsGraph, bytes_label, count_label, percent_label, rate_label


class StatsTab(Vertical):
    DEFAULT_CSS = """
    StatsTab { height: 1fr; }
    StatsTab > #stats-summary { height: auto; padding: 0 1; }
    StatsTab > #stats-graphs { grid-size: 2 3; grid-gutter: 0 1; height: 1fr; }
    StatsTab #graph-cpu { column-span: 2; }
    """
    BINDINGS = [
        Binding("percent_sign", "toggle_cpu_of_limit", "CPU % of limit", id="stats.cpu_of_limit"),
    ]

    def __init__(self, session: EngineSession, container: Container, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.container = container
        self._owner = f"details:{id(self)}"
        self._unsubscribe: Callable[[], None] | None = None
        self._last_figures_at = 0.0  # wall clock of the last figures shown

    def compose(self) -> ComposeResult:
        window = float(settings_of(self).stats_history_seconds)
        yield Static(summary_text(None), id="stats-summary")
        with Grid(id="stats-graphs"):
            yield StatsGraph("CPU %", ["cpu"], percent_label, window, 1.0, id="graph-cpu")
            yield StatsGraph("Memory", ["used"], bytes_label, window, 1024 * 1024, id="graph-mem")
            yield StatsGraph("PIDs", ["pids"], count_label, window, 1.0, id="graph-pids")
            yield StatsGraph("Network", ["rx", "tx"], rate_label, window, 1024, id="graph-net")
            yield StatsGraph(
                "Block I/O", ["read", "write"], rate_label, window, 1024, id="graph-blk"
            )

    def on_mount(self) -> None:
        if not self.container.is_running:
            self.query_one("#stats-summary", Static).update(
                Text(f"{self.container.name} is not running: no live stats.", style="dim")
            )
            return
        settings = settings_of(self)
        sampler = self.session.stats
        depth = max(2, int(settings.stats_history_seconds / max(settings.stats_interval, 0.1)))
        self._unsubscribe = listen(self, sampler)
        sampler.demand(self._owner, [self.container.id], history=depth)

    def on_unmount(self) -> None:
        self._stop_following()

    def _stop_following(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            self.session.stats.release(self._owner)

    def on_stats_gone(self, message: StatsGone) -> None:
        """Removed while shown: say so over the last figures and stop asking for more."""
        message.stop()
        if self.container.id not in message.ids or self._unsubscribe is None:
            return
        latest = self.session.stats.latest(self.container.id)
        self._stop_following()
        text = Text(f"{self.container.name} was removed: ", style="bold")
        if latest is None:
            text.append("no figures were taken.")
        else:
            stamp = time.strftime("%H:%M:%S", time.localtime(self._last_figures_at))
            text.append(f"the figures stopped at {stamp}.\n")
            text.append_text(summary_text(latest))
        self.query_one("#stats-summary", Static).update(text)

    def on_stats_updated(self, message: StatsUpdated) -> None:
        message.stop()
        if self.container.id in message.batch:
            self._last_figures_at = time.time()
            self.redraw()

    def redraw(self) -> None:
        sampler = self.session.stats
        history = sampler.history(self.container.id)
        if not history:
            return
        of_limit = settings_of(self).stats_cpu_of_limit
        latest = history[-1]
        self.query_one("#stats-summary", Static).update(summary_text(latest))
        if not self.region:  # the tab is not shown: figures only, no graphs
            return
        times = [f.time for f in history]
        now = latest.time

        def series(*getters: Callable[[StatsFigures], float]) -> list[list[float]]:
            return [[get(f) for f in history] for get in getters]

        cpu_title = "CPU % of its limit" if of_limit and latest.cpu_limit_percent else "CPU %"
        cpu_graph = self.query_one("#graph-cpu", StatsGraph)
        cpu_graph.title = cpu_title
        cpu_graph.set_data(times, series(lambda f: cpu_value(f, of_limit)), now)
        self.query_one("#graph-mem", StatsGraph).set_data(times, series(lambda f: f.mem_used), now)
        self.query_one("#graph-pids", StatsGraph).set_data(times, series(lambda f: f.pids), now)
        self.query_one("#graph-net", StatsGraph).set_data(
            times, series(lambda f: f.net_rx_rate, lambda f: f.net_tx_rate), now
        )
        self.query_one("#graph-blk", StatsGraph).set_data(
            times, series(lambda f: f.blk_read_rate, lambda f: f.blk_write_rate), now
        )

    def action_toggle_cpu_of_limit(self) -> None:
        settings = settings_of(self)
        settings.stats_cpu_of_limit = not settings.stats_cpu_of_limit
        state = "of its own limit" if settings.stats_cpu_of_limit else "of one core (docker's)"
        self.notify(f"CPU % {state}", markup=False)
        self.redraw()


def make_stats_tab(session: EngineSession, container: Container) -> Widget:
    return StatsTab(session, container, id="stats-tab")
