"""A fleet member (not the main engine) goes away and comes back: the fleet view shows it
retrying with backoff, keeps its last rows greyed, and resumes without a key press."""

from __future__ import annotations

import asyncio
import re

import docker
import pytest

from tests.conftest import BUSYBOX, LABELS, unique_name
from tests.helpers import screen_text, wait_for
from tui.app import DockpitApp
from tui.screens.hosts.fleet import FleetScreen
from tui.settings import Settings
from widgets.containers_table import ContainersTable
from widgets.keyed_table import KeyedTable

pytestmark = [pytest.mark.engine, pytest.mark.timeout(300)]


def tries(state: str) -> int:
    found = re.search(r"tried (once|\d+ times), next in [\d.]+ s", state)
    if found is None:
        return 0
    return 1 if found.group(1) == "once" else int(found.group(1).split()[0])


def remove_all(host: str) -> None:
    client = docker.DockerClient(base_url=host, version="auto", timeout=30)
    try:
        for container in client.containers.list(all=True):
            container.remove(force=True)
    finally:
        client.close()


def run_on(host: str, name: str) -> str:
    client = docker.DockerClient(base_url=host, version="auto", timeout=30)
    try:
        container = client.containers.run(
            BUSYBOX, "sleep 3600", name=name, labels=LABELS, detach=True
        )
        return container.id
    finally:
        client.close()


async def test_fleet_member_restart_retries_then_resumes_without_a_key(
    engine_host, make_container, own_engine
):
    here = make_container(name=unique_name("fr-here"))
    there = await asyncio.to_thread(run_on, own_engine.host, unique_name("fr-there"))
    app = DockpitApp(Settings(host=engine_host, fleet_hosts=[own_engine.host]))
    async with app.run_test(size=(200, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one(ContainersTable).has_key(here.id))
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FleetScreen))
        fleet = app.screen
        assert isinstance(fleet, FleetScreen)
        table = fleet.query_one(KeyedTable)
        await wait_for(pilot, lambda: table.has_key(f"1/{there}") and table.has_key(f"0/{here.id}"))
        member = fleet.members[1]

        await asyncio.to_thread(own_engine.stop)
        await wait_for(pilot, lambda: member.lost, timeout=30)
        # retried with backoff, said on screen; the last known rows stay (greyed)
        await wait_for(pilot, lambda: tries(member.state) >= 2, timeout=20)
        await wait_for(pilot, lambda: "disconnected, retrying (tried" in screen_text(pilot))
        assert table.has_key(f"1/{there}")
        assert fleet.members[0].state == "up"  # the other engine is not touched

        await asyncio.to_thread(own_engine.start)
        # no key pressed: listed again (the container did not survive the engine's stop) ...
        await wait_for(pilot, lambda: member.state == "up", timeout=40)
        await wait_for(pilot, lambda: member.containers[there].state == "exited", timeout=20)
        assert "disconnected" not in screen_text(pilot)
        # ... and its events are followed again: a new container there shows up
        later = await asyncio.to_thread(run_on, own_engine.host, unique_name("fr-later"))
        await wait_for(pilot, lambda: table.has_key(f"1/{later}"), timeout=20)
        assert table.has_key(f"0/{here.id}")
    # an engine with nothing running stops at once (the fixture stops it)
    await asyncio.to_thread(remove_all, own_engine.host)
