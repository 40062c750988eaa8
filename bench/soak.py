"""Soak: dockpit for N minutes with 100 containers churning, a busy followed log, live stats.

    .venv/bin/python -m bench.soak [--minutes 30] [--json FILE]

Every second one container is created and one removed (the fleet stays at ~100 running);
one container prints a busy log. dockpit runs in a real terminal (tmux) and alternates
every 30 s between the containers list (live stats) and the busy container's logs (`l`).
RSS, threads, open file descriptors and sockets of dockpit are sampled every minute; the
figures must be flat. Prints a table and, with --json, writes the samples.
"""

from __future__ import annotations

import argparse
import json
import threading
import time

import docker

from bench.common import (
    BENCH_LABEL,
    Fleet,
    Terminal,
    cpu_seconds,
    process_counts,
    rss_mb,
    sandbox_engine,
)
from bench.run import DOCKPIT, LOG_COMMAND


def churn(client: docker.DockerClient, run_id: str, stop: threading.Event) -> None:
    """Create one container and remove the oldest churned one, every second."""
    made: list[str] = []
    i = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            c = client.containers.run(
                "busybox:latest", "sleep 100000", detach=True, name=f"churn-{run_id}-{i:05d}",
                labels={BENCH_LABEL: run_id}, stop_signal="KILL",
            )  # fmt: skip
            made.append(c.id)
            i += 1
            if len(made) > 10:
                client.api.remove_container(made.pop(0), force=True)
        except docker.errors.APIError:
            pass
        stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.soak", description=__doc__)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)

    with sandbox_engine() as (host, _):
        client = docker.DockerClient(base_url=host, version="auto", timeout=120)
        fleet = Fleet(client)
        stop = threading.Event()
        samples = []
        try:
            fleet.make(1, command=LOG_COMMAND, prefix="aaa-busylog")
            fleet.make(90, prefix="soak")
            churner = threading.Thread(target=churn, args=(client, fleet.run_id, stop), daemon=True)
            churner.start()
            term = Terminal(DOCKPIT, {"DOCKER_HOST": host, "TERM": "xterm-256color"})
            try:
                term.wait_for(lambda s: "soak-" in s or "aaa-busylog" in s, timeout=60)
                time.sleep(2)
                # The busy-log container sorts first by name: put the cursor on it.
                term.send("Home")
                t0 = time.monotonic()
                last_switch, in_logs = t0, False
                next_sample = t0
                while time.monotonic() - t0 < args.minutes * 60:
                    now = time.monotonic()
                    if now - last_switch >= 30:
                        term.send("escape" if in_logs else "l")
                        in_logs, last_switch = not in_logs, now
                    if now >= next_sample:
                        pids = term.program_pids()
                        main_pid = max(pids, key=lambda p: rss_mb([p])) if pids else 0
                        sample = {
                            "minute": round((now - t0) / 60, 2),
                            "rss_mb": round(rss_mb(pids), 1),
                            "cpu_s": round(cpu_seconds(pids), 1),
                            **process_counts(main_pid),
                        }
                        samples.append(sample)
                        print(sample, flush=True)
                        next_sample += 60
                    time.sleep(0.5)
            finally:
                term.close()
        finally:
            stop.set()
            fleet.clean()
    if samples:
        first, last = samples[min(1, len(samples) - 1)], samples[-1]
        print(f"\nSoak {args.minutes:g} min: RSS {first['rss_mb']} -> {last['rss_mb']} MB, "
              f"threads {first['threads']} -> {last['threads']}, fds {first['fds']} -> {last['fds']}, "
              f"sockets {first['sockets']} -> {last['sockets']} (from minute {first['minute']})")  # fmt: skip
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(samples, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
