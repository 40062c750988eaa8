"""The arithmetic of live container stats, exactly as the docker CLI does it.

Formulas follow docker/cli cli/command/container/stats_helpers.go (cgroup v1 and v2):
CPU % from the cpu/precpu deltas times the online CPUs, memory without the inactive page
cache, network and block I/O summed, PIDs. On top: CPU % of the container's own CPU limit
and bytes-per-second rates. Pure functions, no I/O: both the API path and the cgroup-file
path of the sampler turn what they read into a ``StatsReading`` and meet here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tui.engine.core.model import parse_time


@dataclass(frozen=True)
class StatsReading:
    """The raw counters of one sample: only what the figures need."""

    time: float  # seconds (epoch for the API, monotonic for cgroup files): only deltas matter
    cpu_total: int  # ns of CPU the container used, ever
    system_cpu: int  # ns of CPU the host spent, ever (the daemon's /proc/stat arithmetic)
    online_cpus: int
    mem_usage: int
    mem_stats: Mapping[str, int]  # only total_inactive_file / inactive_file are kept
    mem_limit: int
    net_rx: int
    net_tx: int
    blk_read: int
    blk_write: int
    pids: int


@dataclass(frozen=True)
class StatsFigures:
    """What a user reads: the figures of one container at one moment."""

    time: float
    cpu_percent: float  # docker's: 100 % is one core
    cpu_limit_percent: float | None  # % of the container's own CPU limit, None when unlimited
    mem_used: float
    mem_limit: float
    mem_percent: float
    net_rx: float
    net_tx: float
    blk_read: float
    blk_write: float
    pids: int
    net_rx_rate: float = 0.0  # bytes/s since the previous sample
    net_tx_rate: float = 0.0
    blk_read_rate: float = 0.0
    blk_write_rate: float = 0.0


MEM_STAT_KEYS = ("total_inactive_file", "inactive_file")


# --- the CLI's formulas (stats_helpers.go) ----------------------------------------------


def cpu_percent(
    cpu_total: float, pre_cpu_total: float, system: float, pre_system: float, online_cpus: float
) -> float:
    """calculateCPUPercentUnix: 0 unless both deltas are positive."""
    cpu_delta = float(cpu_total) - float(pre_cpu_total)
    system_delta = float(system) - float(pre_system)
    if system_delta > 0.0 and cpu_delta > 0.0:
        return (cpu_delta / system_delta) * float(online_cpus) * 100.0
    return 0.0


def memory_used(usage: int, stats: Mapping[str, int]) -> float:
    """calculateMemUsageUnixNoCache: usage minus the inactive page cache (v1, then v2)."""
    if "total_inactive_file" in stats and stats["total_inactive_file"] < usage:  # cgroup v1
        return float(usage - stats["total_inactive_file"])
    inactive = stats.get("inactive_file", 0)  # cgroup v2 (a missing key reads as 0, as in Go)
    if inactive < usage:
        return float(usage - inactive)
    return float(usage)


def memory_percent(limit: float, used: float) -> float:
    """calculateMemPercentUnixNoCache."""
    return used / limit * 100.0 if limit != 0 else 0.0


def block_io(entries: Iterable[Mapping[str, Any]] | None) -> tuple[int, int]:
    """calculateBlockIO: ops starting with r/R are reads, w/W writes."""
    read = write = 0
    for entry in entries or ():
        op = str(entry.get("op") or "")
        if not op:
            continue
        if op[0] in "rR":
            read += int(entry.get("value") or 0)
        elif op[0] in "wW":
            write += int(entry.get("value") or 0)
    return read, write


def network_io(networks: Mapping[str, Mapping[str, Any]] | None) -> tuple[int, int]:
    """calculateNetwork: rx and tx summed over every interface."""
    rx = tx = 0
    for values in (networks or {}).values():
        rx += int(values.get("rx_bytes") or 0)
        tx += int(values.get("tx_bytes") or 0)
    return rx, tx


# --- readings and figures -----------------------------------------------------------------


def _cpu_counters(cpu_stats: Mapping[str, Any]) -> tuple[int, int, int]:
    usage = cpu_stats.get("cpu_usage") or {}
    online = int(cpu_stats.get("online_cpus") or 0) or len(usage.get("percpu_usage") or ())
    return int(usage.get("total_usage") or 0), int(cpu_stats.get("system_cpu_usage") or 0), online


def _time(value: Any) -> float:
    parsed = parse_time(value)
    return parsed.timestamp() if parsed is not None else 0.0


def reading_from_api(raw: Mapping[str, Any]) -> StatsReading:
    """One sample of GET /containers/{id}/stats (cgroup v1 or v2), decoding only what is used."""
    cpu_total, system_cpu, online = _cpu_counters(raw.get("cpu_stats") or {})
    memory = raw.get("memory_stats") or {}
    stats = memory.get("stats") or {}
    blk_read, blk_write = block_io((raw.get("blkio_stats") or {}).get("io_service_bytes_recursive"))
    net_rx, net_tx = network_io(raw.get("networks"))
    return StatsReading(
        time=_time(raw.get("read")),
        cpu_total=cpu_total,
        system_cpu=system_cpu,
        online_cpus=online,
        mem_usage=int(memory.get("usage") or 0),
        mem_stats={k: int(stats[k]) for k in MEM_STAT_KEYS if k in stats},
        mem_limit=int(memory.get("limit") or 0),
        net_rx=net_rx,
        net_tx=net_tx,
        blk_read=blk_read,
        blk_write=blk_write,
        pids=int((raw.get("pids_stats") or {}).get("current") or 0),
    )


def precpu_from_api(raw: Mapping[str, Any]) -> tuple[int, int]:
    """(cpu_total, system_cpu) of the sample's precpu_stats: zeros after a one-shot call."""
    total, system, _ = _cpu_counters(raw.get("precpu_stats") or {})
    return total, system


