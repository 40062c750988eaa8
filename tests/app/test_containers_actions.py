"""Containers pane lifecycle keys against the sandbox engine: screen AND engine state."""

from __future__ import annotations

from tests.app.containers_support import (
    QUICK_STOP,
    exists,
    narrow,
    prefix,
    ready,
    row_text,
    select,
    state,
    table,
    wait_notified,
    wait_row,
)
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from widgets.confirm import ConfirmDialog


async def test_stop_start_restart(app_settings, make_container, docker_client):
    name = prefix()
    c = make_container(QUICK_STOP, name=name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)

        await pilot.press("s")
        await wait_notified(pilot, f"stopped {name}")
        assert state(docker_client, c) == "exited"
        await wait_row(pilot, c, "exited (0)")

        await pilot.press("s")
        await wait_notified(pilot, f"started {name}")
        assert state(docker_client, c) == "running"
        await wait_row(pilot, c, "running")

        started = docker_client.api.inspect_container(c.id)["State"]["StartedAt"]
        await pilot.press("r")
        await wait_notified(pilot, f"restarted {name}")
        after = docker_client.api.inspect_container(c.id)["State"]
        assert after["Status"] == "running" and after["StartedAt"] != started
        await wait_row(pilot, c, "running")


async def test_pause_unpause_kill(app_settings, make_container, docker_client):
    name = prefix()
    c = make_container(QUICK_STOP, name=name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)

        await pilot.press("p")
        await wait_notified(pilot, f"paused {name}")
        assert state(docker_client, c) == "paused"
        await wait_row(pilot, c, "paused")
        # paused is still up: the uptime keeps counting
        assert table(pilot.app).get_cell(c.id, "uptime").plain.startswith("up "), row_text(
            pilot.app, c
        )

        await pilot.press("p")
        await wait_notified(pilot, f"unpaused {name}")
        assert state(docker_client, c) == "running"
        await wait_row(pilot, c, "running")

        await pilot.press("K")  # the signal menu: SIGKILL first
        await wait_for_text(pilot, "send which signal?")
        await pilot.press("enter")
        await wait_notified(pilot, f"killed {name}")
        await wait_for(pilot, lambda: state(docker_client, c) == "exited")
        await wait_row(pilot, c, "exited (137)")


async def test_kill_sends_the_chosen_signal(app_settings, make_container, docker_client):
    name = prefix()
    c = make_container(
        ["sh", "-c", "trap 'exit 3' TERM; trap 'exit 4' HUP; while true; do sleep 0.1; done"],
        name=name,
    )
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)
        await pilot.press("K")
        await wait_for_text(pilot, "SIGHUP")
        await pilot.press("escape")  # keeps it running
        await pilot.pause(0.3)
        assert state(docker_client, c) == "running"
        await pilot.press("K")
        await wait_for_text(pilot, "send which signal?")
        await pilot.press("down", "down", "down", "enter")  # SIGKILL, SIGTERM, SIGINT, SIGHUP
        await wait_notified(pilot, f"killed {name}")
        await wait_for(pilot, lambda: state(docker_client, c) == "exited")
        assert docker_client.api.inspect_container(c.id)["State"]["ExitCode"] == 4


async def test_remove_asks_and_lists_what_goes(app_settings, make_container, docker_client):
    name = prefix()
    c = make_container(name=name, start=False)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)

        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        text = await wait_for_text(pilot, "Remove 1 container?")
        assert name in text
        await pilot.press("n")  # anything but y cancels
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        assert exists(docker_client, c)

        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_notified(pilot, f"removed {name}")
        assert not exists(docker_client, c)
        await wait_for(pilot, lambda: not table(app).has_key(c.id))


async def test_force_remove_takes_running_container_and_its_volume(
    app_settings, make_container, docker_client
):
    name = prefix()
    c = make_container(QUICK_STOP, name=name, volumes=["/data"])
    volume = next(m["Name"] for m in c.attrs["Mounts"] if m["Type"] == "volume")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)
        await pilot.press("D")
        text = await wait_for_text(pilot, "Force remove 1 container?")
        assert name in text
        assert f"volume {volume[:12]} at /data (removed)" in text
        assert "will be killed first" in text
        await pilot.press("y")
        await wait_notified(pilot, f"removed {name}")
        assert not exists(docker_client, c)
        assert volume not in {v.name for v in docker_client.volumes.list()}
        await wait_for(pilot, lambda: not table(app).has_key(c.id))


async def test_bulk_stop_of_three_marked_rows(app_settings, make_container, docker_client):
    name = prefix()
    made = [make_container(QUICK_STOP, name=f"{name}-{i}") for i in range(3)]
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, *made)
        await narrow(pilot, name)
        await select(pilot, made[0])
        await pilot.press("space", "space", "space")  # marking moves down a row
        assert table(app).marked == {c.id for c in made}
        await wait_for_text(pilot, "3 marked")
        await pilot.press("s")
        await wait_notified(pilot, "stopped ")
        for c in made:
            assert state(docker_client, c) == "exited"
            await wait_row(pilot, c, "exited")
        assert not table(app).marked


async def test_action_on_container_removed_behind_the_apps_back(
    app_settings, make_container, docker_client
):
    name = prefix()
    c = make_container(QUICK_STOP, name=name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane_table = await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)
        # The app stops hearing events (as if the stream lagged), then the container goes.
        pane = app.query_one("ContainersPane")
        pane._events.close()
        await pilot.pause(0.2)
        c.remove(force=True)
        assert pane_table.has_key(c.id)
        await pilot.press("s")
        await wait_notified(pilot, f"{name} no longer exists")
        assert "Traceback" not in screen_text(pilot)
        await wait_for(pilot, lambda: not pane_table.has_key(c.id))
