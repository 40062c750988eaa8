"""Volumes / networks / disk usage / prune at scale: how long the engine calls behind the
panes and the prune dialog take. Figures, not pass/fail.

    DOCKER_HOST=unix:///tmp/<sandbox>/docker.sock .venv/bin/python -m bench.resources [N]

Makes N volumes, N/4 networks and N/2 stopped containers (all labelled, removed at the end)
on the engine DOCKER_HOST names (use a sandbox engine), then times each call (median of 5).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

import docker

from tui.engine.resources.disk_usage import read_disk_usage
from tui.engine.resources.networks import list_networks
from tui.engine.resources.prune import PruneKind, plan_prune, run_prune
from tui.engine.resources.volumes import list_volumes

LABEL = "dockpit.bench"


def timed(fn: Callable[[], Any], runs: int = 5) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 200
    host = os.environ.get("DOCKER_HOST")
    if not host:
        print("set DOCKER_HOST to a sandbox engine", file=sys.stderr)
        return 2
    client = docker.DockerClient(base_url=host, version="auto", timeout=120)
    scope = {LABEL: uuid.uuid4().hex[:10]}
    try:
        start = time.perf_counter()
        for i in range(n):
            client.volumes.create(f"bench-v-{scope[LABEL]}-{i}", labels=scope)
        for i in range(n // 4):
            pool = docker.types.IPAMPool(subnet=f"10.{240 + i // 256}.{i % 256}.0/24")
            client.networks.create(
                f"bench-n-{scope[LABEL]}-{i}",
                labels=scope,
                check_duplicate=True,
                ipam=docker.types.IPAMConfig(pool_configs=[pool]),
            )
        for i in range(n // 2):
            client.containers.create(
                "busybox:latest", "true", name=f"bench-c-{scope[LABEL]}-{i}", labels=scope
            )
        made = time.perf_counter() - start
        print(f"made {n} volumes, {n // 4} networks, {n // 2} containers in {made:.1f} s")
        print(f"engine: {client.version()['Version']}  host: {host}  cores: {os.cpu_count()}")
        rows = [
            ("list_volumes (volumes + containers)", lambda: list_volumes(client)),
            ("read_disk_usage (/system/df)", lambda: read_disk_usage(client)),
            ("list_networks (networks + containers)", lambda: list_networks(client)),
        ]
        rows += [
            (f"plan_prune {kind.value} (scoped)", lambda kind=kind: plan_prune(client, kind, scope))
            for kind in PruneKind
        ]
        for name, fn in rows:
            ms, result = timed(fn)
            size = (
                len(result.items)
                if hasattr(result, "items") and not isinstance(result, dict)
                else (len(result) if isinstance(result, list) else "")
            )
            print(f"  {name:<44} {ms:8.1f} ms   {size}")
        for kind, what in (
            (PruneKind.EVERYTHING, "everything (scoped)"),
            (PruneKind.VOLUMES_ALL, "volumes-all (scoped, one by one)"),
        ):
            plan = plan_prune(client, kind, scope)
            start = time.perf_counter()
            result = run_prune(client, plan)
            took = time.perf_counter() - start
            print(
                f"  run_prune {what}: {len(result.removed)} of {len(plan.items)} "
                f"removed in {took:.2f} s, errors {len(result.errors)}"
            )
    finally:
        label = f"{LABEL}={scope[LABEL]}"
        for c in client.containers.list(all=True, filters={"label": label}):
            c.remove(force=True)
        for v in client.volumes.list(filters={"label": label}):
            v.remove(force=True)
        for net in client.networks.list(filters={"label": label}):
            net.remove()
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
