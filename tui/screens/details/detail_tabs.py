"""The tabs of the container details screen, in order. Each owner edits only its own line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.widget import Widget
from textual.widgets import Static

from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.details.detail_env import EnvTab
from tui.screens.details.detail_health import HealthTab
from tui.screens.details.detail_inspect import InspectTab
from tui.screens.details.detail_tables import MountsTab, NetworksTab, PortsTab
from tui.screens.details.detail_top import TopTab
from tui.screens.details.files_tab import FilesTab
from tui.screens.logs.logs_panel import logs_tab
from tui.screens.stats.stats_tab import make_stats_tab


@dataclass(frozen=True)
class DetailTab:
    id: str
    title: str
    make: Callable[[EngineSession, Container], Widget]


def placeholder(what: str) -> Callable[[EngineSession, Container], Widget]:
    return lambda session, container: Static(f"{what}: coming soon", classes="placeholder")


DETAIL_TABS: list[DetailTab] = [
    DetailTab("logs", "Logs", logs_tab),
    DetailTab("stats", "Stats", make_stats_tab),
    DetailTab("inspect", "Inspect", lambda s, c: InspectTab(s, c, id="inspect-tab")),
    DetailTab("env", "Env", lambda s, c: EnvTab(s, c, id="env-tab")),
    DetailTab("health", "Health", lambda s, c: HealthTab(s, c, id="health-tab")),
    DetailTab("top", "Top", lambda s, c: TopTab(s, c, id="top-tab")),
    DetailTab("ports", "Ports", lambda s, c: PortsTab(s, c, id="ports-tab")),
    DetailTab("mounts", "Mounts", lambda s, c: MountsTab(s, c, id="mounts-tab")),
    DetailTab("networks", "Networks", lambda s, c: NetworksTab(s, c, id="networks-tab")),
    DetailTab("files", "Files", lambda s, c: FilesTab(s, c, id="files-tab")),
]
