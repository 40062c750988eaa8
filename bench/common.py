"""Shared tools for the benchmarks: a tmux terminal, process meters, fleets, percentiles."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import shlex
import signal
import statistics
import struct
import subprocess
import termios
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import docker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_LABEL = "dockpit.bench"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# ---------------------------------------------------------------- processes


def descendants(pid: int) -> list[int]:
    """pid and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU seconds of these processes (threads included)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / CLK_TCK


def rss_mb(pids: Iterable[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e6


def process_counts(pid: int) -> dict[str, int]:
    """Threads, open file descriptors and sockets of one process."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            threads = next(int(line.split()[1]) for line in fh if line.startswith("Threads:"))
        fds = os.listdir(f"/proc/{pid}/fd")
        sockets = 0
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                    sockets += 1
            except OSError:
                pass
        return {"threads": threads, "fds": len(fds), "sockets": sockets}
    except (OSError, StopIteration):
        return {"threads": 0, "fds": 0, "sockets": 0}


def engine_pids(pidfile: str) -> list[int]:
    """dockerd, its containerd and the shims (the engine's whole cost)."""
    with open(pidfile) as fh:
        return descendants(int(fh.read().strip()))


@dataclass
class CpuMeter:
    """CPU % of a set of processes (re-read each time: shims come and go) over an interval."""

    pids: Callable[[], list[int]]

    def measure(self, seconds: float, sample: Callable[[], None] | None = None) -> float:
        start_cpu, start = cpu_seconds(self.pids()), time.monotonic()
        deadline = start + seconds
        while time.monotonic() < deadline:
            if sample is not None:
                sample()
            time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        return 100 * (cpu_seconds(self.pids()) - start_cpu) / (time.monotonic() - start)


# ---------------------------------------------------------------- terminal


TMUX = ["tmux", "-L", f"dockpit-bench-{os.getpid()}"]
_server_up = False


def tmux_server_start() -> None:
    """A private tmux server kept alive by an idle session (a server with no sessions exits,
    and a new session racing its exit fails)."""
    global _server_up
    if not _server_up:
        subprocess.run(TMUX + ["new-session", "-d", "-s", "keepalive", "sleep 100000"], check=True)
        _server_up = True


def tmux_server_stop() -> None:
    global _server_up
    if _server_up:
        subprocess.run(TMUX + ["kill-server"], capture_output=True)
        _server_up = False


class Terminal:
    """A program running in a detached tmux session of a fixed size."""

    def __init__(self, command: str, env: dict[str, str], width: int = 160, height: int = 45):
        tmux_server_start()
        self.name = f"bench-{uuid.uuid4().hex[:6]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        subprocess.run(
            TMUX + ["new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
             f"env {exports} {command}"],
            check=True,
        )  # fmt: skip
        self.started = time.monotonic()
        self._control: _ControlClient | None = None
        out = subprocess.run(
            TMUX + ["list-panes", "-t", self.name, "-F", "#{pane_pid}"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        self.pane_pid = int(out.stdout.split()[0])

    def program_pids(self) -> list[int]:
        return descendants(self.pane_pid)

    def capture(self, escapes: bool = False) -> str:
        """The screen's text (with SGR escapes if asked), through one control-mode client.

        (Spawning `tmux capture-pane` for each look cost ~3 ms of CPU a time: polling every
        few ms took most of a core from the program measured on this 2-core machine.)
        """
        if self._control is None:
            self._control = _ControlClient(self.name)
        return self._control.command(f"capture-pane -p {'-e ' if escapes else ''}-t {self.name}")

    def send(self, *keys: str) -> None:
        subprocess.run(TMUX + ["send-keys", "-t", self.name, *keys], check=True)

    def wait_for(
        self,
        predicate: Callable[[str], bool],
        timeout: float = 30.0,
        interval: float = 0.005,
        escapes: bool = False,
    ) -> float | None:
        """Seconds until predicate(screen) holds (None on timeout)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if predicate(self.capture(escapes)):
                return time.monotonic() - start
            time.sleep(interval)
        return None

    def close(self) -> None:
        if self._control is not None:
            self._control.close()
            self._control = None
        subprocess.run(TMUX + ["kill-session", "-t", self.name], capture_output=True)


class _ControlClient:
    """A tmux control-mode client (`tmux -C`): commands in, their output back, no processes
    spawned per command. Attached with the pane's output notifications off, and the
    session's size fixed so that this client does not resize it."""

    def __init__(self, session: str) -> None:
        subprocess.run(
            TMUX + ["set-option", "-t", session, "window-size", "manual"], capture_output=True
        )
        self.proc = subprocess.Popen(
            TMUX + ["-C", "attach-session", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._block()  # the answer to the attach itself
        self.command("refresh-client -f no-output")

    def command(self, line: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        return self._block()

    def _block(self) -> str:
        assert self.proc.stdout is not None
        out: list[bytes] = []
        inside = False
        while True:
            raw = self.proc.stdout.readline()
            if not raw:
                raise RuntimeError("tmux control client ended")
            if not inside:
                inside = raw.startswith(b"%begin")
                continue  # notifications between commands
            if raw.startswith((b"%end", b"%error")):
                return b"".join(out).decode("utf-8", "replace")
            out.append(raw)

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def first_frame_in_pty(
    argv: list[str],
    env: dict[str, str],
    predicate: Callable[[str], bool],
    width: int = 160,
    height: int = 45,
    timeout: float = 30.0,
) -> float | None:
    """Seconds from launch until the program has written a screen where predicate holds.

    The program runs on a pseudo-terminal of the given size; its output is read as it comes
    (select, no polling) and the predicate sees the text written so far, escapes removed.
    Unlike sampling a tmux pane, nothing else runs while the program starts, so the figure
    is the program's own on a 2-core machine. The program is stopped (SIGTERM, then SIGKILL).
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    start = time.monotonic()
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **env},
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        while time.monotonic() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return None  # the program ended without showing it
            if not chunk:
                return None
            elapsed = time.monotonic() - start
            seen += chunk
            if predicate(ESCAPES.sub("", seen.decode("utf-8", "replace"))):
                return elapsed
        return None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(3)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)


# ---------------------------------------------------------------- fleets


class Fleet:
    """Containers made for one benchmark, labelled, removed by `clean()`."""

    def __init__(self, client: docker.DockerClient, image: str = "busybox:latest"):
        self.client = client
        self.image = image
        self.run_id = uuid.uuid4().hex[:8]
        self.names: list[str] = []

    def make(
        self, count: int, command: str = "sleep 100000", start: bool = True, prefix: str = "bench"
    ) -> list[str]:
        def one(i: int) -> str:
            name = f"{prefix}-{self.run_id}-{len(self.names) + i:04d}"
            c = self.client.containers.create(
                self.image,
                command,
                name=name,
                labels={BENCH_LABEL: self.run_id},
                stop_signal="KILL",
                # the sandbox bridge is a /24: a thousand running containers need no address
                network_mode="none",
            )
            if start:
                c.start()
            return name

        with ThreadPoolExecutor(8) as pool:
            made = list(pool.map(one, range(count)))
        self.names.extend(made)
        return made

    def clean(self) -> None:
        ids = [c["Id"] for c in self.client.api.containers(
            all=True, filters={"label": f"{BENCH_LABEL}={self.run_id}"})]  # fmt: skip

        def rm(cid: str) -> None:
            try:
                self.client.api.remove_container(cid, force=True)
            except docker.errors.APIError:
                pass

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(rm, ids))
        self.names.clear()


@contextlib.contextmanager
def sandbox_engine() -> Iterator[tuple[str, str]]:
    """The benchmark's private engine ($DOCKPIT_SANDBOX, default /tmp/dockpit-bench):
    started when needed, stopped afterwards if it was started here. Yields (host, pidfile)."""
    sandbox = os.environ.setdefault("DOCKPIT_SANDBOX", "/tmp/dockpit-bench")
    engine = os.path.join(ROOT, "scripts", "engine")
    started = subprocess.run([engine, "status"], capture_output=True).returncode != 0
    if started:
        subprocess.run([engine, "start"], check=True)
    try:
        yield f"unix://{sandbox}/docker.sock", os.path.join(sandbox, "dockerd.pid")
    finally:
        tmux_server_stop()
        if started:
            subprocess.run([engine, "stop"])


def timed(argv: list[str], env: dict[str, str], repeat: int = 5) -> float:
    """Median wall time of a command."""
    times = []
    for _ in range(repeat):
        start = time.monotonic()
        subprocess.run(argv, env={**os.environ, **env}, capture_output=True)
        times.append(time.monotonic() - start)
    return median(times)
