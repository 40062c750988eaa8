"""The main screen's engine-wide actions: prune menu, disk usage, engine info (issue #8)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.engine.core.session import EngineSession
from tui.screens.shell.app_settings import settings_of

#: (palette name, action on the main screen, help)
PALETTE = [
    ("Prune...", "prune_menu", "Remove unused containers, images, volumes, networks, cache"),
    ("Disk usage", "disk_usage", "What takes space, as docker system df -v"),
    ("Engine info", "engine_info", "Engine version, OS, drivers, CPUs, memory, warnings"),
]


class ResourceCommands(Provider):
    """The engine-wide screens in the command palette (ctrl+p)."""

    def _hit(self, action: str) -> Any:
        screen = self.screen
        return lambda: screen.run_action(action)

    async def discover(self) -> Hits:
        for name, action, help_text in PALETTE:
            yield DiscoveryHit(name, self._hit(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in PALETTE:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._hit(action), help=help_text)


class ResourceActions:
    """Mixed into MainScreen: ``P`` prune, ``U`` disk usage, ``E`` engine info, and the same
    three in the command palette."""

    COMMANDS: ClassVar[set[Any]] = {ResourceCommands}
    session: EngineSession | None
    app: Any

    def action_prune_menu(self) -> None:
        from tui.screens.resources.prune_screen import PruneScreen

        if self.session is None:
            return
        if settings_of(self.app).read_only:
            self.app.notify("read-only mode: prune is off", severity="warning")
            return
        self.app.push_screen(PruneScreen(self.session))

    def action_disk_usage(self) -> None:
        from tui.screens.resources.disk_usage_screen import DiskUsageScreen

        if self.session is not None:
            self.app.push_screen(DiskUsageScreen(self.session))

    def action_engine_info(self) -> None:
        from tui.screens.resources.engine_info_screen import EngineInfoScreen

        if self.session is not None:
            self.app.push_screen(EngineInfoScreen(self.session))
