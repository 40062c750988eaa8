"""Find what grows in dockpit's memory (a debug run, not a benchmark of record).

    DOCKPIT_SANDBOX=/tmp/dp-x .venv/bin/python -m bench.memhunt logs --opens 24 --every 6
    DOCKPIT_SANDBOX=/tmp/dp-x .venv/bin/python -m bench.memhunt churn --minutes 6

Runs dockpit under bench/memtrace.py (tracemalloc on) in a 160x45 tmux terminal against a
fleet of 90 idle containers and one busy log. ``logs``: opens and closes the busy container's
logs screen N times (10 s each), asking for a dump every ``--every`` opens. ``churn``: stays
on the containers list (live stats) while one container is created and one removed every
second, a dump every minute. Dumps land in --out (see bench/memtrace.py); a line per dump is
printed with RSS and the load average. ``--no-trace`` runs plain dockpit (RSS only).
"""

from __future__ import annotations

import argparse
import os
import signal
import threading
import time

import docker

from bench.common import ROOT, Fleet, Terminal, rss_mb, sandbox_engine
from bench.run import DOCKPIT, LOG_COMMAND, PYTHON
from bench.soak import churn


def _pid(out: str, term: Terminal, traced: bool) -> int:
    if traced:
        with open(os.path.join(out, "pid")) as fh:
            return int(fh.read())
    pids = term.program_pids()
    return max(pids, key=lambda p: rss_mb([p]))


def _dump(out: str, pid: int, traced: bool, label: str) -> None:
    if traced:
        before = set(os.listdir(out))
        os.kill(pid, signal.SIGUSR1)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and set(os.listdir(out)) == before:
            time.sleep(0.5)
        time.sleep(1)
        new = sorted(set(os.listdir(out)) - before)
        head = ""
        if new:
            with open(os.path.join(out, new[0])) as fh:
                head = " | ".join(fh.read().splitlines()[1:4])
        print(f"{label}: {new} {head}", flush=True)
    else:
        print(f"{label}: RSS {rss_mb([pid]):.1f} MB load {os.getloadavg()}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.memhunt", description=__doc__)
    parser.add_argument("mode", choices=["logs", "churn", "both"])
    parser.add_argument("--opens", type=int, default=24)
    parser.add_argument("--every", type=int, default=6)
    parser.add_argument("--minutes", type=float, default=6)
    parser.add_argument("--containers", type=int, default=90)
    parser.add_argument("--out", default="/tmp/dockpit-memhunt")
    parser.add_argument("--no-trace", action="store_true", help="dumps without tracemalloc")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for dockpit")
    args = parser.parse_args(argv)
    traced = True
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        os.unlink(os.path.join(args.out, name))

    with sandbox_engine() as (host, _):
        client = docker.DockerClient(base_url=host, version="auto", timeout=120)
        fleet = Fleet(client)
        stop = threading.Event()
        try:
            fleet.make(1, command=LOG_COMMAND, prefix="aaa-busylog")
            fleet.make(args.containers, prefix="soak")
            env = {"DOCKER_HOST": host, "TERM": "xterm-256color", "PYTHONPATH": ROOT,
                   "DOCKPIT_MEMTRACE_DIR": args.out,
                   "DOCKPIT_MEMTRACE_REFS": os.environ.get("DOCKPIT_MEMTRACE_REFS", ""),
                   "DOCKPIT_MEMTRACE_TRACE": "0" if args.no_trace else "1"}  # fmt: skip
            env.update(item.split("=", 1) for item in args.env)
            command = f"{PYTHON} -m bench.memtrace" if traced else DOCKPIT
            term = Terminal(f"sh -c 'cd {ROOT} && exec {command}'", env)
            try:
                term.wait_for(lambda s: "soak-" in s or "aaa-busylog" in s, timeout=120)
                time.sleep(5)
                term.send("Home")
                pid = _pid(args.out, term, traced)
                if args.mode in ("logs", "both"):
                    for _ in range(2):  # warm-up: first-use imports and caches
                        term.send("l")
                        time.sleep(10)
                        term.send("escape")
                        time.sleep(3)
                _dump(args.out, pid, traced, "start (tracing starts)")
                _dump(args.out, pid, traced, "baseline")
                if args.mode in ("logs", "both"):
                    for i in range(1, args.opens + 1):
                        term.send("l")
                        time.sleep(10)
                        term.send("escape")
                        time.sleep(3)
                        term.wait_for(lambda s: "Logs aaa-busylog" not in s, timeout=60)
                        if i % args.every == 0:
                            _dump(args.out, pid, traced, f"after {i} log opens")
                if args.mode in ("churn", "both"):
                    churner = threading.Thread(
                        target=churn, args=(client, fleet.run_id, stop), daemon=True
                    )
                    churner.start()
                    t0 = time.monotonic()
                    minute = 0
                    while time.monotonic() - t0 < args.minutes * 60:
                        time.sleep(1)
                        if time.monotonic() - t0 >= (minute + 1) * 60:
                            minute += 1
                            _dump(args.out, pid, traced, f"churn minute {minute}")
                    stop.set()
                    churner.join()
            finally:
                term.close()
        finally:
            stop.set()
            fleet.clean()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
