"""The panes of the main screen, in key order. A new pane adds one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.widget import Widget

from tui.engine.session import EngineSession
from tui.screens.containers_pane import ContainersPane
from tui.screens.events_pane import EventsPane
from tui.screens.images_pane import ImagesPane
from tui.screens.networks_pane import NetworksPane
from tui.screens.overview_pane import OverviewPane
from tui.screens.swarm_pane import SwarmPane
from tui.screens.volumes_pane import VolumesPane


@dataclass(frozen=True)
class PaneSpec:
    id: str  # widget id and binding id suffix: "containers" -> binding "pane.containers"
    key: str  # the number key that shows it
    title: str
    make: Callable[[EngineSession], Widget]


PANES: list[PaneSpec] = [
    PaneSpec("containers", "1", "Containers", lambda s: ContainersPane(s, id="containers")),
    PaneSpec("images", "2", "Images", lambda s: ImagesPane(s, id="images")),
    PaneSpec("volumes", "3", "Volumes", lambda s: VolumesPane(s, id="volumes")),
    PaneSpec("networks", "4", "Networks", lambda s: NetworksPane(s, id="networks")),
    PaneSpec("events", "5", "Events", lambda s: EventsPane(s, id="events")),
    PaneSpec("swarm", "6", "Swarm", lambda s: SwarmPane(s, id="swarm")),
    PaneSpec("overview", "7", "Overview", lambda s: OverviewPane(s, id="overview")),
]
