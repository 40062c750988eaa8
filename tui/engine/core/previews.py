"""Reads behind the dashboard's previews of a selected image, network or swarm service.

Short calls on the session's client (run them in a worker); every text is cleaned here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.engine.core.errors import engine_call
from tui.engine.core.sanitize import clean_text
from tui.engine.images.history import HistoryEntry, image_history
from tui.engine.swarm.swarm_model import Task

if TYPE_CHECKING:
    from tui.engine.core.session import EngineSession


@dataclass(frozen=True)
class User:
    """A container that uses an image or volume, or sits on a network."""

    name: str
    state: str
    address: str = ""  # on a network: IPv4 (IPv6) with its prefix


@dataclass(frozen=True)
class ImagePreview:
    history: list[HistoryEntry]
    users: list[User]


def _name(raw: dict) -> str:
    names = raw.get("Names") or ["/" + str(raw.get("Id", ""))[:12]]
    return clean_text(str(names[0]).lstrip("/"))


def image_preview(session: EngineSession, image_id: str) -> ImagePreview:
    client = session.client
    history = image_history(client, image_id)
    with engine_call():
        raw = client.api.containers(all=True, filters={"ancestor": image_id})
    users = [User(_name(c), clean_text(c.get("State", ""))) for c in raw]
    return ImagePreview(history, sorted(users, key=lambda u: u.name))


def network_members(session: EngineSession, network_id: str) -> list[User]:
    """The containers attached to a network now, with their addresses."""
    with engine_call():
        raw = session.client.api.inspect_network(network_id)
        states = {
            c.get("Id", ""): clean_text(c.get("State", ""))
            for c in session.client.api.containers(all=True, filters={"network": network_id})
        }
    members = []
    for container_id, entry in (raw.get("Containers") or {}).items():
        addresses = [a for a in (entry.get("IPv4Address"), entry.get("IPv6Address")) if a]
        members.append(
            User(
                clean_text(entry.get("Name") or container_id[:12]),
                states.get(container_id, "running"),
                clean_text(" ".join(addresses)),
            )
        )
    return sorted(members, key=lambda u: u.name)


def service_tasks(session: EngineSession, service_id: str) -> list[Task]:
    from tui.engine.swarm.swarm import list_tasks  # docker-py: not before the first frame

    return list_tasks(session.client, service_id)


def object_counts(session: EngineSession) -> dict[str, int]:
    """How many images, volumes and networks the engine has (for the pane bar), three calls."""
    api = session.client.api
    with engine_call():
        images = len(api.images())
        volumes = len(api.volumes().get("Volumes") or [])
        networks = len(api.networks())
    return {"images": images, "volumes": volumes, "networks": networks}
