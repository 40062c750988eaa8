"""Cost of the containers table at scale, headless (no engine): figures, not pass/fail.

    .venv/bin/python -m bench.containers_table [--rows 500]

Measures, in a headless Textual app of 160x45: the first full list of N containers, one
container changing (what every engine event costs the UI thread), the uptime tick, a filter
keystroke and a sort change, each at N rows.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from dataclasses import replace
from datetime import datetime, timezone

from textual.app import App, ComposeResult

from tui.engine.containers.container_view import ViewOptions
from tui.engine.containers.filtering import parse_filter
from tui.engine.core.model import Container
from widgets.containers_table import ContainersTable


def fleet(n: int) -> list[Container]:
    now = int(datetime.now(timezone.utc).timestamp())
    out = []
    for i in range(n):
        project = f"proj{i % 20}"
        out.append(
            Container(
                id=f"{i:064x}",
                name=f"svc-{i:04d}",
                image=f"registry.local/app{i % 7}:1.{i % 5}",
                state="running" if i % 4 else "exited",
                status="Up 3 hours (healthy)" if i % 4 else "Exited (1) 2 days ago",
                created=datetime.fromtimestamp(now - 86400, tz=timezone.utc),
                labels={"com.docker.compose.project": project, "com.docker.compose.service": "w"},
            )
        )
    return out


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield ContainersTable(ViewOptions())


def ms(samples: list[float]) -> str:
    return f"median {1000 * statistics.median(samples):.2f} ms, max {1000 * max(samples):.2f} ms"


async def run(n: int) -> None:
    app = Bench()
    containers = fleet(n)
    async with app.run_test(size=(160, 45)) as pilot:
        table = app.query_one(ContainersTable)
        start = time.perf_counter()
        table.show(containers)
        await pilot.pause()
        print(
            f"first list of {n}: {1000 * (time.perf_counter() - start):.1f} ms (incl. one render)"
        )

        samples = []
        for i in range(200):
            c = containers[(i * 37) % n]
            changed = replace(c, state="exited" if c.state == "running" else "running")
            t = time.perf_counter()
            table.put(changed)
            samples.append(time.perf_counter() - t)
        await pilot.pause()
        print(f"one container changed (an event) at {n} rows: {ms(samples)}")

        samples = []
        for _ in range(20):
            t = time.perf_counter()
            table.tick_uptime()
            samples.append(time.perf_counter() - t)
        print(f"uptime tick over {n} rows: {ms(samples)}")

        samples = []
        for text in ["s", "sv", "svc", "svc-", "svc-0", "svc-00", "", "proj1", ""]:
            t = time.perf_counter()
            table.set_options(replace(table.options, filter=parse_filter(text)))
            samples.append(time.perf_counter() - t)
        print(f"filter keystroke at {n} rows: {ms(samples)}")

        samples = []
        for column in ["image", "state", "uptime", "compose", "name"]:
            t = time.perf_counter()
            table.set_options(replace(table.options, sort=column))
            samples.append(time.perf_counter() - t)
        print(f"sort change at {n} rows: {ms(samples)}")

        # A stats batch: CPU/mem of the ~40 running rows on screen, as the stats feed sends it.
        on_screen = [c.id for c in containers if c.state == "running"][:40]
        samples, cpu0, wall0 = [], time.process_time(), time.perf_counter()
        for i in range(30):
            batch = {
                cid: (f"{(i * 7 + k) % 100:6.2f}%", f"{(i + k) % 500} MiB {k % 50:4.1f}%")
                for k, cid in enumerate(on_screen)
            }
            t = time.perf_counter()
            table.set_stats_many(batch)
            samples.append(time.perf_counter() - t)
            await pilot.pause()
        busy = time.process_time() - cpu0
        print(
            f"stats batch of {len(on_screen)} rows at {n} rows: {ms(samples)};"
            f" {1000 * busy / 30:.1f} ms CPU per batch incl. render"
            f" ({time.perf_counter() - wall0:.1f} s wall)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    asyncio.run(run(parser.parse_args().rows))


if __name__ == "__main__":
    main()
