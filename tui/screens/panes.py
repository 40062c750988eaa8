"""The panes of the main screen, in key order. A new pane adds one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.widget import Widget

from tui.engine.session import EngineSession
from tui.screens.containers_pane import ContainersPane
from tui.screens.images_pane import ImagesPane
from tui.screens.overview_pane import OverviewPane


@dataclass(frozen=True)
class PaneSpec:
    id: str  # widget id and binding id suffix: "containers" -> binding "pane.containers"
    key: str  # the number key that shows it
    title: str
    make: Callable[[EngineSession], Widget]


PANES: list[PaneSpec] = [
    PaneSpec("containers", "1", "Containers", lambda s: ContainersPane(s, id="containers")),
    PaneSpec("images", "2", "Images", lambda s: ImagesPane(s, id="images")),
    PaneSpec("overview", "7", "Overview", lambda s: OverviewPane(s, id="overview")),
]