def _rate(now: float, before: float, seconds: float) -> float:
    if seconds <= 0 or now < before:  # a restart resets the counters
        return 0.0
    return (now - before) / seconds


def compute_figures(
    current: StatsReading,
    previous: StatsReading | None,
    cpu_limit: float | None = None,
    precpu: tuple[int, int] | None = None,
) -> StatsFigures:
    """The figures of ``current``; CPU % and rates need the previous reading (or precpu).

    ``cpu_limit`` is the container's CPU limit in cores (None: unlimited).
    """
    if precpu is None and previous is not None:
        precpu = (previous.cpu_total, previous.system_cpu)
    cpu = 0.0  # a first one-shot sample has nothing to compare with
    if precpu is not None:
        cpu = cpu_percent(
            current.cpu_total, precpu[0], current.system_cpu, precpu[1], current.online_cpus
        )
    used = memory_used(current.mem_usage, current.mem_stats)
    seconds = current.time - previous.time if previous is not None else 0.0
    rates = (0.0, 0.0, 0.0, 0.0)
    if previous is not None:
        rates = (
            _rate(current.net_rx, previous.net_rx, seconds),
            _rate(current.net_tx, previous.net_tx, seconds),
            _rate(current.blk_read, previous.blk_read, seconds),
            _rate(current.blk_write, previous.blk_write, seconds),
        )
    return StatsFigures(
        time=current.time,
        cpu_percent=cpu,
        cpu_limit_percent=cpu / cpu_limit if cpu_limit else None,
        mem_used=used,
        mem_limit=float(current.mem_limit),
        mem_percent=memory_percent(float(current.mem_limit), used),
        net_rx=float(current.net_rx),
        net_tx=float(current.net_tx),
        blk_read=float(current.blk_read),
        blk_write=float(current.blk_write),
        pids=current.pids,
        net_rx_rate=rates[0],
        net_tx_rate=rates[1],
        blk_read_rate=rates[2],
        blk_write_rate=rates[3],
    )


def cpu_limit_cores(
    nano_cpus: int = 0, quota: int = 0, period: int = 0, cpuset: str = ""
) -> float | None:
    """The CPU limit of a container in cores (the tightest of --cpus, quota and cpuset)."""
    limits: list[float] = []
    if nano_cpus > 0:
        limits.append(nano_cpus / 1e9)
    if quota > 0:
        limits.append(quota / (period or 100_000))
    if cpuset.strip():
        limits.append(float(len(parse_cpuset(cpuset))))
    return min(limits) if limits else None


def parse_cpuset(text: str) -> set[int]:
    """'0-2,5' -> {0, 1, 2, 5}."""
    cpus: set[int] = set()
    for part in text.strip().split(","):
        part = part.strip()
        if not part:
            continue
        low, _, high = part.partition("-")
        cpus.update(range(int(low), int(high or low) + 1))
    return cpus


# --- the CLI's text (formatter_stats.go, go-units) ----------------------------------------

_DECIMAL = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def _custom_size(fmt: str, size: float, base: float, units: tuple[str, ...]) -> str:
    i = 0
    while size >= base and i < len(units) - 1:
        size /= base
        i += 1
    return (fmt % size) + units[i]


def bytes_size(size: float) -> str:
    """go-units BytesSize: binary units, 4 significant digits ('23.54GiB')."""
    return _custom_size("%.4g", size, 1024.0, _BINARY)


def human_size(size: float, precision: int = 3) -> str:
    """go-units HumanSizeWithPrecision: decimal units ('1.23kB')."""
    return _custom_size(f"%.{precision}g", size, 1000.0, _DECIMAL)


def cli_columns(figures: StatsFigures) -> dict[str, str]:
    """The columns `docker stats` prints for these figures."""
    return {
        "CPUPerc": f"{figures.cpu_percent:.2f}%",
        "MemUsage": f"{bytes_size(figures.mem_used)} / {bytes_size(figures.mem_limit)}",
        "MemPerc": f"{figures.mem_percent:.2f}%",
        "NetIO": f"{human_size(figures.net_rx)} / {human_size(figures.net_tx)}",
        "BlockIO": f"{human_size(figures.blk_read)} / {human_size(figures.blk_write)}",
        "PIDs": str(figures.pids),
    }
