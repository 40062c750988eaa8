"""What the compose keys do, for the projects pane and a project's services screen alike.

``run_action`` asks when the action loses something (down, down with volumes: the volumes and
networks that go are listed first), refuses in read-only mode, runs the user's compose in a
modal with its output, and falls back to the API for start / stop / restart when no compose
is installed. ``done`` is called on the UI thread when the action has ended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.widget import Widget

from tui.engine.compose.command_line import CHANGING, Options
from tui.engine.compose.ops import API_ACTIONS
from tui.engine.compose.projects import ComposeProject
from tui.engine.compose.runner import ComposeUnavailable
from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.screens.compose.compose_run import ComposeRunScreen
from widgets.confirm import ConfirmDialog

TITLES = {
    "up": "up -d",
    "up_build": "up -d --build",
    "recreate": "up -d --force-recreate",
    "down": "down",
    "down_volumes": "down --volumes",
    "stop": "stop",
    "start": "start",
    "restart": "restart",
    "pull": "pull",
    "build": "build",
}
ASKS = frozenset({"down", "down_volumes"})


def run_action(
    node: Widget,
    session: EngineSession,
    project: ComposeProject,
    action: str,
    services: Sequence[str] = (),
    done: Callable[[], None] = lambda: None,
    options: Options = Options(),
) -> None:
    app = node.app
    if action in CHANGING and session.read_only:
        app.notify("read-only mode: compose actions are off", severity="warning")
        return
    target = project.name + (f" ({', '.join(services)})" if services else "")
    title = f"compose {TITLES.get(action, action)}: {target}"

    def launch() -> None:
        def ended(ok: bool | None) -> None:
            done()

        app.push_screen(
            ComposeRunScreen(
                title, lambda: session.compose.start(project, action, services, options)
            ),
            ended,
        )

    def check() -> None:  # a thread: finding compose runs it once
        try:
            session.compose.command()
        except ComposeUnavailable as missing:
            if action in API_ACTIONS:
                fallback(missing)
            else:
                app.call_from_thread(app.notify, missing.message, title="Compose",
                                     severity="error", markup=False, timeout=15)  # fmt: skip
            return
        except EngineError as error:
            app.call_from_thread(app.notify, error.message, severity="error", markup=False)
            return
        if action in ASKS:
            ask()
        else:
            app.call_from_thread(launch)

    def fallback(missing: ComposeUnavailable) -> None:
        try:
            count = session.compose.api_action(project, action, services)
        except EngineError as error:
            app.call_from_thread(app.notify, error.message, severity="error", markup=False)
            return
        app.call_from_thread(
            app.notify,
            f"no compose here: {action} of {count} container(s) done through the engine's API",
            title="Compose",
            markup=False,
        )
        app.call_from_thread(done)

    def ask() -> None:
        lines: list[Text | str] = [
            Text(f"compose down: stop and remove the containers of {target}.")
        ]
        if action == "down_volumes":
            try:
                volumes, networks = session.compose.down_preview(project)
            except EngineError as error:
                app.call_from_thread(app.notify, error.message, severity="error", markup=False)
                return
            lines.append(
                Text("Volumes removed, their data lost for good: " + (", ".join(volumes) or "none"))
            )
            lines.append(Text("Networks removed: " + (", ".join(networks) or "none")))
        else:
            lines.append(Text("Named volumes are kept."))

        def answered(yes: bool | None) -> None:
            if yes:
                launch()

        app.call_from_thread(
            app.push_screen, ConfirmDialog(f"compose {TITLES[action]}?", lines, "down"), answered
        )

    node.run_worker(check, thread=True, exclusive=True, group=f"compose-{action}-check")
