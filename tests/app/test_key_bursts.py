"""The two key bursts of issue 26: "/name", enter, enter, "q" opens the details and leaves
them (it never quits the app); escape then "7" in one terminal read is two keys."""

from __future__ import annotations

import time

from tests.app.containers_support import prefix, ready
from tests.helpers import burst, wait_for
from tui.app import DockpitApp
from tui.screens.details.details import ContainerDetailsScreen
from tui.screens.shell.main import MainScreen


async def test_filter_enter_enter_q_leaves_the_details(app_settings, make_container):
    name = prefix()
    made = make_container(name=f"{name}-longcmd", command=["sh", "-c", "sleep 3600"])
    app = DockpitApp(app_settings)
    opened: list[object] = []
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, made)
        original = app.push_screen

        def push_screen(screen, *args, **kwargs):  # type: ignore[no-untyped-def]
            opened.append(screen)
            return original(screen, *args, **kwargs)

        app.push_screen = push_screen  # type: ignore[method-assign]
        burst(app, [*f"/{name}-longcmd", "enter", "enter", "q"])
        await wait_for(pilot, lambda: opened and isinstance(app.screen, MainScreen))
        await pilot.pause(0.5)
        assert app.is_running and not app._exit
        assert isinstance(app.screen, MainScreen)
        assert [type(s) for s in opened] == [ContainerDetailsScreen]
        assert opened[0].container.id == made.id  # type: ignore[attr-defined]


def test_the_two_bursts_through_a_real_terminal(engine_host, make_container, tmp_path):
    """The real dockpit on a pty, each burst written in ONE write (one SSH packet):
    "/name" enter enter "q" opens the details and leaves them (the app goes on), and escape
    + "7" leaves the details and shows the overview pane (not read as one key "¶")."""
    import os

    from tests.pty_terminal import DOCKPIT, PtyTerminal

    name = f"{prefix()}-longcmd"
    make_container(name=name, command=["sh", "-c", "sleep 3600"])
    env = {**os.environ, "DOCKER_HOST": engine_host, "TERM": "xterm-256color",
           "DOCKPIT_STATE_DIR": str(tmp_path / "state")}  # fmt: skip
    terminal = PtyTerminal([DOCKPIT], env)
    try:
        terminal.wait_for_text(name, timeout=30)
        time.sleep(1)
        terminal.type(f"/{name}\r\rq")
        terminal.wait_for_text(f"filter: {name}")
        time.sleep(2)
        assert terminal.alive(), "the burst quit the app"
        assert "1 of " in terminal.text() and "Logs  Stats" not in terminal.text()
        terminal.type("\r")
        terminal.wait_for_text("Logs  Stats")
        terminal.type("\x1b7")
        terminal.wait_for_text("Top CPU")
        assert "Logs  Stats" not in terminal.text()
    finally:
        terminal.close()
