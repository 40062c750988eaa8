"""dockpit opened straight on the logs of some containers (for bench/logs_bench.py).

    python -m bench.logs_app NAME [NAME ...]

The same app, screens and widgets as `dockpit`; it only pushes the logs screen once the
engine answers, so the benchmark does not depend on the containers pane's keys.
"""

from __future__ import annotations

import sys

from tui.app import DockpitApp
from tui.engine.core.errors import engine_call
from tui.engine.core.model import Container
from tui.screens.logs.logs_screen import LogsScreen
from tui.screens.shell.messages import EngineConnected
from tui.settings import Settings


class LogsBenchApp(DockpitApp):
    def __init__(self, names: list[str]) -> None:
        super().__init__(Settings())
        self.names = names

    def on_engine_connected(self, message: EngineConnected) -> None:
        # Textual also runs DockpitApp's own handler (handlers run along the MRO).
        session = message.session
        with engine_call():
            raw = session.client.api.containers(all=True, filters={"name": self.names})
        by_name = {c.name: c for c in map(Container.from_api, raw)}
        chosen = [by_name[name] for name in self.names if name in by_name]
        self.push_screen(LogsScreen(session, chosen))


def main() -> None:
    LogsBenchApp(sys.argv[1:]).run()


if __name__ == "__main__":
    main()
