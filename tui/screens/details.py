"""The container details screen: tabs for logs, stats, inspect, env, top, ports, mounts, networks.

Each tab's body comes from DETAIL_TABS (tui/screens/detail_tabs.py): a tab owner changes only
its own line there and its own module.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from tui.engine.model import Container
from tui.engine.session import EngineSession
from tui.screens.detail_tabs import DETAIL_TABS


class ContainerDetailsScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.pop_screen", "Back", id="details.back"),
    ]

    def __init__(self, session: EngineSession, container: Container, tab: str = "logs") -> None:
        super().__init__()
        self.session = session
        self.container = container
        self.initial_tab = tab

    def compose(self) -> ComposeResult:
        title = Text("Container ")
        title.append(self.container.name, style="bold")
        title.append(f"  {self.container.short_id}  {self.container.image}")
        yield Static(title, id="details-title")
        with TabbedContent(initial=f"tab-{self.initial_tab}", id="details-tabs"):
            for spec in DETAIL_TABS:
                with TabPane(spec.title, id=f"tab-{spec.id}"):
                    yield spec.make(self.session, self.container)
        yield Footer()
