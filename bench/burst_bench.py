"""The burst stage (issue 26): thousands of containers changing at once.

1,000 running containers; dockpit on a 160x45 terminal, sorted by CPU. Then 8 parallel
clients create 2,000 containers (3,000 in all), and later remove those 2,000. For each
burst: key latency during it (``O`` reverses the sort; the status line's arrow shows the
key was handled), the seconds from the burst's end until dockpit's list holds exactly as
many containers as ``docker ps -a`` (its status line, "N of M containers"), and dockpit's
CPU second by second afterwards. Between the bursts: dockpit's idle CPU at 3,000 containers.
First paint at 1,000 containers is measured before, beside the import floor.
"""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import docker

from bench.common import BENCH_LABEL, Fleet, Terminal, cpu_seconds, median, percentile, timed

if TYPE_CHECKING:
    from bench.run import Bench

CLIENTS = 8
STATUS = re.compile(r"(\d+) of (\d+) containers\s+sort: (\w+) ([▲▼])")


def status(term: Terminal) -> tuple[int, int, str, str] | None:
    match = STATUS.search(term.capture())
    if match is None:
        return None
    return int(match[1]), int(match[2]), match[3], match[4]


def engine_count(client: docker.DockerClient) -> int:
    return len(client.api.containers(all=True))


def in_parallel(host: str, job: Any, items: list[Any]) -> None:
    """``job(api, item)`` for every item, spread over CLIENTS clients of their own."""
    chunks = [items[i::CLIENTS] for i in range(CLIENTS)]

    def one(chunk: list[Any]) -> None:
        with docker.APIClient(base_url=host, timeout=300) as api:
            for item in chunk:
                try:
                    job(api, item)
                except docker.errors.APIError:
                    pass

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, chunks))


def keys_during(term: Terminal, done: threading.Event) -> list[float]:
    """Press ``O`` (reverse sort) again and again while the burst runs: seconds to the arrow."""
    waits = []
    while not done.is_set():
        before = status(term)
        if before is None:
            time.sleep(0.1)
            continue
        wanted = "▲" if before[3] == "▼" else "▼"
        term.send("O")
        start = time.monotonic()
        seen = term.wait_for(
            lambda _s, wanted=wanted: (now := status(term)) is not None and now[3] == wanted,
            timeout=10,
            interval=0.01,
        )
        waits.append(time.monotonic() - start if seen is not None else float("nan"))
        time.sleep(0.3)
    return waits


def cpu_after(term: Terminal, seconds: int) -> list[float]:
    """dockpit's CPU % in each of the next ``seconds`` seconds."""
    pids = term.program_pids()
    out = []
    before, t0 = cpu_seconds(pids), time.monotonic()
    for _ in range(seconds):
        time.sleep(1)
        now, t1 = cpu_seconds(pids), time.monotonic()
        out.append(100 * (now - before) / (t1 - t0))
        before, t0 = now, t1
    return out


def one_burst(bench: Bench, term: Terminal, job: Any, items: list[Any]) -> dict[str, Any]:
    done = threading.Event()
    waits: list[float] = []
    keys = threading.Thread(target=lambda: waits.extend(keys_during(term, done)), daemon=True)
    keys.start()
    start = time.monotonic()
    try:
        in_parallel(bench.host, job, items)
    finally:
        done.set()
    ended = time.monotonic()
    keys.join(15)
    expected = engine_count(bench.client)
    seen = term.wait_for(
        lambda _s: (now := status(term)) is not None and now[1] == expected,
        timeout=60,
        interval=0.05,
    )
    converged = time.monotonic() - ended if seen is not None else float("nan")
    cpu = cpu_after(term, 15)
    ok = [w for w in waits if w == w]
    settled = next((i for i in range(len(cpu)) if all(c < 5 for c in cpu[i:])), None)
    shown = status(term)
    return {
        "changes": len(items),
        "seconds": ended - start,
        "engine_containers": expected,
        "dockpit_containers": shown[1] if shown else None,
        "converged_s": converged,
        "keys": len(waits),
        "key_p50_ms": 1000 * percentile(ok, 50),
        "key_p95_ms": 1000 * percentile(ok, 95),
        "key_max_ms": 1000 * max(ok) if ok else float("nan"),
        "keys_missed": len(waits) - len(ok),
        "cpu_after_pct": [round(c, 1) for c in cpu],
        "cpu_under_5pct_after_s": settled,
    }


