"""The pane bar: every pane with its key and a live count, the current one highlighted.

A click on a pane's name shows it. Titles shorten, then go, when the bar is narrow; keys and
counts stay.
"""

from __future__ import annotations

from rich.text import Text
from textual.events import Click
from textual.widgets import Static

from tui.screens.shell.panes import PANES


def bar_text(
    current: str, counts: dict[str, str], width: int, level: int
) -> tuple[Text, list[tuple[int, int, str]]]:
    """The bar at a detail ``level`` (0: titles, 1: short titles, 2: keys and counts), with
    the columns each pane takes."""
    text = Text(no_wrap=True, overflow="ellipsis")
    spans: list[tuple[int, int, str]] = []
    for spec in PANES:
        start = len(text)
        title = spec.title if level == 0 else spec.title[:4] if level == 1 else ""
        count = counts.get(spec.id, "")
        label = " ".join(part for part in (spec.key, title, count) if part)
        style = "reverse bold" if spec.id == current else ""
        text.append(f" {label} ", style=style)
        spans.append((start, len(text), spec.id))
        text.append(" " if level < 2 else "")
    return text, spans


class PaneBar(Static):
    DEFAULT_CSS = """
    PaneBar { height: 1; background: $panel; color: $text; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(Text(""), **kwargs)
        self.current = PANES[0].id
        self.counts: dict[str, str] = {}
        self._spans: list[tuple[int, int, str]] = []
        self._shown: tuple = ()

    def set_state(self, current: str | None = None, counts: dict[str, str] | None = None) -> None:
        if current is not None:
            self.current = current
        if counts is not None:
            self.counts = {**self.counts, **counts}
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        width = self.size.width or 160
        signature = (self.current, tuple(sorted(self.counts.items())), width)
        if signature == self._shown:
            return
        self._shown = signature
        for level in (0, 1, 2):
            text, spans = bar_text(self.current, self.counts, width, level)
            if len(text) <= width:
                break
        self._spans = spans
        self.update(text, layout=False)

    async def on_click(self, event: Click) -> None:
        for start, end, pane_id in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.screen.run_action(f"show_pane('{pane_id}')")
                return
