"""The hosts view (a docker CLI context listed and switched to live) and the fleet view."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.hosts.fleet import FleetScreen
from tui.screens.hosts.hosts import HostsScreen
from tui.settings import Settings
from widgets.containers_table import ContainersTable
from widgets.keyed_table import KeyedTable

pytestmark = pytest.mark.engine


async def test_cli_context_listed_and_switched_to_live(
    app_settings, make_container, engine2_host, make_engine2_container, tmp_path, monkeypatch
):
    here = make_container(name=unique_name("here"))
    there = make_engine2_container(name=unique_name("there"))
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    context = unique_name("ctx")
    subprocess.run(
        ["docker", "context", "create", context, "--description", "second engine",
         "--docker", f"host={engine2_host}"],
        env={**os.environ, "DOCKER_HOST": ""}, check=True, capture_output=True,
    )  # fmt: skip

    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one(ContainersTable).has_key(here.id))
        old_session = app.session
        await pilot.press("H")
        await wait_for(pilot, lambda: isinstance(app.screen, HostsScreen))
        table = app.screen.query_one(KeyedTable)
        key = f"context:{context}"
        await wait_for(pilot, lambda: table.has_key(key))
        text = await wait_for_text(pilot, "second engine")
        assert context in text
        await wait_for(pilot, lambda: "up  Docker Engine" in screen_text(pilot), timeout=15)
        for _ in range(table.row_count):
            if table.current_key == key:
                break
            await pilot.press("down")
        assert table.current_key == key
        await pilot.press("enter")

        # the whole dashboard now shows the other engine: its container, not the first one's
        await wait_for(pilot, lambda: app.session is not None and app.session is not old_session)
        await wait_for(pilot, lambda: app.query_one(ContainersTable).has_key(there.id), timeout=15)
        assert context in screen_text(pilot)  # the status bar names the context
        assert not app.query_one(ContainersTable).has_key(here.id)
        # streams of the new engine are live: a new container there shows up
        later = make_engine2_container(name=unique_name("later"))
        await wait_for(pilot, lambda: app.query_one(ContainersTable).has_key(later.id), timeout=10)


async def test_fleet_shows_two_engines_and_acts_through_each(
    engine_host, make_container, engine2_host, make_engine2_container, engine2_client
):
    here = make_container(name=unique_name("fl-here"))
    # a main process that ends on SIGTERM: the stop takes no 10 s grace period
    there = make_engine2_container(
        "sh -c 'trap \"exit 0\" TERM; sleep 3600 & wait'", name=unique_name("fl-there")
    )
    app = DockpitApp(Settings(host=engine_host, fleet_hosts=[engine2_host]))
    async with app.run_test(size=(180, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one(ContainersTable).has_key(here.id))
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FleetScreen))
        table = app.screen.query_one(KeyedTable)
        await wait_for(
            pilot, lambda: table.has_key(f"0/{here.id}") and table.has_key(f"1/{there.id}")
        )
        text = screen_text(pilot)
        assert engine_host in text and engine2_host in text  # the engine column
        # stop the second engine's container from the fleet: it stops on ITS engine
        key = f"1/{there.id}"
        for _ in range(table.row_count):
            if table.current_key == key:
                break
            await pilot.press("down")
        assert table.current_key == key
        await pilot.press("s")

        def stopped() -> bool:
            there.reload()
            return there.status == "exited"

        await wait_for(pilot, stopped, timeout=20)
        await wait_for(pilot, lambda: "exited" in screen_text(pilot), timeout=10)
        here.reload()
        assert here.status == "running"
