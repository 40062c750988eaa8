"""The sampler's fast path: a local container's counters read straight from its cgroup files.

When the engine runs on this host and its cgroup files are readable (as ctop's runc
connector and dtop do), a sample costs a few small file reads and nothing at all in the
engine. The arithmetic is the daemon's own (moby daemon/stats, runc libcontainer): host CPU
from the first line of /proc/stat, memory limit capped at the machine's memory, block I/O
from the first blkio file runc would use, network from the container's /proc/<pid>/net/dev
(every interface but loopback). Anything unreadable raises OSError: the caller falls back
to the API for that container.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from tui.engine.stats.stats_math import MEM_STAT_KEYS, StatsReading, cpu_limit_cores, parse_cpuset

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC = Path("/proc")
NANOS = 1_000_000_000
#: The blkio files runc tries, in its order (bfq, cfq, throttle recursive, throttle).
BLKIO_FILES = (
    "blkio.bfq.io_service_bytes_recursive",
    "blkio.io_service_bytes_recursive",
    "blkio.throttle.io_service_bytes_recursive",
    "blkio.throttle.io_service_bytes",
)
V1_CONTROLLERS = ("cpuacct", "memory", "blkio", "pids", "cpu")
UNLIMITED = 2**62  # v1 limit files hold about 2**63 when no limit is set


def _read(path: Path) -> str:
    with open(path, "rb") as handle:
        return handle.read().decode("ascii", "replace")


def _int(path: Path) -> int:
    text = _read(path).strip()
    return UNLIMITED * 2 if text == "max" else int(text)


def _key_values(text: str) -> dict[str, int]:
    values: dict[str, int] = {}
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if value.strip().isdigit():
            values[key] = int(value)
    return values


@dataclass
class ContainerCgroup:
    """Where one container's cgroup files are (v1: one folder per controller)."""

    container_id: str
    v2: bool
    dirs: dict[str, Path]  # controller -> folder ("unified" for v2)
    cpu_limit: float | None = None
    pid: int | None = None
    blkio_file: str = ""

    def dir(self, controller: str) -> Path:
        return self.dirs["unified" if self.v2 else controller]


