"""The command palette's "Run a new container..." (the run form from anywhere)."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

NAME = "Run a new container..."
HELP = "image, name, command, env, ports, volumes, restart policy; run or create only"


def open_run_form(app, image: str = "") -> None:
    """Push the run form on the app's engine (for the palette, the images pane...)."""
    from tui.screens.containers.run_form import RunForm
    from tui.screens.details.details import attach_after_run
    from tui.screens.shell.app_settings import settings_of

    session = getattr(app, "session", None)
    if session is None:
        app.notify("not connected to an engine yet", severity="warning")
        return
    if settings_of(app).read_only:
        app.notify("read-only mode: run is off", severity="warning")
        return
    app.push_screen(RunForm(session, image=image), attach_after_run(app, session))


class RunCommands(Provider):
    async def discover(self) -> Hits:
        yield DiscoveryHit(NAME, lambda: open_run_form(self.app), help=HELP)

    async def search(self, query: str) -> Hits:
        score = self.matcher(query).match(NAME)
        if score > 0:
            yield Hit(
                score,
                self.matcher(query).highlight(NAME),
                lambda: open_run_form(self.app),
                help=HELP,
            )
