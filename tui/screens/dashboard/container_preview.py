"""The selected container's live logs and live stats, beside the list.

Both reuse the full views (the logs panel with its keys, the stats tab's graphs) and follow
another container in place: the old logs stream is closed before the next one opens, so the
preview never holds more than one logs stream.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.events import Mount
from textual.widgets import Static

from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.logs.log_options import LogOptions
from tui.screens.logs.logs_panel import LogsPanel
from tui.screens.shell.app_settings import settings_of
from tui.screens.stats.stats_tab import StatsTab
from tui.screens.stats.stats_wiring import cpu_value, listen, summary_text
from widgets.log_view import LogView
from widgets.stats_graphs import StatsGraph, bytes_label, percent_label, rate_label
from widgets.typeahead import leaves_input, opens_input

#: Lines of history the logs preview starts with: a glance, not the whole log.
PREVIEW_TAIL = 100
#: Columns from which the stats preview also draws network and block I/O.
WIDE_STATS = 100


class LogsPreview(LogsPanel, inherit_bindings=False):
    """The logs view's own keys (search, filter, wrap, time...) for the selected container."""

    DEFAULT_CSS = """
    LogsPreview { height: 1fr; }
    """
    BINDINGS = [
        opens_input("slash", "prompt('search')", "Search", id="preview_logs.search"),
        Binding("n", "next_match", "Next", show=False, id="preview_logs.next"),
        Binding("N", "previous_match", "Prev", show=False, id="preview_logs.previous"),
        opens_input("f", "prompt('filter')", "Filter", id="preview_logs.filter"),
        opens_input("F", "prompt('inverse')", "Hide", show=False, id="preview_logs.inverse"),
        Binding("x", "toggle_regex", "Regex", show=False, id="preview_logs.regex"),
        Binding("i", "toggle_case", "Case", show=False, id="preview_logs.case"),
        Binding("t", "toggle_timestamps", "Time", id="preview_logs.timestamps"),
        Binding("w", "toggle_wrap", "Wrap", id="preview_logs.wrap"),
        opens_input("T", "prompt('tail')", "Tail", show=False, id="preview_logs.tail"),
        opens_input("S", "prompt('since')", "Since", show=False, id="preview_logs.since"),
        opens_input("o", "prompt('save')", "Save", show=False, id="preview_logs.save"),
        Binding("c", "copy_line", "Copy", show=False, id="preview_logs.copy"),
        leaves_input("enter", "prompt_done", "Apply", id="preview_logs.prompt_done"),
        leaves_input("escape", "prompt_cancel", "Close prompt", id="preview_logs.prompt_cancel"),
    ]

    def __init__(self, session: EngineSession, **kwargs) -> None:
        super().__init__(session, [], focus=False, **kwargs)

    def compose(self) -> ComposeResult:
        self.options = replace(LogOptions.from_settings(settings_of(self)), tail=PREVIEW_TAIL)
        yield from super().compose()

    @property
    def following_id(self) -> str | None:
        return self.containers[0].id if self.containers else None

    @property
    def open_streams(self) -> int:
        return sum(1 for f in self._followers if not f.closed)

    def _start_streams(self) -> None:
        if self.containers:
            super()._start_streams()

    def follow(self, container: Container | None) -> None:
        """Show ``container``'s logs (None: nothing); the previous stream closes first."""
        if container is not None and container.id == self.following_id:
            if container.name != self.containers[0].name:
                self.container_renamed(container)
            return
        self._stop_streams()
        self.containers = [container] if container is not None else []
        views = self.query(LogView)
        if not views:
            return  # not composed yet: its mount starts the stream
        view = views.first()
        view.names = [c.name for c in self.containers]
        view.clear()
        view.dropped = 0
        self._start_streams()
        self._update_status()

    def _flush(self) -> None:
        if self.query(LogView):  # not before compose, nor while the app takes it apart
            super()._flush()

    def _update_status(self) -> None:
        if self.containers:
            super()._update_status()
        else:
            self.query_one("#logs-status", Static).update(Text(" no container selected", "dim"))


