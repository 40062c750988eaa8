"""The merged logs of every task of a swarm service, followed live."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import RichLog, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.swarm import swarm
from tui.engine.swarm.swarm_model import Service
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys

MAX_LINES = 10_000


class ServiceLogsScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [Binding("q,escape", "app.pop_screen", "Back", id="service_logs.back")]

    def __init__(self, session: EngineSession, service: Service) -> None:
        super().__init__()
        self.session = session
        self.service = service
        self._stream: swarm.ServiceLogStream | None = None

    def compose(self) -> ComposeResult:
        title = Text("Logs of service ")
        title.append(self.service.name, style="bold")
        title.append(f"  (every task, merged; {self.service.replicas_label})")
        yield Static(title, id="service-logs-title")
        yield RichLog(max_lines=MAX_LINES, markup=False, highlight=False, id="service-log")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.follow()

    def on_unmount(self) -> None:
        if self._stream is not None:
            self._stream.close()

    @work(thread=True, exclusive=True, group="service-logs")
    def follow(self) -> None:
        log = self.query_one(RichLog)
        try:
            with self.session.swarm.service_logs(self.service.id) as stream:
                self._stream = stream
                for line in stream:
                    self.app.call_from_thread(log.write, Text.from_ansi(line))
        except EngineError as error:
            if self._stream is None or not self._stream._closed:
                self.app.call_from_thread(
                    self.notify, error.message, title="Logs", severity="error", markup=False
                )