class CgroupReader:
    """Reads containers' counters from cgroup v1 (cgroupfs or systemd layout) or v2 files."""

    def __init__(self, root: Path = CGROUP_ROOT, proc: Path = PROC) -> None:
        self.root = root
        self.proc = proc
        self.v2 = (root / "cgroup.controllers").exists()
        self.ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self.machine_memory = self._machine_memory()

    @classmethod
    def available(cls, root: Path = CGROUP_ROOT) -> bool:
        return (root / "cgroup.controllers").exists() or (root / "memory").is_dir()

    def _machine_memory(self) -> int:
        try:
            for line in _read(self.proc / "meminfo").splitlines():
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
        return 0

    def host_cpu(self) -> tuple[int, int]:
        """(system CPU ns, online CPUs) as the daemon computes them from /proc/stat."""
        system = online = 0
        for line in _read(self.proc / "stat").splitlines():
            if line.startswith("cpu "):
                fields = line.split()
                system = sum(int(v) for v in fields[1:8]) * NANOS // self.ticks
            elif line.startswith("cpu"):
                online += 1
            elif system:
                break
        return system, online

    def _candidates(self, container_id: str, controller: str) -> list[Path]:
        base = self.root if self.v2 else self.root / controller
        return [
            base / "docker" / container_id,
            base / "system.slice" / f"docker-{container_id}.scope",
        ]

    def locate(self, container_id: str) -> ContainerCgroup | None:
        """The container's cgroup folders, or None when they are not on this host."""
        controllers = ("unified",) if self.v2 else V1_CONTROLLERS
        dirs: dict[str, Path] = {}
        for controller in controllers:
            found = next(
                (p for p in self._candidates(container_id, controller) if p.is_dir()), None
            )
            if found is None:
                return None
            dirs[controller] = found
        cgroup = ContainerCgroup(container_id, self.v2, dirs)
        try:
            cgroup.cpu_limit = self._cpu_limit(cgroup)
        except (OSError, ValueError):
            cgroup.cpu_limit = None
        return cgroup

    def _cpu_limit(self, cgroup: ContainerCgroup) -> float | None:
        folder = cgroup.dir("cpu")
        if cgroup.v2:
            quota_text, _, period_text = _read(folder / "cpu.max").partition(" ")
            quota = 0 if quota_text.strip() == "max" else int(quota_text)
            period = int(period_text or 100_000)
            cpusets = [folder / "cpuset.cpus.effective"]
        else:
            quota = _int(folder / "cpu.cfs_quota_us")
            period = _int(folder / "cpu.cfs_period_us")
            cpusets = [p / "cpuset.cpus" for p in self._candidates(cgroup.container_id, "cpuset")]
        cpuset = ""
        for path in cpusets:
            try:
                text = _read(path).strip()
            except OSError:
                continue
            if text and len(parse_cpuset(text)) < (os.cpu_count() or 1):
                cpuset = text
            break
        return cpu_limit_cores(quota=max(quota, 0), period=period, cpuset=cpuset)

    def read(self, cgroup: ContainerCgroup, system_cpu: int, online_cpus: int) -> StatsReading:
        """One reading; OSError when the container is gone or a file is unreadable."""
        if cgroup.v2:
            folder = cgroup.dir("unified")
            cpu_total = _key_values(_read(folder / "cpu.stat")).get("usage_usec", 0) * 1000
            usage = _int(folder / "memory.current")
            stats = _key_values(_read(folder / "memory.stat"))
            limit = _int(folder / "memory.max")
            blk_read, blk_write = self._io_stat(folder)
            pids = _int(folder / "pids.current")
        else:
            cpu_total = _int(cgroup.dir("cpuacct") / "cpuacct.usage")
            memory = cgroup.dir("memory")
            usage = _int(memory / "memory.usage_in_bytes")
            stats = _key_values(_read(memory / "memory.stat"))
            limit = stats.get("hierarchical_memory_limit") or _int(memory / "memory.limit_in_bytes")
            blk_read, blk_write = self._blkio(cgroup)
            pids = _int(cgroup.dir("pids") / "pids.current")
        if self.machine_memory and limit > self.machine_memory:
            limit = self.machine_memory
        net_rx, net_tx = self._network(cgroup)
        return StatsReading(
            time=time.time(),
            cpu_total=cpu_total,
            system_cpu=system_cpu,
            online_cpus=online_cpus,
            mem_usage=usage,
            mem_stats={k: stats[k] for k in MEM_STAT_KEYS if k in stats},
            mem_limit=limit,
            net_rx=net_rx,
            net_tx=net_tx,
            blk_read=blk_read,
            blk_write=blk_write,
            pids=pids,
        )

    def _blkio(self, cgroup: ContainerCgroup) -> tuple[int, int]:
        """Like runc: the first blkio file that exists and lists devices (kept once found)."""
        for name in [cgroup.blkio_file] if cgroup.blkio_file else BLKIO_FILES:
            try:
                text = _read(cgroup.dir("blkio") / name)
            except FileNotFoundError:
                continue
            read = write = entries = 0
            for line in text.splitlines():
                parts = line.split()
                if len(parts) != 3:
                    continue  # the "Total N" line
                entries += 1
                if parts[1][:1] in "rR":
                    read += int(parts[2])
                elif parts[1][:1] in "wW":
                    write += int(parts[2])
            if entries:
                cgroup.blkio_file = name
                return read, write
        return 0, 0

    @staticmethod
    def _io_stat(folder: Path) -> tuple[int, int]:
        read = write = 0
        for line in _read(folder / "io.stat").splitlines():
            for item in line.split()[1:]:
                key, _, value = item.partition("=")
                if key == "rbytes":
                    read += int(value)
                elif key == "wbytes":
                    write += int(value)
        return read, write

    def _network(self, cgroup: ContainerCgroup) -> tuple[int, int]:
        for attempt in range(2):
            if cgroup.pid is None or attempt:
                procs = _read(cgroup.dir("pids") / "cgroup.procs").split()
                if not procs:
                    return 0, 0
                cgroup.pid = int(procs[0])
            try:
                text = _read(self.proc / str(cgroup.pid) / "net" / "dev")
            except OSError:
                continue
            rx = tx = 0
            for line in text.splitlines()[2:]:
                name, _, values = line.partition(":")
                if name.strip() == "lo":
                    continue
                fields = values.split()
                if len(fields) >= 9:
                    rx += int(fields[0])
                    tx += int(fields[8])
            return rx, tx
        raise FileNotFoundError(f"no process of {cgroup.container_id[:12]} to read")
