"""Prune: list beforehand exactly what a prune would remove and what it gives back, then do it.

``plan_prune`` lists the candidates with the same rules the engine's prune endpoints apply
(stopped containers; images no container uses, dangling or all; volumes no container uses,
anonymous or all; networks with no endpoints that the engine did not make itself; build cache
not in use) and sizes them from /system/df. ``run_prune`` then removes them and reports what
went, compared with the plan.

Guards so that nothing beyond the list goes: containers, images and networks are pruned by
the engine's endpoints with an ``until`` filter at the newest candidate's creation time, so
objects made after the listing are kept; volumes (data) and images are removed one by one
from the list only. Images not through the engine's prune endpoint: engines up to 20.10 take
no account of containers there (they compare image ids with container ids), so
``docker image prune -a`` untags every tag but the last of an image a container uses. Each
listed image goes as that endpoint would remove it (every reference, tags and digests, in
order; the last one deletes the image), and the result carries the engine's own answer
("untagged: ...", "deleted: sha256:...") as ``docker image prune`` prints it. ``labels`` restricts everything to objects carrying those labels (the engine's
``label=`` prune filter); build cache has no labels, so a labelled plan leaves it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import docker

from tui.engine.core.errors import Conflict, EngineError, NotFound, engine_call
from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text
from tui.engine.resources.disk_usage import DiskUsage
from tui.engine.resources.networks import PREDEFINED

ANONYMOUS_LABEL = "com.docker.volume.anonymous"  # set by engines >= 23 (API 1.42)
_ANONYMOUS_NAME = re.compile(r"^[0-9a-f]{64}$")
STOPPED_STATES = frozenset({"created", "exited", "dead"})


class PruneKind(str, Enum):
    CONTAINERS = "containers"
    IMAGES_DANGLING = "images-dangling"
    IMAGES_ALL = "images-all"
    VOLUMES_ANONYMOUS = "volumes-anonymous"
    VOLUMES_ALL = "volumes-all"
    NETWORKS = "networks"
    BUILD_CACHE = "build-cache"
    SYSTEM = "system"
    EVERYTHING = "everything"


KIND_TITLES: dict[PruneKind, str] = {
    PruneKind.CONTAINERS: "Stopped containers",
    PruneKind.IMAGES_DANGLING: "Dangling images (untagged, unused)",
    PruneKind.IMAGES_ALL: "All unused images",
    PruneKind.VOLUMES_ANONYMOUS: "Anonymous unused volumes",
    PruneKind.VOLUMES_ALL: "All unused volumes (named ones too)",
    PruneKind.NETWORKS: "Unused networks",
    PruneKind.BUILD_CACHE: "Build cache (unused, not shared)",
    PruneKind.SYSTEM: "System (docker system prune): stopped containers, unused networks, "
    "dangling images, build cache",
    PruneKind.EVERYTHING: "Everything: containers, networks, unused images, "
    "anonymous volumes, build cache",
}


@dataclass(frozen=True)
class PruneItem:
    category: str  # container | image | volume | network | build cache
    id: str
    name: str
    size: int | None = None  # bytes given back, when the engine can tell


@dataclass(frozen=True)
class PrunePlan:
    kind: PruneKind
    items: tuple[PruneItem, ...]
    labels: dict[str, str] = field(default_factory=dict)
    #: A candidate image shares layers with others: they may free more than listed.
    shared_layers: bool = False
    #: Engine-clock ``until`` per category (newest candidate's creation time).
    until: dict[str, int] = field(default_factory=dict)
    #: Per listed image id: its references (tags, then digests) in the engine's order.
    image_refs: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def reclaim(self) -> int:
        return sum(item.size or 0 for item in self.items)

    def of(self, category: str) -> list[PruneItem]:
        return [item for item in self.items if item.category == category]


@dataclass
class PruneResult:
    removed: list[PruneItem] = field(default_factory=list)
    kept: list[PruneItem] = field(default_factory=list)  # listed, still there (changed since)
    unexpected: list[str] = field(default_factory=list)  # gone though not listed
    space_reclaimed: int = 0
    errors: list[str] = field(default_factory=list)
    #: What the engine answered for images, as `docker image prune` prints it.
    image_lines: list[str] = field(default_factory=list)


def label_filters(labels: dict[str, str] | None) -> list[str]:
    return [f"{key}={value}" for key, value in (labels or {}).items()]


def is_anonymous(name: str, labels: dict[str, Any] | None) -> bool:
    """Anonymous volume: labelled so by engines >= 23, a 64-hex name on older ones."""
    return ANONYMOUS_LABEL in (labels or {}) or bool(_ANONYMOUS_NAME.match(name))


def _name(raw: dict[str, Any]) -> str:
    names = raw.get("Names") or ["/" + str(raw.get("Id", ""))[:12]]
    return clean_text(names[0].lstrip("/"))


def _kinds(kind: PruneKind) -> set[str]:
    if kind is PruneKind.EVERYTHING:
        return {"container", "network", "image", "volume", "build cache"}
    if kind is PruneKind.SYSTEM:
        return {"container", "network", "image", "build cache"}
    return {
        PruneKind.CONTAINERS: {"container"},
        PruneKind.IMAGES_DANGLING: {"image"},
        PruneKind.IMAGES_ALL: {"image"},
        PruneKind.VOLUMES_ANONYMOUS: {"volume"},
        PruneKind.VOLUMES_ALL: {"volume"},
        PruneKind.NETWORKS: {"network"},
        PruneKind.BUILD_CACHE: {"build cache"},
    }[kind]


def plan_prune(
    client: docker.DockerClient, kind: PruneKind, labels: dict[str, str] | None = None
) -> PrunePlan:
    """What a prune of this kind would remove now, each item sized. Blocking: from a worker."""
    labels = dict(labels or {})
    wanted = _kinds(kind)
    filters = {"label": label_filters(labels)} if labels else {}
    items: list[PruneItem] = []
    until: dict[str, int] = {}
    shared = False
    with engine_call():
        usage = DiskUsage.from_api(client.api.df())
        all_containers = client.api.containers(all=True)
        scoped = client.api.containers(all=True, filters=filters) if labels else all_containers
    sizes = {c.id: c.size_rw for c in usage.containers}

    going: set[str] = set()
    if "container" in wanted:
        stopped = [c for c in scoped if c.get("State") in STOPPED_STATES]
        going = {str(c["Id"]) for c in stopped}
        items += [
            PruneItem("container", str(c["Id"]), _name(c), sizes.get(str(c["Id"]), 0))
            for c in stopped
        ]
        if stopped:
            until["container"] = max(int(c.get("Created") or 0) for c in stopped) + 1
    staying = [c for c in all_containers if str(c.get("Id")) not in going]

    if "network" in wanted:
        items += _plan_networks(client, filters, until)

    if "volume" in wanted:
        anonymous_only = kind is not PruneKind.VOLUMES_ALL
        users: set[str] = {
            str(m.get("Name"))
            for c in staying
            for m in (c.get("Mounts") or ())
            if m.get("Type") == "volume"
        }
        volume_sizes = usage.volume_sizes()
        with engine_call():
            volumes = client.api.volumes(filters=filters).get("Volumes") or []
        for volume in volumes:
            name = str(volume.get("Name", ""))
            if name in users or (volume.get("Scope") or "local") != "local":
                continue
            if anonymous_only and not is_anonymous(name, volume.get("Labels")):
                continue
            size = volume_sizes.get(name, -1)
            items.append(PruneItem("volume", name, clean_text(name), size if size >= 0 else None))

    refs_of: dict[str, tuple[str, ...]] = {}
    if "image" in wanted:
        dangling_only = kind in (PruneKind.IMAGES_DANGLING, PruneKind.SYSTEM)
        used = {str(c.get("ImageID", "")) for c in staying}
        image_filters: dict[str, Any] = dict(filters)
        if dangling_only:
            image_filters["dangling"] = True
        with engine_call():
            images = client.api.images(filters=image_filters)
        by_id = {i.id: i for i in usage.images}
        chosen = [i for i in images if str(i.get("Id", "")) not in used]
        for image in chosen:
            image_id = str(image.get("Id", ""))
            du = by_id.get(image_id)
            size = du.unique_size if du is not None else int(image.get("Size") or 0)
            shared = shared or (du is not None and du.shared_size > 0)
            refs = image_references(image)
            refs_of[image_id] = refs
            tags = [clean_text(r) for r in refs if "@" not in r]
            items.append(PruneItem("image", image_id, ", ".join(tags) or image_id[7:19], size))

    if "build cache" in wanted and not labels:
        everything = kind is PruneKind.EVERYTHING
        for record in usage.build_cache:
            if record.in_use or (record.shared and not everything):
                continue
            if not everything and record.type in ("internal", "frontend"):
                continue
            label = record.description or record.type or record.id[:12]
            items.append(PruneItem("build cache", record.id, label, record.size))

    return PrunePlan(kind, tuple(items), labels, shared, until, refs_of)


def image_references(image: dict[str, Any]) -> tuple[str, ...]:
    """An image's tags, then its digests (no ``<none>`` placeholders), each in sorted order."""
    tags = sorted(t for t in image.get("RepoTags") or () if t and "<none>" not in t)
    digests = sorted(d for d in image.get("RepoDigests") or () if d and "<none>" not in d)
    return tuple(tags + digests)


