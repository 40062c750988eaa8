"""What needs attention, on the sandbox engine: each case reaches the strip and the incidents
view with the right words within 5 s of the engine's event; the crashing container's captured
last lines are its real last lines; a container stopped by the user raises nothing; nothing
is polled while idle."""

from __future__ import annotations

import time

import pytest
import requests

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.engine.health.attention import CRASH_LOOP, EXITED, OOM, UNHEALTHY
from tui.screens.health.incidents_screen import IncidentsScreen

pytestmark = [pytest.mark.engine, pytest.mark.timeout(180)]


def strip(pilot) -> str:
    return str(pilot.app.main_screen.query_one("#alert-strip").render())


def incidents(app, name: str) -> list:
    watcher = app.attention
    return [i for i in list(watcher.incidents) if i.name == name] if watcher else []


async def test_each_case_reaches_strip_and_incidents(app_settings, make_container):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.attention is not None and app.attention._subscription)
        await wait_for(pilot, lambda: "all clear" in strip(pilot) or "!" in strip(pilot))
        tag = unique_name("att")
        names = {k: f"{tag}-{k}" for k in ("unh", "loop", "oom", "exit3", "stop")}
        make_container("sh -c 'echo probe failing; sleep 1000'", name=names["unh"],
                       healthcheck={"test": ["CMD-SHELL", "echo probe says no; exit 1"],
                                    "interval": 500_000_000, "retries": 1})  # fmt: skip
        make_container("sh -c 'echo looping; sleep 1; exit 1'", name=names["loop"],
                       restart_policy={"Name": "always"})  # fmt: skip
        make_container("sh -c 'echo eating; x=a; while true; do x=$x$x; done'",
                       name=names["oom"], mem_limit="8m", memswap_limit="8m")  # fmt: skip
        make_container("sh -c 'echo first words; echo last words; exit 3'", name=names["exit3"])
        stopped = make_container("sleep 1000", name=names["stop"])
        stopped.stop(timeout=1)

        def kinds(name: str) -> set[str]:
            return {i.kind for i in incidents(app, name)}

        await wait_for(pilot, lambda: EXITED in kinds(names["exit3"]), timeout=8)  # 5 s idle
        await wait_for(pilot, lambda: OOM in kinds(names["oom"]), timeout=8)
        await wait_for(pilot, lambda: UNHEALTHY in kinds(names["unh"]), timeout=8)
        await wait_for(pilot, lambda: CRASH_LOOP in kinds(names["loop"]), timeout=12)
        assert kinds(names["stop"]) == set()

        [crash] = incidents(app, names["exit3"])
        assert crash.last_lines[-2:] == ("first words", "last words") and crash.exit_code == 3
        [unhealthy] = incidents(app, names["unh"])
        assert "probe says no" in unhealthy.detail

        await wait_for(pilot, lambda: all(w in strip(pilot) for w in
                       ("OOM killed", "crash-looping", "unhealthy", "exited with errors")))  # fmt: skip

        from widgets.containers_table import ContainersTable

        table = app.main_screen.query_one(ContainersTable)
        table.focus()
        await pilot.press("f")

        def shown_names() -> set[str]:
            shown = table.keys()  # the rows on screen, in order (a KeyedTable method)
            return {table.known[k].container.name for k in shown if k in table.known}

        faulty = {names[k] for k in ("unh", "loop", "oom", "exit3")}
        await wait_for(
            pilot, lambda: faulty <= shown_names() and names["stop"] not in shown_names()
        )
        assert "faults only" in screen_text(pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: names["stop"] in shown_names())

        await pilot.press("I")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentsScreen))
        shown = await wait_for_text(pilot, names["exit3"])
        assert "exited with code 3" in shown and "killed: out of memory" in shown
        assert names["stop"] not in shown


async def test_nothing_is_polled_while_idle(own_engine, monkeypatch):
    """On an engine of its own (the shared one is never idle while other tests run)."""
    import docker

    from tui.settings import Settings

    client = docker.DockerClient(base_url=own_engine.host)
    client.containers.run("busybox:latest", "sleep 1000", detach=True)
    client.close()
    app = DockpitApp(Settings(host=own_engine.host))
    seen: list[str] = []
    real_send = requests.Session.send

    def counting(self, request, **kwargs):
        seen.append(f"{request.method} {request.path_url}")
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", counting)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.attention is not None and app.attention._subscription)
        await wait_for(pilot, lambda: "all clear" in strip(pilot) or "!" in strip(pilot))
        await pilot.pause(2.0)
        seen.clear()
        start = time.monotonic()
        await pilot.pause(6.0)
        lists = [r for r in seen if "/containers/json" in r or "/events" in r]
        assert lists == [], (time.monotonic() - start, seen)
        assert screen_text(pilot)


def test_a_crash_loop_notifies_the_terminal_once(engine_host, make_container, tmp_path):
    """The real dockpit on a pty, bell and desktop notifications on: a container crashing
    every second raises one bell + OSC 9 + OSC 777 in a minute, not one per crash."""
    import os

    from tests.pty_terminal import DOCKPIT, PtyTerminal

    config = tmp_path / "config.toml"
    config.write_text("[alerts]\nbell = true\ndesktop = true\n")
    env = {**os.environ, "DOCKER_HOST": engine_host, "DOCKPIT_CONFIG": str(config),
           "TERM": "xterm-256color", "DOCKPIT_STATE_DIR": str(tmp_path / "state")}  # fmt: skip
    terminal = PtyTerminal([DOCKPIT], env)
    try:
        terminal.wait_for_text("Name", timeout=30)
        time.sleep(2)  # the attention watcher subscribes after the first paint
        mark = terminal.mark()
        name = unique_name("osc")
        make_container("sh -c 'echo crash; sleep 0.5; exit 1'", name=name,
                       restart_policy={"Name": "always"})  # fmt: skip
        osc9 = f"\x1b]9;dockpit: {name}:".encode()
        terminal.wait_for(lambda: osc9 in terminal.since(mark), timeout=10, what="OSC 9")
        time.sleep(8)  # several more crashes, a crash loop among them
        written = terminal.since(mark)
        assert written.count(osc9) == 1, written.count(osc9)
        assert written.count(f"\x1b]777;notify;dockpit: {name};".encode()) == 1
        assert written.count(b"\x07\x1b]9;dockpit: " + name.encode()) == 1  # the bell before it
    finally:
        terminal.close()
