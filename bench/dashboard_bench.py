"""The dashboard (issue 18) under a held key, idle, and at start, with 100 running containers.

    DOCKER_HOST=unix:///... python -m bench.dashboard_bench [--containers 100]

- held key: `down` at 30 keys/s through the list; each key's latency (send -> the screen
  changed), and the engine connections the app holds (sampled during and after the hold:
  the preview's logs stream must stay one, and none may be left behind);
- idle CPU of the dashboard against the list-only layout ([layout] mode = "list");
- time to the first frame that shows the list, dashboard against list-only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import docker

from bench.common import CpuMeter, Fleet, Terminal, percentile, tmux_server_stop

PYTHON = sys.executable


def socket_inodes(pids: list[int]) -> set[str]:
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    return inodes


def engine_connections(pids: list[int], socket_path: str) -> int:
    """Connections from these processes to the engine's unix socket (server ends whose peer
    is one of their sockets)."""
    ours = socket_inodes(pids)
    out = subprocess.run(["ss", "-xn"], capture_output=True, text=True).stdout
    count = 0
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[4] == socket_path and parts[7] in ours:
            count += 1
    return count


def start(env: dict[str, str], mode: str, width: int = 160, height: int = 45) -> Terminal:
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as config:
        config.write(f'[layout]\nmode = "{mode}"\n')
    return Terminal(
        f"{PYTHON} -m tui", {**env, "DOCKPIT_CONFIG": config.name}, width=width, height=height
    )


def held_key(term: Terminal, socket_path: str, presses: int) -> dict[str, float]:
    pids = term.program_pids
    baseline = engine_connections(pids(), socket_path)
    latencies, most = [], baseline
    for _ in range(presses):
        before = term.capture(escapes=True)
        sent = time.monotonic()
        term.send("Down")
        seen = term.wait_for(lambda s, b=before: s != b, timeout=1, interval=0.002, escapes=True)
        if seen is not None:
            latencies.append(time.monotonic() - sent)
        most = max(most, engine_connections(pids(), socket_path))
        time.sleep(max(0.0, 1 / 30 - (time.monotonic() - sent)))
    time.sleep(2.0)  # released: the preview follows the last row, the old stream is gone
    after = engine_connections(pids(), socket_path)
    return {
        "presses": presses,
        "p50_ms": 1000 * percentile(latencies, 50),
        "p95_ms": 1000 * percentile(latencies, 95),
        "missed": presses - len(latencies),
        "connections_at_rest_before": baseline,
        "connections_most_during": most,
        "connections_after_release": after,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--containers", type=int, default=100)
    parser.add_argument("--idle-seconds", type=float, default=15.0)
    args = parser.parse_args()
    host = os.environ["DOCKER_HOST"]
    socket_path = host.removeprefix("unix://")
    env = {"DOCKER_HOST": host, "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    client = docker.DockerClient(base_url=host)
    fleet = Fleet(client)
    results: dict[str, object] = {}
    try:
        fleet.make(args.containers, prefix="dashb")
        first = fleet.names[0]
        for mode in ("dashboard", "list"):
            term = start(env, mode)
            try:
                shown = term.wait_for(lambda s: first in s, timeout=60, interval=0.01)
                results[f"{mode}_first_list_s"] = shown
                time.sleep(3.0)  # previews filled, stats started
                meter = CpuMeter(term.program_pids)
                results[f"{mode}_idle_cpu_pct"] = meter.measure(args.idle_seconds)
                if mode == "dashboard":
                    results["held_down"] = held_key(term, socket_path, 90)
            finally:
                term.close()
    finally:
        fleet.clean()
        tmux_server_stop()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
