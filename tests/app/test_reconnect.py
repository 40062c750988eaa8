"""The engine goes away mid-session and comes back: banner, greyed state, live again."""

from __future__ import annotations

import asyncio
import re

import docker
import pytest

from tests.conftest import BUSYBOX, LABELS, unique_name
from tests.helpers import screen_text, wait_for
from tui.app import DockpitApp
from tui.screens.logs.logs_screen import LogsScreen
from tui.settings import Settings
from widgets.containers_table import ContainersTable

pytestmark = [pytest.mark.engine, pytest.mark.timeout(300)]

#: Each start of the ticker prints its own token: a new token proves a new, live stream.
TICKER = 'b=$(date +%s); while true; do echo "boot-$b"; sleep 0.3; done'


def boots(text: str) -> set[str]:
    return set(re.findall(r"boot-\d+", text))


async def test_engine_restart_shows_banner_then_resumes_without_a_key(own_engine):
    client = docker.DockerClient(base_url=own_engine.host, version="auto", timeout=30)
    try:
        plain = client.containers.run(
            BUSYBOX, "sleep 3600", name=unique_name("rc"), labels=LABELS, detach=True
        )
        ticker = client.containers.run(
            BUSYBOX, ["sh", "-c", TICKER], name=unique_name("rc-tick"), labels=LABELS,
            detach=True, restart_policy={"Name": "always"},
        )  # fmt: skip
    finally:
        client.close()
    app = DockpitApp(Settings(host=own_engine.host))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one(ContainersTable).has_key(ticker.id), timeout=15)
        table = app.query_one(ContainersTable)
        await wait_for(pilot, lambda: table.has_key(plain.id))

        # follow the ticker's log
        for _ in range(table.row_count):
            if table.current_key == ticker.id:
                break
            await pilot.press("down")
        assert table.current_key == ticker.id
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LogsScreen))
        await wait_for(pilot, lambda: boots(screen_text(pilot)), timeout=15)
        before = boots(screen_text(pilot))

        await asyncio.to_thread(own_engine.stop)
        await wait_for(pilot, lambda: app.engine_lost, timeout=20)
        notices = [n.message for n in app._notifications]  # said on whatever screen is shown
        assert any("Disconnected, retrying" in n for n in notices), notices
        assert app.main_screen.has_class("-engine-lost")
        assert table.has_key(plain.id)  # the last known rows stay (greyed)

        await asyncio.to_thread(own_engine.start)
        # no key pressed: the followed log goes on with the restarted container's new output
        await wait_for(pilot, lambda: boots(screen_text(pilot)) - before, timeout=40)
        assert "Traceback" not in screen_text(pilot)

        # and the list behind it was read again: the plain container did not survive the restart
        assert not app.main_screen.has_class("-engine-lost")
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        await wait_for(pilot, lambda: "Disconnected" not in screen_text(pilot), timeout=10)
        await wait_for(pilot, lambda: "exited" in screen_text(pilot), timeout=15)
        assert table.has_key(plain.id) and table.has_key(ticker.id)