def _plan_networks(
    client: docker.DockerClient, filters: dict[str, Any], until: dict[str, int]
) -> list[PruneItem]:
    with engine_call():
        networks = client.api.networks(filters=filters) if filters else client.api.networks()
    items = []
    newest = 0
    for network in networks:
        name = str(network.get("Name", ""))
        if name in PREDEFINED or network.get("Scope") == "swarm" or network.get("Ingress"):
            continue
        try:
            with engine_call():
                detail = client.api.inspect_network(network["Id"])
        except NotFound:
            continue
        if detail.get("Containers"):
            continue
        items.append(PruneItem("network", str(network["Id"]), clean_text(name), None))
        created = parse_time(network.get("Created"))
        if created is not None:
            newest = max(newest, int(created.timestamp()))
    if items:
        until["network"] = newest + 1
    return items


def run_prune(client: docker.DockerClient, plan: PrunePlan) -> PruneResult:
    """Remove what the plan lists (containers, networks, volumes, images, build cache)."""
    result = PruneResult()
    base: dict[str, Any] = {"label": label_filters(plan.labels)} if plan.labels else {}
    steps = (
        ("container", _prune_containers),
        ("network", _prune_networks),
        ("volume", _prune_volumes),
        ("image", _prune_images),
        ("build cache", _prune_build_cache),
    )
    for category, step in steps:
        listed = plan.of(category)
        if not listed:
            continue
        filters: dict[str, Any] = dict(base)
        if category in plan.until:
            filters["until"] = str(plan.until[category])
        try:
            step(client, plan, listed, filters, result)
        except EngineError as error:
            result.errors.append(f"{category}: {error.message}")
            result.kept += [item for item in listed if item not in result.removed]
    return result


