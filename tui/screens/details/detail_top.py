"""The top tab: the container's processes, refreshed every 2 s while the tab is visible."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from widgets.keyed_table import KeyedTable

REFRESH_SECONDS = 2.0


class TopTab(Widget):
    DEFAULT_CSS = """
    TopTab { height: 1fr; }
    TopTab > .tab-message { height: auto; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, session: EngineSession, container: Container, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.container = container
        self.titles: list[str] = []
        self.polls = 0

    def compose(self) -> ComposeResult:
        yield Static(Text("loading..."), classes="tab-message")

    def on_mount(self) -> None:
        self.poll()

    def _visible(self) -> bool:
        return self.screen.is_current and self.is_on_screen

    def poll(self) -> None:
        """timer -> worker -> render -> timer: never two polls at once."""
        if not self.is_attached:
            return
        if self.polls and not self._visible():
            self.set_timer(REFRESH_SECONDS, self.poll)
            return
        self.run_worker(self._fetch, thread=True, exclusive=True, group="details-top")

    def _fetch(self) -> None:
        try:
            titles, rows = self.session.containers.top(self.container.id)
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            self.app.call_from_thread(self._show, titles, rows)

    def _failed(self, message: str) -> None:
        self._message(message)
        self._again()

    def _show(self, titles: list[str], rows: list[list[str]]) -> None:
        self.polls += 1
        if titles != self.titles:
            for table in self.query(KeyedTable):
                table.remove()
            self.titles = titles
            self.mount(KeyedTable([(f"c{i}", t) for i, t in enumerate(titles)], id="top-table"))
            self.call_after_refresh(self._fill, titles, rows)
        else:
            self._fill(titles, rows)
        self._message("" if rows else "no processes")
        self._again()

    def _fill(self, titles: list[str], rows: list[list[str]]) -> None:
        pid_col = titles.index("PID") if "PID" in titles else 0
        table = self.query_one(KeyedTable)
        table.sync(
            (row[pid_col] if pid_col < len(row) else str(i), tuple(Text(c) for c in row))
            for i, row in enumerate(rows)
            if len(row) == len(titles)
        )

    def _again(self) -> None:
        if self.is_attached:
            self.set_timer(REFRESH_SECONDS, self.poll)

    def _message(self, message: str) -> None:
        label = self.query_one(".tab-message", Static)
        label.update(Text(message))
        label.display = bool(message)
