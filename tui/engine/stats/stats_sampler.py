"""The stats sampler: live figures for the containers someone is looking at, and nothing else.

Consumers (the containers table, a details screen, the overview) declare what they show
with ``demand(owner, ids)`` and drop it with ``release(owner)``; the sampler samples the
union of those ids only. One engine-owned thread runs while there is demand and ends when
there is none (releasing its engine client). Each round it:

- reads local containers straight from their cgroup files (``stats_cgroups``): no engine
  cost at all; this is used when the engine is on this host and the files are readable;
- asks the engine for the others with one-shot stats calls, all at once from a bounded
  pool (a one-shot call waits for the engine's 1 s collector, so they must overlap), every
  ``api_interval`` seconds: the engine's cost is its samples per second;
- turns readings into figures with the CLI's arithmetic (``stats_math``), appends them to
  bounded per-container ring buffers, and hands the whole batch to the listeners at once;
- tells the listeners which containers the engine no longer knows (removed while shown):
  those are not sampled again.

Listeners run on the sampler thread: they must only hand the batch over (``post_message``).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

import docker

from tui.engine.core.errors import EngineError, NotFound, engine_call
from tui.engine.core.session import EngineSession
from tui.engine.stats.stats_cgroups import CgroupReader, ContainerCgroup
from tui.engine.stats.stats_math import (
    StatsFigures,
    StatsReading,
    compute_figures,
    cpu_limit_cores,
    reading_from_api,
)

Listener = Callable[[dict[str, StatsFigures]], None]
GoneListener = Callable[[frozenset[str]], None]
SOURCES = ("auto", "api", "cgroup")
#: Samples kept for containers only seen in a list (enough for a row's sparkline).
SHORT_HISTORY = 32
MAX_API_CONCURRENCY = 48
API_TIMEOUT = 5.0


class _Track:
    """What the sampler keeps about one container: bounded."""

    __slots__ = (
        "history", "previous", "cgroup", "api_only", "cpu_limit", "limit_known", "source",
        "every", "due", "gone",
    )  # fmt: skip

    def __init__(self, depth: int) -> None:
        self.history: deque[StatsFigures] = deque(maxlen=depth)
        self.previous: StatsReading | None = None
        self.cgroup: ContainerCgroup | None = None
        self.api_only = False
        self.cpu_limit: float | None = None
        self.limit_known = False
        self.source = ""  # where the last reading came from: "cgroup" | "api"
        self.every = 1.0  # seconds between its samples
        self.due = 0.0  # monotonic time of its next sample
        self.gone = False  # the engine said it does not exist (removed): never sampled again


Readings = dict[str, tuple[StatsReading, _Track]]


class StatsSampler:
    def __init__(
        self,
        session: EngineSession,
        interval: float = 1.0,
        api_interval: float = 2.0,
        source: str = "auto",
        cgroups: CgroupReader | None = None,
    ) -> None:
        if source not in SOURCES:
            raise ValueError(f"stats source must be one of {SOURCES}, not {source!r}")
        self.session = session
        self.interval = interval
        self.api_interval = api_interval
        self.source = source
        self._cgroups = cgroups
        if (
            cgroups is None
            and source != "api"
            and _may_be_local(session)
            and CgroupReader.available()
        ):
            self._cgroups = CgroupReader()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._demands: dict[str, tuple[frozenset[str], int, float]] = {}
        self._tracks: dict[str, _Track] = {}
        self._listeners: list[tuple[Listener, GoneListener | None]] = []
        self._thread: threading.Thread | None = None
        self._closed = False
        self.rounds = 0  # sampling rounds done (for tests and the benchmark)
        self._host: tuple[int, int] | None = None  # see host_capacity()

    # --- what consumers call (any thread) -----------------------------------------------

    def demand(
        self,
        owner: str,
        ids: Iterable[str],
        history: int = SHORT_HISTORY,
        every: float | None = None,
    ) -> None:
        """``owner`` shows these containers now (replacing what it showed before).

        ``every``: seconds between samples it needs (default: the sampler's interval); a
        container shown by several owners is sampled as often as the most eager one asks.
        """
        wanted = (frozenset(ids), max(1, history), max(self.interval, every or self.interval))
        with self._lock:
            if self._closed or self._demands.get(owner) == wanted:
                return
            self._demands[owner] = wanted
            self._reshape()
            if self._thread is None and self._tracks:
                self._thread = threading.Thread(target=self._run, name="dockpit-stats", daemon=True)
                self._thread.start()
        self._wake.set()

    def release(self, owner: str) -> None:
        """``owner`` shows nothing any more."""
        with self._lock:
            if self._demands.pop(owner, None) is not None:
                self._reshape()
        self._wake.set()

    def subscribe(
        self, listener: Listener, on_gone: GoneListener | None = None
    ) -> Callable[[], None]:
        """``listener`` gets each batch of figures; ``on_gone`` the ids found removed."""
        entry = (listener, on_gone)
        with self._lock:
            self._listeners.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._listeners:
                    self._listeners.remove(entry)

        return unsubscribe

    def is_gone(self, container_id: str) -> bool:
        """The engine said this demanded container does not exist any more."""
        with self._lock:
            track = self._tracks.get(container_id)
            return track is not None and track.gone

    def history(self, container_id: str) -> list[StatsFigures]:
        with self._lock:
            track = self._tracks.get(container_id)
            return list(track.history) if track is not None else []

    def latest(self, container_id: str) -> StatsFigures | None:
        with self._lock:
            track = self._tracks.get(container_id)
            return track.history[-1] if track is not None and track.history else None

    @property
    def last_sources(self) -> dict[str, str]:
        """Container id -> where its last reading came from ("cgroup" or "api")."""
        with self._lock:
            return {cid: t.source for cid, t in self._tracks.items() if t.source}

    @property
    def owners(self) -> set[str]:
        with self._lock:
            return set(self._demands)

    @property
    def targets(self) -> set[str]:
        with self._lock:
            return set(self._tracks)

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def host_capacity(self) -> tuple[int, int]:
        """The engine host's (CPUs, memory bytes), read until known (blocking: a worker)."""
        if self._host is None or not self._host[0]:
            with engine_call():
                info = self.session.client.api.info()
            self._host = (int(info.get("NCPU") or 0), int(info.get("MemTotal") or 0))
        return self._host

    def close(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._closed = True
            self._demands.clear()
            self._reshape()
            self._listeners.clear()
            thread = self._thread
        self._wake.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # --- bookkeeping (under the lock) ---------------------------------------------------

    def _reshape(self) -> None:
        """Tracks for exactly the demanded ids, each as deep as its deepest demand."""
        depth: dict[str, int] = {}
        every: dict[str, float] = {}
        for ids, history, seconds in self._demands.values():
            for cid in ids:
                depth[cid] = max(depth.get(cid, 0), history)
                every[cid] = min(every.get(cid, seconds), seconds)
        for cid in [c for c in self._tracks if c not in depth]:
            del self._tracks[cid]
        for cid, want in depth.items():
            track = self._tracks.get(cid)
            if track is None:
                track = self._tracks[cid] = _Track(want)
            elif track.history.maxlen != want:
                track.history = deque(track.history, maxlen=want)
            track.every = every[cid]

    # --- the sampling thread ------------------------------------------------------------

    def _run(self) -> None:
        client: docker.DockerClient | None = None
        pool: ThreadPoolExecutor | None = None
        last_api = 0.0
        try:
            while True:
                started = time.monotonic()
                with self._lock:
                    if not self._tracks or self._closed:
                        self._thread = None
                        return
                    slack = 0.1 * self.interval  # rounds drift a little: do not skip one
                    tracks = {
                        c: t
                        for c, t in self._tracks.items()
                        if t.due <= started + slack and not t.gone
                    }
                batch, api_ids = self._sample_cgroups(tracks)
                for cid in batch:
                    tracks[cid].due = started + tracks[cid].every
                if api_ids and started - last_api >= self.api_interval - slack:
                    last_api = started
                    for cid in api_ids:
                        tracks[cid].due = started + max(tracks[cid].every, self.api_interval)
                    if client is None:
                        client = self.session.stream_client()
                    if pool is None:
                        pool = ThreadPoolExecutor(MAX_API_CONCURRENCY, "dockpit-stats-api")
                    batch.update(self._sample_api(client, pool, api_ids, tracks))
                gone = frozenset(cid for cid in api_ids if tracks[cid].gone)
                self._publish(batch, gone)
                self.rounds += 1
                self._wake.clear()
                self._wake.wait(max(0.05, self.interval - (time.monotonic() - started)))
        except EngineError:
            pass  # the engine went away: the next demand starts again
        finally:
            with self._lock:
                if self._thread is threading.current_thread():
                    self._thread = None
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            if client is not None:
                self.session.release(client)

    def _sample_cgroups(self, tracks: dict[str, _Track]) -> tuple[Readings, list[str]]:
        readings: Readings = {}
        api_ids: list[str] = []
        reader = self._cgroups if self.source != "api" else None
        host: tuple[int, int] | None = None
        for cid, track in tracks.items():
            if reader is None or track.api_only:
                api_ids.append(cid)
                continue
            try:
                if track.cgroup is None:
                    track.cgroup = reader.locate(cid)
                    if track.cgroup is None:
                        track.api_only = self.source == "auto"
                        if track.api_only:
                            api_ids.append(cid)
                        continue
                    track.cpu_limit, track.limit_known = track.cgroup.cpu_limit, True
                if host is None:
                    host = reader.host_cpu()
                readings[cid] = (reader.read(track.cgroup, *host), track)
                track.source = "cgroup"
            except (OSError, ValueError):
                track.cgroup = None  # stopped, or its files went away: look again next time
        return readings, api_ids

    def _sample_api(
        self,
        client: docker.DockerClient,
        pool: ThreadPoolExecutor,
        ids: list[str],
        tracks: dict[str, _Track],
    ) -> Readings:
        one_shot = _api_at_least(client, "1.41")
        futures = {pool.submit(_one_sample, client, cid, one_shot): cid for cid in ids}
        done, _ = wait(futures, timeout=API_TIMEOUT)
        readings: Readings = {}
        for future in done:
            cid = futures[future]
            try:
                raw = future.result()
            except NotFound:  # removed while shown: say so once, never ask again
                tracks[cid].gone = True
                continue
            except EngineError:  # refused, or the engine is going away: no figures this round
                continue
            if raw is None:
                continue
            track = tracks[cid]
            if not track.limit_known:
                track.cpu_limit, track.limit_known = _api_cpu_limit(client, cid), True
            readings[cid] = (reading_from_api(raw), track)
            track.source = "api"
        return readings

    def _publish(self, readings: Readings, gone: frozenset[str] = frozenset()) -> None:
        batch: dict[str, StatsFigures] = {}
        for cid, (reading, track) in readings.items():
            previous, track.previous = track.previous, reading
            if previous is None:
                continue  # the first reading only primes the CPU delta and the rates
            figures = compute_figures(reading, previous, track.cpu_limit)
            with self._lock:
                if self._tracks.get(cid) is not track:
                    continue  # no longer shown
                track.history.append(figures)
            batch[cid] = figures
        with self._lock:
            listeners = list(self._listeners)
        for listener, on_gone in listeners:
            if batch:
                listener(batch)
            if gone and on_gone is not None:
                on_gone(gone)


def _one_sample(client: docker.DockerClient, cid: str, one_shot: bool) -> dict[str, Any] | None:
    with engine_call():
        if one_shot:
            raw = client.api.stats(cid, stream=False, one_shot=True)
        else:
            raw = client.api.stats(cid, stream=False)
    if not isinstance(raw, dict) or str(raw.get("read", "")).startswith("0001-"):
        return None  # not running
    return raw


def _api_cpu_limit(client: docker.DockerClient, cid: str) -> float | None:
    try:
        with engine_call():
            host = client.api.inspect_container(cid).get("HostConfig") or {}
    except EngineError:
        return None
    cpuset = str(host.get("CpusetCpus") or "")
    return cpu_limit_cores(
        nano_cpus=int(host.get("NanoCpus") or 0),
        quota=int(host.get("CpuQuota") or 0),
        period=int(host.get("CpuPeriod") or 0),
        cpuset=cpuset,
    )


def _api_at_least(client: docker.DockerClient, version: str) -> bool:
    def parts(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in text.split(".") if p.isdigit())

    return parts(str(client.api.api_version)) >= parts(version)


def _may_be_local(session: EngineSession) -> bool:
    url = session.endpoint.url
    return url is None or url.startswith(("unix://", "/"))
