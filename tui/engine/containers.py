"""Listing containers and acting on them."""

from __future__ import annotations

import docker

from tui.engine.errors import engine_call
from tui.engine.model import Container


def list_containers(client: docker.DockerClient, all: bool = True) -> list[Container]:
    """Every container in one call (no per-container inspect: fast at 500+)."""
    with engine_call():
        raw = client.api.containers(all=all)
    return [Container.from_api(item) for item in raw]


def get_container(client: docker.DockerClient, container_id: str) -> Container | None:
    """One container by id, as the list shows it; None when it no longer exists."""
    with engine_call():
        raw = client.api.containers(all=True, filters={"id": container_id})
    return Container.from_api(raw[0]) if raw else None
