"""The full-screen message shown when no engine answers."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import EngineError


def no_engine_text(endpoint: Endpoint, error: EngineError) -> Text:
    text = Text()
    text.append("No Docker engine answered\n\n", style="bold")
    text.append("Looked at: ")
    text.append(endpoint.describe(), style="bold")
    text.append("\nThe engine said: ")
    text.append(error.message)
    text.append("\n\nPoint dockpit elsewhere:\n", style="bold")
    text.append("  dockpit --host unix:///path/to/docker.sock\n")
    text.append(
        "  dockpit --host tcp://host:2376     (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH)\n"
    )
    text.append("  dockpit --host ssh://user@host\n")
    text.append("  or set DOCKER_HOST, or choose a docker context (DOCKER_CONTEXT).\n\n")
    text.append("r", style="bold")
    text.append(" retry    ")
    text.append("q", style="bold")
    text.append(" quit")
    return text


class NoEngineScreen(Screen[bool]):
    """Dismissed with True to retry; the app quits on q."""

    BINDINGS = [
        Binding("r", "retry", "Retry", id="no_engine.retry"),
        Binding("q", "app.quit", "Quit", id="no_engine.quit"),
    ]

    def __init__(self, endpoint: Endpoint, error: EngineError) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.error = error

    def compose(self) -> ComposeResult:
        yield Static(no_engine_text(self.endpoint, self.error), id="no-engine")

    def action_retry(self) -> None:
        self.dismiss(True)
