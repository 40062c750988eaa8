"""The main screen's engine-wide actions: prune menu, disk usage, engine info (issue #8)."""

from __future__ import annotations

from typing import Any

from tui.engine.session import EngineSession


class ResourceActions:
    """Mixed into MainScreen: ``P`` prune, ``U`` disk usage, ``I`` engine info."""

    session: EngineSession | None
    app: Any

    def action_prune_menu(self) -> None:
        from tui.screens.prune_screen import PruneScreen

        if self.session is None:
            return
        if getattr(getattr(self.app, "settings", None), "read_only", False):
            self.app.notify("read-only mode: prune is off", severity="warning")
            return
        self.app.push_screen(PruneScreen(self.session))

    def action_disk_usage(self) -> None:
        from tui.screens.disk_usage_screen import DiskUsageScreen

        if self.session is not None:
            self.app.push_screen(DiskUsageScreen(self.session))

    def action_engine_info(self) -> None:
        from tui.screens.engine_info_screen import EngineInfoScreen

        if self.session is not None:
            self.app.push_screen(EngineInfoScreen(self.session))