class StatsPreview(StatsTab, inherit_bindings=False):
    """The figures line and compact graphs: CPU and memory, network and block I/O when the
    preview is wide enough."""

    DEFAULT_CSS = """
    StatsPreview { height: 12; }
    StatsPreview > #stats-summary { height: auto; max-height: 2; padding: 0 1; }
    StatsPreview > #stats-graphs { grid-size: 2 1; grid-gutter: 0 1; height: 1fr; }
    StatsPreview.-wide > #stats-graphs { grid-size: 4 1; }
    StatsPreview #graph-cpu { column-span: 1; }
    StatsPreview StatsGraph { min-height: 5; }
    StatsPreview #graph-net, StatsPreview #graph-blk { display: none; }
    StatsPreview.-wide #graph-net, StatsPreview.-wide #graph-blk { display: block; }
    """
    BINDINGS = []

    def __init__(self, session: EngineSession, **kwargs) -> None:
        super().__init__(session, Container("", "", "", "", ""), **kwargs)
        self._owner = f"preview:{id(self)}"
        self._pending: Container | None = None

    def compose(self) -> ComposeResult:
        window = float(settings_of(self).stats_history_seconds)
        yield Static(Text("No container selected.", style="dim"), id="stats-summary")
        with Grid(id="stats-graphs"):
            yield StatsGraph("CPU %", ["cpu"], percent_label, window, 1.0, id="graph-cpu")
            yield StatsGraph("Memory", ["used"], bytes_label, window, 1024 * 1024, id="graph-mem")
            yield StatsGraph("Network", ["rx", "tx"], rate_label, window, 1024, id="graph-net")
            yield StatsGraph(
                "Block I/O", ["read", "write"], rate_label, window, 1024, id="graph-blk"
            )

    def on_mount(self, event: Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # StatsTab's: nothing to follow until a container is selected
        pending, self._pending = self._pending, None
        if pending is not None:
            self.follow(pending)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE_STATS, "-wide")

    def follow(self, container: Container | None) -> None:
        if not self.is_mounted:
            self._pending = container  # on_mount follows it
            return
        if container is not None and container.id == self.container.id:
            if container.state != self.container.state:
                self.container = container
                if container.is_running and self._unsubscribe is None:
                    self._start()
            return
        self._stop_following()
        for graph in self.query(StatsGraph):
            graph.set_data([], [[] for _ in graph.labels], 0.0)
        summary = self.query_one("#stats-summary", Static)
        if container is None:
            self.container = Container("", "", "", "", "")
            summary.update(Text("No container selected.", style="dim"))
            return
        self.container = container
        if not container.is_running:
            summary.update(Text(f"{container.name} is not running: no live stats.", style="dim"))
            return
        summary.update(summary_text(None))
        self._start()

    def _start(self) -> None:
        settings = settings_of(self)
        sampler = self.session.stats
        depth = max(2, int(settings.stats_history_seconds / max(settings.stats_interval, 0.1)))
        self._unsubscribe = listen(self, sampler)
        sampler.demand(self._owner, [self.container.id], history=depth)
        if sampler.history(self.container.id):
            self.redraw()

    def redraw(self) -> None:
        history = self.session.stats.history(self.container.id)
        if not history:
            return
        of_limit = settings_of(self).stats_cpu_of_limit
        latest = history[-1]
        self.query_one("#stats-summary", Static).update(summary_text(latest))
        if not self.region:
            return
        times, now = [f.time for f in history], latest.time
        wide = self.has_class("-wide")
        for graph_id, getters in (
            ("#graph-cpu", [lambda f: cpu_value(f, of_limit)]),
            ("#graph-mem", [lambda f: f.mem_used]),
            ("#graph-net", [lambda f: f.net_rx_rate, lambda f: f.net_tx_rate]),
            ("#graph-blk", [lambda f: f.blk_read_rate, lambda f: f.blk_write_rate]),
        ):
            if graph_id in ("#graph-net", "#graph-blk") and not wide:
                continue  # not shown: no plot to draw
            series = [[get(f) for f in history] for get in getters]
            self.query_one(graph_id, StatsGraph).set_data(times, series, now)


class ContainerPreview(Vertical):
    """Logs above, stats below (whichever the config's [layout] previews names)."""

    DEFAULT_CSS = """
    ContainerPreview { height: 1fr; }
    ContainerPreview > #preview-empty { height: 1fr; content-align: center middle; color: $text-muted; }
    """

    def __init__(self, session: EngineSession, previews: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.previews = previews
        self.current: Container | None = None

    def compose(self) -> ComposeResult:
        if "logs" in self.previews:
            yield LogsPreview(self.session, id="preview-logs")
        if "stats" in self.previews:
            yield StatsPreview(self.session, id="preview-stats")
        if not self.previews:
            yield Static("No previews ([layout] previews is empty).", id="preview-empty")

    def show_item(self, container: Container | None) -> None:
        self.current = container
        for logs in self.query(LogsPreview):
            logs.follow(container)
        for stats in self.query(StatsPreview):
            stats.follow(container)
