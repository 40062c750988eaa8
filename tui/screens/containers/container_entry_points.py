"""What the containers pane opens for one or more containers: logs, a shell, an attach, a
one-off command. The screens live with their features; the pane only calls these."""

from __future__ import annotations

from textual.app import App

from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.shell.app_settings import settings_of


def open_logs(app: App, session: EngineSession, containers: list[Container]) -> None:
    """Show the logs of one container, or the merged logs of several."""
    from tui.screens.logs.logs_screen import LogsScreen

    if containers:
        app.push_screen(LogsScreen(session, containers))


def open_shell(app: App, session: EngineSession, container: Container) -> None:
    """Suspend the dashboard and hand the terminal to a shell in the container."""
    from tui.screens.details.inside_actions import start_shell

    start_shell(app, session, container)


def open_attach(app: App, session: EngineSession, container: Container) -> None:
    """Attach the terminal to the container's main process."""
    from tui.screens.details.inside_actions import start_attach

    start_attach(app, session, container)


def run_command(app: App, session: EngineSession, container: Container) -> None:
    """Ask for a one-off command, run it, show its output and exit code."""
    from tui.screens.containers.command_screen import CommandScreen

    if settings_of(app).read_only:
        app.notify("read-only mode: commands are off", severity="warning")
        return
    app.push_screen(CommandScreen(session, container))
