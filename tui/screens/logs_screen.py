"""The logs screen (``l`` on the containers pane): one container's logs, or several merged."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.engine.model import Container
from tui.engine.session import EngineSession
from tui.screens.logs_panel import DEFAULT_MAX_LINES, DEFAULT_TAIL, LogsPanel
from widgets.footer import KeysFooter


class LogsScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.pop_screen", "Back", id="logs.back"),
    ]

    def __init__(
        self,
        session: EngineSession,
        containers: list[Container],
        *,
        tail: int | None = None,
        since: str = "",
        max_lines: int | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.containers = list(containers)
        self.tail = tail
        self.since = since
        self.max_lines = max_lines

    def compose(self) -> ComposeResult:
        title = Text("Logs ", style="bold")
        title.append(", ".join(c.name for c in self.containers))
        yield Static(title, id="logs-title")
        settings = getattr(self.app, "settings", None)
        cap = self.max_lines or int(getattr(settings, "log_max_lines", DEFAULT_MAX_LINES))
        tail = self.tail if self.tail is not None else getattr(settings, "log_tail", DEFAULT_TAIL)
        yield LogsPanel(self.session, self.containers, tail=tail, since=self.since, max_lines=cap)
        yield KeysFooter()

    @property
    def panel(self) -> LogsPanel:
        return self.query_one(LogsPanel)
