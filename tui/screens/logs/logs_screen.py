"""The logs screen (``l`` on the containers pane): one container's logs, or several merged."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.logs.log_options import LogOptions
from tui.screens.logs.logs_panel import LogsPanel
from tui.screens.shell.app_settings import settings_of
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys


class LogsScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.pop_screen", "Back", id="logs.back"),
    ]

    def __init__(
        self,
        session: EngineSession,
        containers: list[Container],
        *,
        tail: int | str | None = None,
        since: str | None = None,
        max_lines: int | None = None,
    ) -> None:
        """Options left None come from the settings (the config file's [logs] section);
        ``tail="all"`` asks for the whole history."""
        super().__init__()
        self.session = session
        self.containers = list(containers)
        self.overrides = {"tail": tail, "since": since, "max_lines": max_lines}

    def compose(self) -> ComposeResult:
        title = Text("Logs ", style="bold")
        title.append(", ".join(c.name for c in self.containers))
        yield Static(title, id="logs-title")
        options = LogOptions.from_settings(settings_of(self), **self.overrides)
        yield LogsPanel(self.session, self.containers, options)
        yield KeysFooter()
