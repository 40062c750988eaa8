"""The panes of the main screen, in key order. A new pane adds one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from textual.widget import Widget

from tui.engine.core.session import EngineSession


def lazy(path: str, widget_id: str) -> Callable[[EngineSession], Widget]:
    """A pane factory that imports its module ("package.module:Class") only when called,
    so a pane's imports (plotext, dialogs...) stay off the first paint's path."""

    def make(session: EngineSession) -> Widget:
        module, _, name = path.partition(":")
        return getattr(import_module(module), name)(session, id=widget_id)

    return make


@dataclass(frozen=True)
class PaneSpec:
    id: str  # widget id and binding id suffix: "containers" -> binding "pane.containers"
    key: str  # the number key that shows it
    title: str
    make: Callable[[EngineSession], Widget]


PANES: list[PaneSpec] = [
    PaneSpec(
        "containers",
        "1",
        "Containers",
        lazy("tui.screens.containers.containers_pane:ContainersPane", "containers"),
    ),
    PaneSpec("images", "2", "Images", lazy("tui.screens.images.images_pane:ImagesPane", "images")),
    PaneSpec(
        "volumes", "3", "Volumes", lazy("tui.screens.resources.volumes_pane:VolumesPane", "volumes")
    ),
    PaneSpec(
        "networks",
        "4",
        "Networks",
        lazy("tui.screens.resources.networks_pane:NetworksPane", "networks"),
    ),
    PaneSpec("events", "5", "Events", lazy("tui.screens.events.events_pane:EventsPane", "events")),
    PaneSpec("swarm", "6", "Swarm", lazy("tui.screens.swarm.swarm_pane:SwarmPane", "swarm")),
    PaneSpec(
        "overview",
        "7",
        "Overview",
        lazy("tui.screens.overview.overview_pane:OverviewPane", "overview"),
    ),
    PaneSpec(
        "projects",
        "8",
        "Projects",
        lazy("tui.screens.compose.projects_pane:ProjectsPane", "projects"),
    ),
]
