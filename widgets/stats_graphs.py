"""Stats graphs: plotext line charts with humanized axes, coloured from the current theme.

A ``StatsGraph`` holds its own data (times and one or more series) and draws it over a
fixed window ending now; plotext redraws it at the widget's size, so it follows the
terminal when it is resized.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import humanize
from textual.app import RenderResult
from textual_plotext import PlotextPlot

import themes
from themes.palette import PlotextColor

Formatter = Callable[[float], str]


def percent_label(value: float) -> str:
    return f"{value:.0f}%" if value >= 10 or value == 0 else f"{value:.1f}%"


def bytes_label(value: float) -> str:
    return humanize.naturalsize(value, binary=True, format="%.3g")


def rate_label(value: float) -> str:
    return f"{bytes_label(value)}/s"


def count_label(value: float) -> str:
    return f"{value:.0f}"


def nice_ceiling(value: float, minimum: float = 1.0) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10^k at or above ``value`` (and ``minimum``)."""
    value = max(value, minimum)
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        candidate = step * 10**exponent
        if candidate >= value * 0.999999:
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def axis_ticks(ceiling: float, rows: int, formatter: Formatter) -> tuple[list[float], list[str]]:
    """Evenly spaced ticks from 0 to ``ceiling``; a count axis keeps whole numbers only, and
    no label is repeated (a PIDs axis up to 2 read "0 0 1 2 2")."""
    ticks: list[float] = []
    labels: list[str] = []
    for i in range(rows):
        value = ceiling * i / (rows - 1)
        if formatter is count_label and not float(value).is_integer():
            continue
        label = formatter(value)
        if label not in labels:
            ticks.append(value)
            labels.append(label)
    return ticks, labels


def ago_label(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 0.5:
        return "now"
    if seconds >= 60:
        return f"-{seconds / 60:.3g}m"
    return f"-{seconds:.0f}s"


#: Which theme graph variable (themes.GRAPHS) colours a series, by the series' label.
GRAPH_OF_LABEL = {
    "cpu": "cpu",
    "used": "memory",
    "pids": "pids",
    "rx": "net-rx",
    "tx": "net-tx",
    "read": "block-read",
    "write": "block-write",
}


class StatsGraph(PlotextPlot):
    """One chart: a few series over the last ``window`` seconds."""

    DEFAULT_CSS = """
    StatsGraph { width: 1fr; height: 1fr; min-height: 6; }
    """

    #: Theme variables whose colours draw the series, in order.
    SERIES_COLOURS = ("primary", "accent", "success", "secondary", "error")

    def __init__(
        self,
        title: str,
        labels: Sequence[str],
        formatter: Formatter,
        window: float = 300.0,
        minimum: float = 1.0,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.labels = list(labels)
        self.formatter = formatter
        self.window = window
        self.minimum = minimum
        self._times: list[float] = []
        self._series: list[list[float]] = [[] for _ in self.labels]
        self._now = 0.0

    def set_data(
        self, times: Sequence[float], series: Sequence[Sequence[float]], now: float
    ) -> None:
        self._times = list(times)
        self._series = [list(values) for values in series]
        self._now = now
        self.refresh()

    def _colours(self) -> list[PlotextColor]:
        """Each series in its theme colour (``$graph-cpu``, ``$graph-net-rx`` ...)."""
        by_graph = themes.graph_colors(self.app)
        fallback = list(by_graph.values())
        return [
            by_graph.get(GRAPH_OF_LABEL.get(label, ""), fallback[index % len(fallback)])
            for index, label in enumerate(self.labels)
        ] or fallback

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_data()
        plt.title(self.title)
        colours = self._colours()
        xs = [t - self._now for t in self._times]
        top = 0.0
        for index, (label, values) in enumerate(zip(self.labels, self._series, strict=False)):
            if not values:
                continue
            top = max(top, max(values))
            plt.plot(
                xs[-len(values) :],
                values,
                label=label if len(self.labels) > 1 else "",
                color=colours[index % len(colours)],
                marker="braille",
            )
        ceiling = nice_ceiling(top, self.minimum)
        plt.ylim(0, ceiling)
        rows = 3 if self.size.height < 12 else 5
        yticks, ylabels = axis_ticks(ceiling, rows, self.formatter)
        plt.yticks(yticks, ylabels)
        plt.xlim(-self.window, 0)
        xticks = [-self.window * i / 4 for i in range(4, -1, -1)]
        plt.xticks(xticks, [ago_label(v) for v in xticks])
        return super().render()
