"""Volumes: list (with sizes from disk usage and the containers using them), create, remove."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import docker

from tui.engine.core.errors import Conflict, EngineError, engine_call
from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text


@dataclass(frozen=True)
class Volume:
    name: str
    driver: str
    mountpoint: str
    scope: str = "local"
    created: datetime | None = None
    labels: dict[str, str] = field(default_factory=dict)
    size: int | None = None  # bytes, from /system/df; None: not measured (yet)
    used_by: tuple[str, ...] = ()  # names of containers (running or not) that mount it

    @classmethod
    def from_api(
        cls, raw: dict[str, Any], size: int | None = None, used_by: tuple[str, ...] = ()
    ) -> Volume:
        return cls(
            name=clean_text(raw.get("Name", "")),
            driver=clean_text(raw.get("Driver", "")),
            mountpoint=clean_text(raw.get("Mountpoint", "")),
            scope=clean_text(raw.get("Scope", "")),
            created=parse_time(raw.get("CreatedAt")),
            labels={clean_text(k): clean_text(v) for k, v in (raw.get("Labels") or {}).items()},
            size=size if size is None or size >= 0 else None,
            used_by=used_by,
        )


def volume_users(containers: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Volume name -> names of the containers that mount it, from one /containers/json."""
    users: dict[str, list[str]] = {}
    for container in containers:
        names = container.get("Names") or ["/" + str(container.get("Id", ""))[:12]]
        name = clean_text(names[0].lstrip("/"))
        for mount in container.get("Mounts") or ():
            if mount.get("Type") == "volume" and mount.get("Name"):
                users.setdefault(str(mount["Name"]), []).append(name)
    return {key: tuple(sorted(value)) for key, value in users.items()}


def list_volumes(client: docker.DockerClient, sizes: dict[str, int] | None = None) -> list[Volume]:
    """Every volume with the containers that use it; sizes come from a disk-usage read."""
    with engine_call():
        raw = client.api.volumes().get("Volumes") or []
        containers = client.api.containers(all=True)
    users = volume_users(containers)
    sizes = sizes or {}
    return [
        Volume.from_api(item, sizes.get(item.get("Name", "")), users.get(item.get("Name", ""), ()))
        for item in raw
    ]


def inspect_volume(client: docker.DockerClient, name: str) -> dict[str, Any]:
    with engine_call():
        return client.api.inspect_volume(name)


def parse_labels(text: str) -> dict[str, str]:
    """``a=1, b=2`` (commas or spaces between) -> {"a": "1", "b": "2"}; bad input raises."""
    labels: dict[str, str] = {}
    for part in text.replace(",", " ").split():
        key, sep, value = part.partition("=")
        if not key or not sep:
            raise EngineError(f"a label must look like key=value, not {part!r}")
        labels[key] = value
    return labels


def create_volume(
    client: docker.DockerClient,
    name: str,
    driver: str = "local",
    labels: dict[str, str] | None = None,
) -> Volume:
    """Create a volume. A name already taken is refused (the engine would silently reuse it)."""
    name = name.strip()
    with engine_call():
        if name:
            try:
                client.api.inspect_volume(name)
            except docker.errors.NotFound:
                pass
            else:
                raise Conflict(f"could not create volume {name}: that name is already taken")
    try:
        with engine_call():
            raw = client.api.create_volume(name or None, driver=driver or "local", labels=labels)
    except EngineError as error:
        raise type(error)(f"could not create volume {name}: {error.message}") from error
    return Volume.from_api(raw)


def remove_volume(client: docker.DockerClient, name: str) -> None:
    """Remove a volume; refused, naming them, while containers (even stopped ones) use it."""
    with engine_call():
        using = client.api.containers(all=True, filters={"volume": name})
    users = sorted(clean_text((c.get("Names") or ["?"])[0].lstrip("/")) for c in using)
    if users:
        raise Conflict(f"volume {name} is in use by {', '.join(users)}")
    try:
        with engine_call():
            client.api.remove_volume(name)
    except EngineError as error:
        raise type(error)(f"could not remove volume {name}: {error.message}") from error
