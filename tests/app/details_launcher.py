"""Run the real app in a real terminal, the details screen of one container opened on connect.

For the tmux test of `e`: the same App, screens, suspend and terminal hand-over as `dockpit`,
reached without depending on the containers pane's keys.

    python tests/app/details_launcher.py <engine-url> <container-id>
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.app import DockpitApp  # noqa: E402
from tui.engine.containers import get_container  # noqa: E402
from tui.screens.details import ContainerDetailsScreen  # noqa: E402
from tui.screens.messages import EngineConnected  # noqa: E402
from tui.settings import Settings  # noqa: E402


class DetailsLauncher(DockpitApp):
    def __init__(self, settings: Settings, container_id: str) -> None:
        super().__init__(settings)
        self.container_id = container_id

    def on_engine_connected(self, message: EngineConnected) -> None:
        # Textual calls DockpitApp's handler as well (handlers run along the MRO).
        container = get_container(message.session.client, self.container_id)
        if container is not None:
            self.push_screen(ContainerDetailsScreen(message.session, container, tab="env"))


if __name__ == "__main__":
    DetailsLauncher(Settings(host=sys.argv[1]), sys.argv[2]).run()
