"""Events pane, disk usage screen and engine info screen on the sandbox engine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import LABELS, unique_name
from tests.helpers import burst, wait_for, wait_for_text
from tests.resource_helpers import show_pane
from tui.app import DockpitApp
from tui.screens.events.events_pane import TYPES, EventsPane
from tui.screens.resources.disk_usage_screen import DiskUsageScreen
from tui.screens.resources.engine_info_screen import EngineInfoScreen
from widgets.events_table import EventsTable


def shown_events(pane: EventsPane) -> list:
    """The events the table shows, in order."""
    table = pane.query_one(EventsTable)
    by_seq = dict(pane.history)
    shown = table.keys()  # the KeyedTable's row keys: arrival numbers
    return [by_seq[int(key)] for key in shown]


async def test_events_pane_live_filtered_and_paused(app_settings, make_container):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await show_pane(pilot, "events", "5")
        pane = app.query_one(EventsPane)
        await wait_for(pilot, lambda: pane._events is not None)
        name = unique_name("ev")
        container = make_container(name=name)  # created and started from outside the app

        def seen(action: str) -> bool:
            return any(e.actor_name == name and e.action == action for e in shown_events(pane))

        await wait_for(pilot, lambda: seen("start"))

        # Filter by name: only this container's events remain, on screen too.
        await pilot.press("slash")
        pane.query_one("#events-filter").value = name
        burst(app, ["enter", "t"])  # in one go: "t" is the table's type filter, not text
        await wait_for(pilot, lambda: pane.type_filter == "container")
        assert isinstance(app.focused, EventsTable)
        assert shown_events(pane) and all(e.actor_name == name for e in shown_events(pane))
        text = await wait_for_text(pilot, name)
        assert "start" in text

        # Filter by type: container keeps them, image hides them, all again after the cycle.
        assert pane.type_filter == "container" and shown_events(pane)
        await pilot.press("t")
        assert pane.type_filter == "image" and not shown_events(pane)
        await pilot.press(*["t"] * (len(TYPES) - 2))
        assert pane.type_filter is None and seen("start")

        # Paused: new events are counted, not shown; resumed: shown.
        await pilot.press("p")
        container.kill()
        await wait_for(pilot, lambda: any(e.action == "die" for _, e in pane.history))
        assert not seen("die")
        await wait_for_text(pilot, "PAUSED")
        await pilot.press("p")
        await wait_for(pilot, lambda: seen("die"))  # the pane adds events in batches
        await wait_for_text(pilot, "LIVE")


def cli_df(host: str, verbose: bool = False) -> list[dict] | dict:
    docker = shutil.which("docker")
    if docker is None:
        pytest.fail("the docker CLI (Debian docker.io) is needed to compare disk usage")
    args = [docker, "system", "df", "--format", "{{json .}}"]
    if verbose:
        args.insert(3, "-v")
    env = {**os.environ, "DOCKER_HOST": host, "DOCKER_CONTEXT": ""}
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    return lines[0] if verbose else lines


def app_row(screen: DiskUsageScreen, table: str, key: str) -> list[str]:
    return [cell.plain for cell in screen.query_one(table).get_row(key)]


async def test_disk_usage_matches_the_engines_df(
    app_settings, engine_host, docker_client, make_container
):
    volume = unique_name("dfvol")
    docker_client.volumes.create(volume, labels=LABELS)
    writer = make_container(
        "sh -c 'dd if=/dev/zero of=/d/f bs=1k count=300; dd if=/dev/zero of=/f bs=1k count=123'",
        volumes={volume: {"bind": "/d"}},
    )
    writer.wait(timeout=30)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.session is not None)
        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, DiskUsageScreen))
        screen = app.screen
        await wait_for(pilot, lambda: screen.loads >= 1)

        # Objects of this test: the same text as `docker system df -v` (they do not change).
        cli = cli_df(engine_host, verbose=True)
        cli_volume = next(v for v in cli["Volumes"] if v["Name"] == volume)
        assert app_row(screen, "#df-volumes", volume) == [
            volume, cli_volume["Links"], cli_volume["Size"],
        ]  # fmt: skip
        assert cli_volume["Size"] == "307.2kB"
        cli_container = next(c for c in cli["Containers"] if c["ID"] == writer.id)
        assert app_row(screen, "#df-containers", writer.id)[4] == cli_container["Size"]

        # The summary: equal to the CLI's whenever the engine held still around the read.
        for _attempt in range(8):
            before = cli_df(engine_host)
            loads = screen.loads
            await pilot.press("r")
            await wait_for(pilot, lambda loads=loads: screen.loads > loads)
            after = cli_df(engine_host)
            if before == after:
                break
        else:
            pytest.fail("the engine never held still long enough to compare")
        for line in after:
            assert app_row(screen, "#df-summary", line["Type"]) == [
                line["Type"], line["TotalCount"], line["Active"], line["Size"], line["Reclaimable"],
            ]  # fmt: skip
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)


async def test_engine_info_screen(app_settings, docker_client):
    version = docker_client.version()
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.session is not None)
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, EngineInfoScreen))
        text = await wait_for_text(pilot, version["Version"])
        for expected in ("API negotiated", "docker-py", "Storage driver", "Cgroup driver"):
            assert expected in text
        assert version["ApiVersion"] in text
        assert str(docker_client.info()["NCPU"]) in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        # The same screen from the command palette.
        await pilot.press("ctrl+p", *"engine info")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EngineInfoScreen))
