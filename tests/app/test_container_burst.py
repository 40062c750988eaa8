"""Issue 26: a burst of creations and removals (8 parallel clients, on an engine of the
test's own) ends with the list equal to the engine's, names compared, within seconds; keys
typed during the burst are answered at once."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time

import docker

from tests.helpers import burst, load_factor, wait_for
from tui.app import DockpitApp
from tui.settings import Settings
from widgets.containers_table import ContainersTable

RUNNING = 40
CREATED = 240
REMOVED = 80
CLIENTS = 8
SIZES = (CREATED, REMOVED, CLIENTS)

#: 8 parallel clients create CREATED containers, then each removes its share of REMOVED.
BURST_CLIENTS = """
import sys
from concurrent.futures import ThreadPoolExecutor
import docker
host, created, removed, clients = sys.argv[1], *map(int, sys.argv[2:5])
def one_client(worker):
    mine = []
    with docker.APIClient(base_url=host, timeout=120) as api:
        for n in range(created // clients):
            mine.append(api.create_container("busybox:latest", "true", name=f"b{worker}-{n:03}"))
        for made in mine[: removed // clients]:
            api.remove_container(made["Id"])
with ThreadPoolExecutor(clients) as pool:
    list(pool.map(one_client, range(clients)))
"""


def engine_names(client: docker.DockerClient) -> set[str]:
    return {c["Names"][0].lstrip("/") for c in client.api.containers(all=True)}


def table_names(table: ContainersTable) -> set[str]:
    return {row.container.name for row in table.known.values()}


async def test_a_burst_converges_and_keys_are_answered_during_it(own_engine):
    client = docker.DockerClient(base_url=own_engine.host, timeout=120)
    for n in range(RUNNING):
        made = client.api.create_container("busybox:latest", "sleep 3600", name=f"run-{n:03}")
        client.api.start(made["Id"])
    app = DockpitApp(Settings(host=own_engine.host, layout_mode="list"))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#containers-table", ContainersTable))
        table = app.query_one("#containers-table", ContainersTable)
        await wait_for(pilot, lambda: len(table.known) == RUNNING, timeout=30)

        done = threading.Event()

        def run_burst() -> None:
            # the clients are programs of their own, as on a real host (in this process their
            # threads would take the interpreter from the app under test)
            try:
                subprocess.run(
                    [sys.executable, "-c", BURST_CLIENTS, own_engine.host, *map(str, SIZES)],
                    check=True,
                    timeout=300,
                )
            finally:
                done.set()

        async def key_wait() -> float:
            sort = table.options.sort
            start = time.monotonic()
            burst(app, "o")
            # polled with asyncio.sleep: pilot.pause waits for every widget on screen to
            # empty its queue and then renders the screen, which a key does not wait for
            deadline = start + 10 * load_factor()
            while table.options.sort == sort and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            return time.monotonic() - start

        idle = [await key_wait() for _ in range(5)]
        threading.Thread(target=run_burst, daemon=True).start()
        waits = []
        while not done.is_set():  # keys during the burst
            waits.append(await key_wait())
            await pilot.pause(0.2)
        ended = time.monotonic()
        expected = engine_names(client)
        assert len(expected) == RUNNING + CREATED - REMOVED
        await wait_for(pilot, lambda: table_names(table) == expected, timeout=5)
        converged = time.monotonic() - ended
        assert len(table.known) == len(expected)
        assert waits, "the burst ended before a key could be typed"
        assert max(waits) < 1.0 * load_factor(), waits
        print(
            f"converged {converged:.2f} s after the burst; keys (ms)",
            [round(w * 1000) for w in waits],
            "idle",
            [round(w * 1000) for w in idle],
            load_factor(),
        )


async def test_sort_by_cpu_puts_the_busiest_on_top_from_off_screen(own_engine, monkeypatch):
    """Sorted by CPU (busiest first), a busy loop whose row starts far below the screen rises
    to the top: every running container is sampled, not only the rows on screen."""
    from dataclasses import replace

    from tui.screens.stats import containers_stats

    monkeypatch.setattr(containers_stats, "ALL_EVERY", 1.0)
    client = docker.DockerClient(base_url=own_engine.host, timeout=120)
    for n in range(30):
        made = client.api.create_container("busybox:latest", "sleep 3600", name=f"idle-{n:02}")
        client.api.start(made["Id"])
    busy = client.api.create_container(
        "busybox:latest", "sh -c 'while :; do :; done'", name="zz-busy"
    )
    client.api.start(busy["Id"])
    app = DockpitApp(Settings(host=own_engine.host, layout_mode="list"))
    async with app.run_test(size=(160, 20)) as pilot:
        await wait_for(pilot, lambda: app.query_one("#containers-table", ContainersTable))
        table = app.query_one("#containers-table", ContainersTable)
        await wait_for(pilot, lambda: len(table.known) == 31, timeout=30)
        assert table.get_row_index(busy["Id"]) > table.scrollable_content_region.height
        table.set_options(replace(table.options, sort="cpu", reverse=True))
        await wait_for(pilot, lambda: table.ordered_rows[0].key.value == busy["Id"], timeout=20)
        assert table.known[busy["Id"]].cpu != "-"
