"""Event latency of the containers pane, headless, on a running engine: figures, not pass/fail.

    DOCKER_HOST=unix:///tmp/dp-x/docker.sock .venv/bin/python -m bench.containers_events [-n 20]

Creates, starts, stops and removes containers from outside the app (docker-py, as a shell
would) and measures, from each call's return, the time until the table shows it.
Every container carries the label dockpit.bench=containers-events and is removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

import docker

from tui.app import DockpitApp
from tui.settings import Settings
from widgets.containers_table import ContainersTable

LABELS = {"dockpit.bench": "containers-events"}
QUICK_STOP = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait; done"]


async def until(pilot, condition, timeout: float = 10.0) -> float:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            return float("nan")
        await pilot.pause(0.002)
    return time.monotonic() - start


def summary(name: str, values: list[float]) -> None:
    ok = sorted(v for v in values if v == v)
    if not ok:
        print(f"{name}: no sample")
        return
    p95 = ok[min(len(ok) - 1, int(0.95 * len(ok)))]
    print(
        f"{name}: n={len(values)} median {1000 * statistics.median(ok):.0f} ms, "
        f"p95 {1000 * p95:.0f} ms, missed {len(values) - len(ok)}"
    )


async def run(host: str, n: int) -> None:
    client = docker.DockerClient(base_url=host, version="auto")
    app = DockpitApp(Settings(host=host))
    appear: list[float] = []
    started: list[float] = []
    stop: list[float] = []
    gone: list[float] = []
    made = []
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await until(pilot, lambda: bool(app.query(ContainersTable)))
            table = app.query_one(ContainersTable)

            def state(container_id: str) -> str:
                row = table.known.get(container_id)
                return row.container.state if row else ""

            await pilot.pause(1.0)
            for i in range(n):
                c = client.containers.create(
                    "busybox:latest", QUICK_STOP, labels=LABELS, name=f"bench-ev-{os.getpid()}-{i}"
                )
                made.append(c)
                appear.append(await until(pilot, lambda c=c: table.has_key(c.id)))
                c.start()
                started.append(await until(pilot, lambda c=c: state(c.id) == "running"))
                c.stop(timeout=1)
                stop.append(await until(pilot, lambda c=c: state(c.id) == "exited"))
                c.remove(force=True)
                gone.append(await until(pilot, lambda c=c: not table.has_key(c.id)))
    finally:
        for c in made:
            try:
                c.remove(force=True)
            except docker.errors.APIError:
                pass
        client.close()
    summary("create returned -> row shown", appear)
    summary("start returned -> row says running", started)
    summary("stop returned -> row says exited", stop)
    summary("remove returned -> row gone", gone)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    asyncio.run(run(host, parser.parse_args().n))


if __name__ == "__main__":
    main()
