"""Run dockpit with memory tracing; each SIGUSR1 dumps where memory went (a debug tool).

    DOCKPIT_MEMTRACE_DIR=/tmp/mt .venv/bin/python -m bench.memtrace [dockpit args]
    .venv/bin/python -m bench.memtrace --report /tmp/mt [--limit 25]

The first SIGUSR1 (``kill -USR1 <pid>``, the pid is in ``<dir>/pid``) starts tracemalloc
(DOCKPIT_MEMTRACE_FRAMES frames, default 8: start-up is not traced, it is not what grows);
each SIGUSR1 writes ``dump-<n>.txt``: RSS, tracemalloc's traced total (Python-level memory)
and what a ``gc.collect()`` and a glibc ``malloc_trim(0)`` give back (RSS that trim returns
is free heap kept by malloc, not live objects), and the object count per type; and the
snapshot itself (``snap-<n>.pickle``). ``--report`` compares the snapshots offline (slow on a
loaded machine, so not in the traced process): top growth by traceback between consecutive
dumps and from the first to the last. Nothing of this is in the product: it wraps
``tui.cli.main``.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import glob
import os
import signal
import sys
import time
import tracemalloc
from collections import Counter

OUT = os.environ.get("DOCKPIT_MEMTRACE_DIR", "/tmp/dockpit-memtrace")
FRAMES = int(os.environ.get("DOCKPIT_MEMTRACE_FRAMES", "8"))
TRIM = os.environ.get("DOCKPIT_MEMTRACE_TRIM", "1") == "1"
TRACE = os.environ.get("DOCKPIT_MEMTRACE_TRACE", "1") == "1"
PAGE = os.sysconf("SC_PAGE_SIZE")

_state: dict[str, object] = {"n": 0}


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE / 1e6


def _type_counts() -> Counter[str]:
    counts: Counter[str] = Counter()
    for obj in gc.get_objects():
        t = type(obj)
        counts[f"{t.__module__}.{t.__qualname__}"] += 1
    return counts


def dump(*_: object) -> None:
    try:
        _dump()
    except BaseException:  # noqa: BLE001 - a debug tool: say why, never break the app
        import traceback

        with open(os.path.join(OUT, "dump-error.txt"), "a") as fh:
            fh.write(traceback.format_exc())


def _dump() -> None:
    n = int(_state["n"])  # type: ignore[call-overload]
    _state["n"] = n + 1
    started = time.monotonic()
    lines = [f"dump {n} at {time.strftime('%H:%M:%S')} load {os.getloadavg()}"]
    rss0 = rss_mb()
    traced0, peak = tracemalloc.get_traced_memory()
    collected = gc.collect()
    rss1 = rss_mb()
    traced1, _ = tracemalloc.get_traced_memory()
    overhead = tracemalloc.get_tracemalloc_memory() / 1e6
    lines.append(f"RSS {rss0:.1f} MB; traced {traced0 / 1e6:.1f} MB (peak {peak / 1e6:.1f}; "
                 f"tracemalloc's own {overhead:.1f})")  # fmt: skip
    lines.append(f"gc.collect(): {collected} objects; RSS {rss1:.1f}; traced {traced1 / 1e6:.1f}")
    if TRIM:
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
            lines.append(f"malloc_trim(0): RSS {rss_mb():.1f} MB")
        except OSError as exc:
            lines.append(f"malloc_trim: {exc}")
    import threading

    lines.append("threads: " + ", ".join(sorted(t.name for t in threading.enumerate())))
    counts = _type_counts()
    lines.append(f"objects {sum(counts.values())}")
    for name, count in sorted(counts.items()):
        if name.startswith(("tui.", "widgets.")) and "Message" not in name:
            lines.append(f"  {count:8d}  {name}")
    for name, count in counts.most_common(150):
        lines.append(f"  {count:8d}  {name}")
    refs = os.environ.get("DOCKPIT_MEMTRACE_REFS", "")
    if os.path.exists(os.path.join(OUT, "refs")):  # names can change while it runs
        with open(os.path.join(OUT, "refs")) as fh:
            refs = fh.read().strip()
    for name in filter(None, refs.split(",")):
        lines += _referrers(name)
    if tracemalloc.is_tracing():
        tracemalloc.take_snapshot().dump(os.path.join(OUT, f"snap-{n:03d}.pickle"))
    elif TRACE:
        tracemalloc.start(FRAMES)
        lines.append("tracemalloc started")
    lines.append(f"(dump took {time.monotonic() - started:.1f} s)")
    with open(os.path.join(OUT, f"dump-{n:03d}.txt"), "w") as fh:
        fh.write("\n".join(lines) + "\n")


def _describe(obj: object) -> str:
    t = type(obj)
    text = f"{t.__module__}.{t.__qualname__}"
    if isinstance(obj, dict):
        keys = list(obj)[:8]
        return f"{text} len={len(obj)} keys={keys!r:.200}"
    if isinstance(obj, (list, tuple, set)):
        return f"{text} len={len(obj)}"
    try:
        return f"{text} {repr(obj)[:120]}"
    except Exception:  # noqa: BLE001
        return text


def _referrers(type_name: str, depth: int = 6) -> list[str]:
    """Who holds an object of this type (qualified name): a few chains back towards a root."""
    objects = gc.get_objects()
    found = [o for o in objects if f"{type(o).__module__}.{type(o).__qualname__}" == type_name]
    out = [f"\nreferrers of {type_name} ({len(found)} alive):"]
    if not found:
        return out
    ignore = {id(objects), id(found)}
    for sample in (found[0], found[len(found) // 2], found[-1]):
        level = [sample]
        seen = {id(sample)}
        for d in range(depth):
            nxt = []
            for obj in level:
                for ref in gc.get_referrers(obj):
                    if id(ref) in ignore or id(ref) in seen or type(ref).__name__ == "frame":
                        continue
                    seen.add(id(ref))
                    nxt.append(ref)
            if not nxt:
                break
            out.append(f"  level {d + 1}: " + " || ".join(_describe(r) for r in nxt[:6]))
            level = nxt[:3]
        out.append("  --")
    del objects, found
    return out


# ---------------------------------------------------------------- offline report


def _counts(path: str) -> dict[str, int]:
    out: dict[str, int] = {}
    with open(path) as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit():
                out[parts[1]] = int(parts[0])
    return out


def _top(new: tracemalloc.Snapshot, old: tracemalloc.Snapshot, limit: int) -> list[str]:
    out = []
    for stat in new.compare_to(old, "traceback")[:limit]:
        if stat.size_diff <= 0:
            continue
        out.append(f"+{stat.size_diff / 1024:.1f} KiB  count {stat.count_diff:+d}  "
                   f"(now {stat.size / 1024:.1f} KiB in {stat.count})")  # fmt: skip
        for line in stat.traceback.format(most_recent_first=True):
            out.append("      " + line)
    return out


def report(folder: str, limit: int) -> None:
    dumps = sorted(glob.glob(os.path.join(folder, "dump-*.txt")))
    for path in dumps:
        with open(path) as fh:
            print(" | ".join(fh.read().splitlines()[:5]))
    if len(dumps) >= 2:
        first, last = _counts(dumps[0]), _counts(dumps[-1])
        grown = sorted(((last.get(k, 0) - first.get(k, 0), k) for k in last), reverse=True)
        print(f"\nobject counts grown from {dumps[0]} to {dumps[-1]}:")
        for d, name in grown[:40]:
            if d > 0:
                print(f"  {d:+7d}  {last[name]:8d}  {name}")
    snaps = sorted(glob.glob(os.path.join(folder, "snap-*.pickle")))
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    loaded = [tracemalloc.Snapshot.load(p).filter_traces(ignore) for p in snaps]
    for path, snap in zip(snaps, loaded, strict=True):
        total = sum(stat.size for stat in snap.statistics("filename"))
        print(f"{os.path.basename(path)}: traced {total / 1e6:.1f} MB")
    if len(loaded) >= 2:
        print(f"\n== top growth from {snaps[0]} to {snaps[-1]}:")
        print("\n".join(_top(loaded[-1], loaded[0], limit)))
        print("\n== by line, first to last:")
        for stat in loaded[-1].compare_to(loaded[0], "lineno")[:limit]:
            print(f"  {stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d}  {stat.traceback}")


def main() -> int:
    if sys.argv[1:2] == ["--report"]:
        parser = argparse.ArgumentParser(prog="bench.memtrace")
        parser.add_argument("--report", required=True)
        parser.add_argument("--limit", type=int, default=25)
        args = parser.parse_args()
        report(args.report, args.limit)
        return 0
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "pid"), "w") as fh:
        fh.write(str(os.getpid()))
    signal.signal(signal.SIGUSR1, dump)
    from tui.cli import main as dockpit_main

    return dockpit_main(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