def stage_burst(bench: Bench) -> None:
    running = 200 if bench.quick else 1000
    burst = 400 if bench.quick else 2000
    fleet = Fleet(bench.client)
    results: dict[str, Any] = {"running": running, "burst": burst}
    term: Terminal | None = None
    try:
        bench.log(f"burst: starting {running} containers")
        fleet.make(running, prefix="burst")
        # first paint at this size, beside the import floor
        floor_argv = [bench.python, "-c", "import textual, docker"]
        paints, floors = [], []
        for _ in range(3):
            floors.append(timed(floor_argv, {}, repeat=1))
            paint = bench.first_paint(f"burst-{fleet.run_id}-")
            if paint is not None:
                paints.append(paint)
        results["first_paint_s"] = median(paints)
        results["import_floor_s"] = median(floors)
        results["first_paint_above_floor_s"] = median(paints) - median(floors)
        bench.log(f"burst: first paint {results['first_paint_s']:.3f} s at {running}")

        term = Terminal(bench.dockpit, bench.env)
        term.wait_for(lambda _s: (now := status(term)) is not None and now[1] >= running, 120)
        time.sleep(2)
        for _ in range(6):  # sort: name -> ... -> cpu
            term.send("o")
            time.sleep(0.3)
        term.wait_for(lambda _s: (now := status(term)) is not None and now[2] == "cpu", 10)
        time.sleep(3)

        names = [f"burstnew-{fleet.run_id}-{n:05d}" for n in range(burst)]

        def create(api: docker.APIClient, name: str) -> None:
            api.create_container("busybox:latest", "true", name=name,
                                 labels={BENCH_LABEL: fleet.run_id},
                                 host_config=api.create_host_config(network_mode="none"))  # fmt: skip

        bench.log(f"burst: {CLIENTS} clients create {burst}")
        results["create"] = one_burst(bench, term, create, names)
        bench.log(f"burst: create {results['create']}")

        idle_pids = term.program_pids()
        own0, t0 = cpu_seconds(idle_pids), time.monotonic()
        time.sleep(20)
        results["idle_cpu_pct_at_total"] = (
            100 * (cpu_seconds(idle_pids) - own0) / (time.monotonic() - t0)
        )
        results["total"] = running + burst
        bench.log(f"burst: idle CPU at {running + burst}: {results['idle_cpu_pct_at_total']:.1f}%")

        def remove(api: docker.APIClient, name: str) -> None:
            api.remove_container(name, force=True)

        bench.log(f"burst: {CLIENTS} clients remove {burst}")
        results["remove"] = one_burst(bench, term, remove, names)
        bench.log(f"burst: remove {results['remove']}")
    finally:
        if term is not None:
            term.close()
        fleet.clean()
    bench.results["burst"] = results


def print_burst(results: dict[str, Any], f: Any) -> None:
    b = results["burst"]
    print(f"\nBursts: {b['running']} running, then {b['burst']} created and removed by "
          f"{CLIENTS} clients (sorted by CPU)")  # fmt: skip
    print(f"  first paint at {b['running']}: {f(b['first_paint_s'], '{:.3f}')} s "
          f"({f(b['first_paint_above_floor_s'], '{:+.3f}')} s above the import floor)")  # fmt: skip
    for what in ("create", "remove"):
        r = b.get(what)
        if not r:
            continue
        print(f"  {what} {r['changes']} in {f(r['seconds'])} s: list = docker ps -a "
              f"({r['engine_containers']}) {f(r['converged_s'], '{:.2f}')} s after; keys p50 "
              f"{f(r['key_p50_ms'], '{:.0f}')} ms p95 {f(r['key_p95_ms'], '{:.0f}')} ms "
              f"(n={r['keys']}, missed {r['keys_missed']}); CPU < 5% from "
              f"{r['cpu_under_5pct_after_s']} s after")  # fmt: skip
    if "idle_cpu_pct_at_total" in b:
        print(f"  idle CPU at {b['total']} containers: {f(b['idle_cpu_pct_at_total'])}%")
