"""The engine goes away mid-session and comes back: banner, greyed state, live again."""

from __future__ import annotations

import asyncio

import docker
import pytest

from tests.conftest import BUSYBOX, LABELS, unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.settings import Settings
from widgets.containers_table import ContainersTable

pytestmark = pytest.mark.engine


async def test_engine_restart_shows_banner_then_resumes_without_a_key(own_engine):
    client = docker.DockerClient(base_url=own_engine.host, version="auto", timeout=30)
    name = unique_name("rc")
    first = client.containers.run(BUSYBOX, "sleep 3600", name=name, labels=LABELS, detach=True)
    client.close()
    app = DockpitApp(Settings(host=own_engine.host))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one(ContainersTable).has_key(first.id), timeout=15)
        table = app.query_one(ContainersTable)
        await asyncio.to_thread(own_engine.stop)
        text = await wait_for_text(pilot, "Disconnected, retrying", timeout=20)
        assert table.has_key(first.id)  # the last known rows stay (greyed)
        assert app.screen.has_class("-engine-lost")
        assert "Traceback" not in text

        await asyncio.to_thread(own_engine.start)
        # no key pressed: the banner goes by itself and the greying with it
        await wait_for(pilot, lambda: "Disconnected" not in screen_text(pilot), timeout=30)
        assert not app.screen.has_class("-engine-lost")
        assert table.has_key(first.id)
