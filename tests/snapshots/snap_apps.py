"""Small apps for the snapshot tests: dockpit's own App class, screens and CSS, fed fixed data,
with no engine (the connection worker is replaced by nothing).

The main screen shows the containers table (the first pane) filled from ``CONTAINERS``; the
dialogs are pushed over it. Everything drawn comes from the constants below, so a snapshot
changes only when the look of dockpit changes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, cast

from rich.text import Text
from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tui.app import DockpitApp
from tui.engine.core.model import Container, Port
from tui.engine.core.session import EngineSession
from tui.engine.resources.prune import PruneItem, PruneKind, PrunePlan
from tui.screens.resources.prune_screen import PruneScreen
from tui.settings import Settings
from widgets.containers_table import ContainersTable

#: No engine answers here; nothing ever connects to it (``connect`` does nothing).
NO_ENGINE = "unix:///nonexistent/dockpit-snapshots.sock"
SIZE = (150, 32)

_COMPOSE = "com.docker.compose.project"
_SERVICE = "com.docker.compose.service"
_CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def _container(
    name: str, image: str, state: str, status: str, *, ports=(), project="", service=""
) -> Container:
    labels = {_COMPOSE: project, _SERVICE: service} if project else {}
    return Container(
        id=f"{name:0<12}"[:12].replace("-", "0") + "0" * 52,
        name=name,
        image=image,
        state=state,
        status=status,
        created=_CREATED,
        labels=labels,
        ports=tuple(ports),
    )


CONTAINERS: list[Container] = [
    _container(
        "shop-web-1",
        "nginx:1.27",
        "running",
        "Up 3 minutes (healthy)",
        ports=[Port(80, "tcp", 8080, "0.0.0.0")],
        project="shop",
        service="web",
    ),
    _container(
        "shop-api-1",
        "shop/api:2.4",
        "running",
        "Up 2 hours",
        ports=[Port(9000, "tcp", 9000, "127.0.0.1")],
        project="shop",
        service="api",
    ),
    _container(
        "shop-db-1",
        "postgres:16",
        "running",
        "Up 2 hours (healthy)",
        ports=[Port(5432, "tcp")],
        project="shop",
        service="db",
    ),
    _container("cache", "redis:7", "paused", "Up 1 hour (Paused)"),
    _container("nightly-report", "busybox:latest", "exited", "Exited (137) 5 minutes ago"),
    _container("[bold]not-markup[/]", "busybox:latest", "exited", "Exited (0) 2 days ago"),
]
STATS = {
    CONTAINERS[0].id: ("0.4%", "12.3 MiB"),
    CONTAINERS[1].id: ("12.5%", "180.0 MiB"),
    CONTAINERS[2].id: ("1.2%", "64.0 MiB"),
}

PRUNE_PLAN = PrunePlan(
    kind=PruneKind.CONTAINERS,
    items=(
        PruneItem("container", "a" * 64, "nightly-report", 4_096),
        PruneItem("container", "b" * 64, "old-migration", 1_536_000),
        PruneItem("container", "c" * 64, "[red]not-markup[/]", None),
    ),
)


class PlannedPrune(PruneScreen):
    """The prune dialog at its preview, with ``PRUNE_PLAN`` as the plan (no engine read)."""

    def __init__(self) -> None:
        super().__init__(cast(EngineSession, None), kind=PRUNE_PLAN.kind)

    def start_plan(self, kind: PruneKind) -> None:
        self.query_one("#prune-kinds", OptionList).display = False
        self.show_plan(PRUNE_PLAN)


class SnapshotApp(DockpitApp):
    """dockpit with fixed data and no engine."""

    def __init__(self, theme: str = "dockpit") -> None:
        super().__init__(Settings(host=NO_ENGINE, theme=theme))

    def connect(self) -> None:  # type: ignore[override]  # no engine: nothing to connect to
        return None


async def show_containers(pilot: Pilot[Any]) -> None:
    """The main screen as it looks connected: status bar and the containers pane's table."""
    app = cast(SnapshotApp, pilot.app)
    screen = app.main_screen
    for _ in range(50):  # the app may hand over before the main screen has composed
        if screen.is_mounted and screen.query("#connecting"):
            break
        await pilot.pause(0.02)
    status = Text("dockpit 0.1.0  ")
    status.append("snapshot-engine", style="bold")
    status.append("  engine 20.10.24  API 1.41")
    screen.query_one("#status-bar", Static).update(status)
    body = screen.query_one("#body", Vertical)
    await body.remove_children()
    table = ContainersTable(id="containers-table")
    await body.mount(table)
    table.show(CONTAINERS)
    table.set_stats_many(STATS)
    table.focus()
    await pilot.pause()


async def steady_inputs(pilot: Pilot[Any]) -> None:
    """Text fields keep their cursor shown (a blinking one differs between two runs)."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
