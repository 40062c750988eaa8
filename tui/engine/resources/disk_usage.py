"""Disk usage, as ``docker system df`` (and ``-v``) computes it from the engine's /system/df.

The summary arithmetic follows the docker CLI's formatter so the numbers match what
``docker system df`` prints for the same answer:

- images: size = LayersSize; active = images with containers; reclaimable = LayersSize minus
  (Size - SharedSize) of every image a container uses;
- containers: size = sum of SizeRw; reclaimable = SizeRw of those not running/paused/restarting;
- volumes: size = sum of sizes; reclaimable = sizes of volumes no container references;
- build cache: size and reclaimable count only records that are not shared; reclaimable also
  skips records in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import docker

from tui.engine.core.errors import engine_call
from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text

_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
ACTIVE_STATES = ("running", "paused", "restarting")


def human_size(size: float, precision: int = 4) -> str:
    """Bytes as the docker CLI prints them (go-units HumanSize: decimal, 4 significant digits;
    the CLI's image and container SIZE columns use 3)."""
    value = float(size)
    index = 0
    while value >= 1000 and index < len(_UNITS) - 1:
        value /= 1000
        index += 1
    return f"{value:.{precision}g}{_UNITS[index]}"


def with_percent(part: int, total: int) -> str:
    """``126kB (100%)`` as the CLI's summary shows a reclaimable amount."""
    if total > 0:
        return f"{human_size(part)} ({part * 100 // total}%)"
    return human_size(part)


@dataclass(frozen=True)
class UsageSummary:
    """One line of ``docker system df``."""

    type: str  # Images | Containers | Local Volumes | Build Cache
    total: int
    active: int
    size: int
    reclaimable: int

    @property
    def reclaimable_text(self) -> str:
        if self.type == "Build Cache":
            return human_size(self.reclaimable)
        return with_percent(self.reclaimable, self.size)


@dataclass(frozen=True)
class ImageUsage:
    id: str
    tags: tuple[str, ...]
    size: int
    shared_size: int  # -1: unknown
    containers: int
    created: Any
    labels: dict[str, str]

    @property
    def unique_size(self) -> int:
        return self.size - self.shared_size if self.shared_size >= 0 else self.size

    @property
    def dangling(self) -> bool:
        return not self.tags or all(tag == "<none>:<none>" for tag in self.tags)


@dataclass(frozen=True)
class ContainerUsage:
    id: str
    name: str
    image: str
    state: str
    size_rw: int
    volumes: int


@dataclass(frozen=True)
class VolumeUsage:
    name: str
    driver: str
    links: int  # -1: unknown
    size: int  # -1: unknown


@dataclass(frozen=True)
class BuildCacheUsage:
    id: str
    type: str
    size: int
    in_use: bool
    shared: bool
    description: str


@dataclass(frozen=True)
class DiskUsage:
    layers_size: int
    images: tuple[ImageUsage, ...]
    containers: tuple[ContainerUsage, ...]
    volumes: tuple[VolumeUsage, ...]
    build_cache: tuple[BuildCacheUsage, ...]

    def summary(self) -> list[UsageSummary]:
        used = sum(
            i.size - i.shared_size
            for i in self.images
            if i.containers > 0 and i.size != -1 and i.shared_size != -1
        )
        container_size = sum(c.size_rw for c in self.containers)
        active_containers = [c for c in self.containers if _active(c.state)]
        volume_size = sum(v.size for v in self.volumes if v.size != -1)
        cache_size = sum(b.size for b in self.build_cache if not b.shared)
        return [
            UsageSummary(
                "Images",
                len(self.images),
                sum(1 for i in self.images if i.containers > 0),
                self.layers_size,
                self.layers_size - used,
            ),
            UsageSummary(
                "Containers",
                len(self.containers),
                len(active_containers),
                container_size,
                container_size - sum(c.size_rw for c in active_containers),
            ),
            UsageSummary(
                "Local Volumes",
                len(self.volumes),
                sum(1 for v in self.volumes if v.links > 0),
                volume_size,
                sum(v.size for v in self.volumes if v.links == 0 and v.size != -1),
            ),
            UsageSummary(
                "Build Cache",
                len(self.build_cache),
                sum(1 for b in self.build_cache if b.in_use),
                cache_size,
                sum(b.size for b in self.build_cache if not b.in_use and not b.shared),
            ),
        ]

    def volume_sizes(self) -> dict[str, int]:
        return {v.name: v.size for v in self.volumes}

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> DiskUsage:
        images = tuple(
            ImageUsage(
                id=str(i.get("Id", "")),
                tags=tuple(clean_text(t) for t in (i.get("RepoTags") or ())),
                size=int(i.get("Size") or 0),
                shared_size=int(i.get("SharedSize") if i.get("SharedSize") is not None else -1),
                containers=int(i.get("Containers") or 0),
                created=parse_time(i.get("Created")),
                labels={clean_text(k): clean_text(v) for k, v in (i.get("Labels") or {}).items()},
            )
            for i in raw.get("Images") or ()
        )
        containers = tuple(
            ContainerUsage(
                id=str(c.get("Id", "")),
                name=clean_text(((c.get("Names") or ["/"])[0]).lstrip("/")),
                image=clean_text(c.get("Image", "")),
                state=clean_text(c.get("State", "")),
                size_rw=int(c.get("SizeRw") or 0),
                volumes=sum(1 for m in (c.get("Mounts") or ()) if m.get("Type") == "volume"),
            )
            for c in raw.get("Containers") or ()
        )
        volumes = tuple(
            VolumeUsage(
                name=clean_text(v.get("Name", "")),
                driver=clean_text(v.get("Driver", "")),
                links=int((v.get("UsageData") or {}).get("RefCount", -1)),
                size=int((v.get("UsageData") or {}).get("Size", -1)),
            )
            for v in raw.get("Volumes") or ()
        )
        cache = tuple(
            BuildCacheUsage(
                id=clean_text(b.get("ID", "")),
                type=clean_text(b.get("Type", "")),
                size=int(b.get("Size") or 0),
                in_use=bool(b.get("InUse")),
                shared=bool(b.get("Shared")),
                description=clean_text(b.get("Description", "")),
            )
            for b in raw.get("BuildCache") or ()
        )
        return cls(int(raw.get("LayersSize") or 0), images, containers, volumes, cache)


def _active(state: str) -> bool:
    return any(word in state for word in ACTIVE_STATES)


def read_disk_usage(client: docker.DockerClient) -> DiskUsage:
    """One /system/df call (the engine walks every volume: can take seconds on big hosts)."""
    with engine_call():
        raw = client.api.df()
    return DiskUsage.from_api(raw)