def _settle(
    result: PruneResult, listed: Iterable[PruneItem], gone: set[str], unexpected: Iterable[str]
) -> None:
    for item in listed:
        (result.removed if item.id in gone else result.kept).append(item)
    result.unexpected += [clean_text(u) for u in unexpected]


def _prune_containers(
    client: docker.DockerClient,
    plan: PrunePlan,
    listed: list[PruneItem],
    filters: dict[str, Any],
    result: PruneResult,
) -> None:
    with engine_call():
        answer = client.api.prune_containers(filters=filters)
    gone = {str(i) for i in answer.get("ContainersDeleted") or ()}
    _settle(result, listed, gone, (g[:12] for g in gone - {i.id for i in listed}))
    result.space_reclaimed += int(answer.get("SpaceReclaimed") or 0)


def _prune_networks(
    client: docker.DockerClient,
    plan: PrunePlan,
    listed: list[PruneItem],
    filters: dict[str, Any],
    result: PruneResult,
) -> None:
    with engine_call():
        answer = client.api.prune_networks(filters=filters)
    names = {str(n) for n in answer.get("NetworksDeleted") or ()}
    gone = {i.id for i in listed if i.name in names}
    _settle(result, listed, gone, names - {i.name for i in listed})


def _prune_volumes(
    client: docker.DockerClient,
    plan: PrunePlan,
    listed: list[PruneItem],
    filters: dict[str, Any],
    result: PruneResult,
) -> None:
    for item in listed:
        try:
            with engine_call():
                client.api.remove_volume(item.id)
        except EngineError as error:
            result.kept.append(item)
            result.errors.append(f"volume {item.name}: {error.message}")
        else:
            result.removed.append(item)
            result.space_reclaimed += item.size or 0


def _prune_images(
    client: docker.DockerClient,
    plan: PrunePlan,
    listed: list[PruneItem],
    filters: dict[str, Any],
    result: PruneResult,
) -> None:
    with engine_call():  # used since the listing: left alone (its tags too)
        used = {str(c.get("ImageID", "")) for c in client.api.containers(all=True)}
    for item in listed:
        if item.id in used:
            result.kept.append(item)
            continue
        deleted = False
        for ref in plan.image_refs.get(item.id) or (item.id,):
            try:
                with engine_call():
                    answer = client.api.remove_image(ref, force=False, noprune=False)
            except (NotFound, Conflict):  # gone, or kept by the engine (as its prune does)
                continue
            except EngineError as error:
                result.errors.append(f"image {clean_text(ref)}: {error.message}")
                continue
            for line in answer or ():
                if line.get("Untagged"):
                    result.image_lines.append(f"untagged: {clean_text(str(line['Untagged']))}")
                if line.get("Deleted"):
                    result.image_lines.append(f"deleted: {clean_text(str(line['Deleted']))}")
                    deleted = deleted or line["Deleted"] == item.id
        if deleted or not _image_exists(client, item.id):
            result.removed.append(item)
            result.space_reclaimed += item.size or 0
        else:
            result.kept.append(item)


def _image_exists(client: docker.DockerClient, image_id: str) -> bool:
    try:
        with engine_call():
            client.api.inspect_image(image_id)
    except NotFound:
        return False
    return True


def _prune_build_cache(
    client: docker.DockerClient,
    plan: PrunePlan,
    listed: list[PruneItem],
    filters: dict[str, Any],
    result: PruneResult,
) -> None:
    filters.pop("until", None)
    with engine_call():
        answer = client.api.prune_builds(all=plan.kind is PruneKind.EVERYTHING)
    gone = {str(i) for i in answer.get("CachesDeleted") or ()}
    _settle(result, listed, gone, (g[:12] for g in gone - {i.id for i in listed}))
    result.space_reclaimed += int(answer.get("SpaceReclaimed") or 0)
