"""What the stats views share: the session's sampler, its message, and the figures as text."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from tui.engine.stats.stats_math import StatsFigures
from tui.engine.stats.stats_sampler import StatsSampler
from widgets.stats_graphs import bytes_label, rate_label


class StatsUpdated(Message):
    """A batch of fresh figures (container id -> figures), posted from the sampler's thread."""

    def __init__(self, batch: dict[str, StatsFigures]) -> None:
        super().__init__()
        self.batch = batch


class StatsGone(Message):
    """The engine no longer knows these shown containers (removed): their figures stopped."""

    def __init__(self, ids: frozenset[str]) -> None:
        super().__init__()
        self.ids = ids


def listen(widget: Widget, sampler: StatsSampler) -> Callable[[], None]:
    """Post every batch to ``widget`` as StatsUpdated (and removals as StatsGone).

    Returns the unsubscribe function."""

    def post(batch: dict[str, StatsFigures]) -> None:
        widget.post_message(StatsUpdated(batch))

    def gone(ids: frozenset[str]) -> None:
        widget.post_message(StatsGone(ids))

    return sampler.subscribe(post, gone)


def cpu_value(figures: StatsFigures, of_limit: bool) -> float:
    if of_limit and figures.cpu_limit_percent is not None:
        return figures.cpu_limit_percent
    return figures.cpu_percent


def summary_text(figures: StatsFigures | None) -> Text:
    """One line with every figure, as `docker stats` would print them, plus rates."""
    if figures is None:
        return Text("Waiting for the first samples...", style="dim")
    text = Text()
    text.append("CPU ", style="bold")
    text.append(f"{figures.cpu_percent:.2f}%")
    if figures.cpu_limit_percent is not None:
        text.append(f" ({figures.cpu_limit_percent:.1f}% of its limit)")
    text.append("   MEM ", style="bold")
    text.append(
        f"{bytes_label(figures.mem_used)} / {bytes_label(figures.mem_limit)}"
        f" ({figures.mem_percent:.2f}%)"
    )
    text.append("   NET ", style="bold")
    text.append(f"rx {rate_label(figures.net_rx_rate)} tx {rate_label(figures.net_tx_rate)}")
    text.append("   BLOCK ", style="bold")
    text.append(
        f"read {rate_label(figures.blk_read_rate)} write {rate_label(figures.blk_write_rate)}"
    )
    text.append("   PIDS ", style="bold")
    text.append(str(figures.pids))
    return text
