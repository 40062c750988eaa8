"""Bytes written to the terminal per second, per main view: dockpit beside lazydocker.

    .venv/bin/python -m bench.wire_bytes [--seconds 15] [--views idle,main,logs,flood]
        [--containers 30] [--size 160x45]

Needs a sandbox engine (DOCKER_HOST). Each program runs on a pseudo-terminal of the given
size (TERM=xterm-256color, COLORTERM=truecolor) and every byte it writes is counted over the
window, after it settled. Views:

- idle: the images pane, nothing changing (the target is 0 B/s);
- main: the main screen with ``--containers`` running containers each printing a line a
  second (live stats on), and lazydocker's default screen on the same fleet;
- logs: following a log that grows by one line a second (after 200 lines of history, so the
  view is full and scrolls);
- flood: following ~20,000 lines/s, in the default mode and in bandwidth mode.

Also: ``DOCKPIT_WIRE=0`` runs dockpit with Textual's own writing (``--textual`` adds those
rows, to see what the wire layer saves). Figures, not pass/fail (the pty test in
tests/app/test_wire_bytes.py is the pass/fail part).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pty
import shutil
import signal
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any

import docker

from bench.common import ROOT, Fleet

LINE_A_SECOND = (
    'sh -c \'i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo "history $i"; done; '
    'while :; do i=$((i+1)); echo "$(date +%T) GET /api/items?page=$i HTTP/1.1 200 rt=0.012"; '
    "sleep 1; done'"
)
# ~20,000 lines/s, every line different from the start (identical lines, or lines differing
# in a few digits, would leave most cells of the screen unchanged: too kind a flood).
FLOOD = (
    "awk 'BEGIN { srand(); for (;;) { for (i = 0; i < 2000; i++) "
    'print n++, rand() * 1000, "GET /api/items?page=" int(rand() * 1e6) " HTTP/1.1 200 rt=" rand(); '
    'fflush(); system("sleep 0.1") } }\''
)
KEYS = {"enter": b"\r", "slash": b"/", "escape": b"\x1b"}


def dockpit_argv(*args: str) -> list[str]:
    python = os.path.join(ROOT, ".venv", "bin", "python")
    if not os.path.exists(python):
        python = sys.executable
    return [python, "-m", "tui", *args]


def lazydocker_path() -> str | None:
    found = shutil.which("lazydocker") or os.path.join(ROOT, ".venv", "bin", "lazydocker")
    return found if os.path.exists(found) else None


class Counter:
    """A program on a pty of a fixed size; every byte it writes is counted (and kept)."""

    def __init__(self, argv: list[str], env: Mapping[str, str], cols: int, rows: int) -> None:
        import fcntl
        import struct
        import termios

        self.raw = bytearray()
        self._lock = threading.Lock()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                size = struct.pack("HHHH", rows, cols, 0, 0)
                fcntl.ioctl(0, termios.TIOCSWINSZ, size)
                os.execvpe(argv[0], argv, dict(env))
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.raw += data

    def count(self) -> int:
        with self._lock:
            return len(self.raw)

    def wait_for(self, text: bytes, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if text in self.raw:
                    return True
            time.sleep(0.1)
        return False

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode()))
            time.sleep(0.3)

    def rate(self, seconds: float) -> float:
        start, t0 = self.count(), time.monotonic()
        time.sleep(seconds)
        return (self.count() - start) / (time.monotonic() - t0)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    break
            time.sleep(0.1)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def measure(
    argv: list[str],
    env: Mapping[str, str],
    ready: bytes,
    keys: list[str],
    seconds: float,
    size: tuple[int, int],
    settle: float = 4.0,
    shown: bytes | None = None,
) -> dict[str, Any]:
    term = Counter(argv, env, *size)
    try:
        if not term.wait_for(ready, 40):
            return {"error": f"{ready!r} never shown"}
        time.sleep(1.0)
        for key in keys:
            term.press(key)
        if shown is not None and not term.wait_for(shown, 20):
            return {"error": f"{shown!r} never shown"}
        time.sleep(settle)
        return {"bytes_per_s": round(term.rate(seconds)), "seconds": seconds}
    finally:
        term.close()


def run(args: argparse.Namespace, host: str) -> dict[str, Any]:
    cols, rows = (int(v) for v in args.size.split("x"))
    size = (cols, rows)
    base = {**os.environ, "DOCKER_HOST": host, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    base.pop("SSH_CONNECTION", None)
    base.setdefault("PYTHONPATH", ROOT)
    client = docker.DockerClient(base_url=host, version="auto", timeout=120)
    views = args.views.split(",")
    variants: list[tuple[str, dict[str, str], list[str]]] = [("dockpit", {}, [])]
    if args.textual:
        variants.append(("dockpit, Textual's writing", {"DOCKPIT_WIRE": "0"}, []))
    out: dict[str, Any] = {"size": args.size, "seconds": args.seconds}
    lazy = lazydocker_path()

    def each(view: str, ready: bytes, keys: list[str], shown: bytes | None = None) -> None:
        rows_out = out.setdefault(view, {})
        for label, extra, flags in variants:
            rows_out[label] = measure(
                dockpit_argv(*flags), {**base, **extra}, ready, keys, args.seconds, size,
                shown=shown,
            )  # fmt: skip
            print(f"{view:6} {label:28} {rows_out[label]}", file=sys.stderr, flush=True)

    fleet = Fleet(client)
    try:
        if "idle" in views:
            fleet.make(3, prefix="wire-idle")
            each("idle", fleet.names[0].encode(), ["2"])
            fleet.clean()
        if "main" in views:
            fleet.make(args.containers, command=LINE_A_SECOND, prefix="wire-main")
            time.sleep(2)
            each("main", fleet.names[0].encode(), [])
            if lazy:
                out["main"]["lazydocker"] = measure(
                    [lazy], base, b"Containers", [], args.seconds, size
                )
            else:
                out["main"]["lazydocker"] = {"skipped": "lazydocker not installed"}
            print(f"main   lazydocker {out['main']['lazydocker']}", file=sys.stderr)
            fleet.clean()
        if "logs" in views:
            fleet.make(1, command=LINE_A_SECOND, prefix="wire-logs")
            name = fleet.names[0]
            each("logs", name.encode(), ["slash", name, "enter", "l"], b"GET /api")
            fleet.clean()
        if "flood" in views:
            fleet.make(1, command=FLOOD, prefix="wire-flood")
            name = fleet.names[0]
            variants.append(("dockpit --bandwidth on", {}, ["--bandwidth", "on"]))
            each("flood", name.encode(), ["slash", name, "enter", "l"], b"GET /api")
            variants.pop()
            fleet.clean()
    finally:
        fleet.clean()
    return out


def print_table(results: dict[str, Any]) -> None:
    print(f"\nBytes written to the terminal per second ({results['size']}, truecolor)")
    for view in ("idle", "main", "logs", "flood"):
        for label, row in (results.get(view) or {}).items():
            figure = row.get("bytes_per_s")
            text = f"{figure:,} B/s" if figure is not None else row.get("skipped") or row
            print(f"  {view:6} {label:30} {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.wire_bytes", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--views", default="idle,main,logs,flood")
    parser.add_argument("--containers", type=int, default=30)
    parser.add_argument("--size", default="160x45")
    parser.add_argument("--textual", action="store_true", help="also Textual's own writing")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    host = os.environ.get("DOCKER_HOST")
    if not host:
        parser.error("DOCKER_HOST must name a sandbox engine")
    results = run(args, host)
    print_table(results)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
