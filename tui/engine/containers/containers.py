"""Listing containers and acting on them (start, stop, restart, pause, kill, remove...)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.engine.core.errors import EngineError, NotFound, engine_call
from tui.engine.core.model import Container
from tui.engine.core.sanitize import clean_text

if TYPE_CHECKING:
    import docker


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


@dataclass(frozen=True)
class Action:
    """One lifecycle action: its id, the words for it, and whether it changes anything."""

    id: str  # start | stop | restart | pause | unpause | kill | remove | force_remove
    doing: str  # "stopping"
    done: str  # "stopped"
    slow: bool = False  # may take seconds (stop waits up to its timeout): show progress


ACTIONS: dict[str, Action] = {
    a.id: a
    for a in (
        Action("start", "starting", "started"),
        Action("stop", "stopping", "stopped", slow=True),
        Action("restart", "restarting", "restarted", slow=True),
        Action("pause", "pausing", "paused"),
        Action("unpause", "unpausing", "unpaused"),
        Action("kill", "killing", "killed"),
        Action("remove", "removing", "removed"),
        Action("force_remove", "removing", "removed", slow=True),
    )
}


#: The signals the kill menu offers, most used first (`docker kill -s`).
KILL_SIGNALS = ("SIGKILL", "SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")


def perform(
    client: docker.DockerClient,
    action: str,
    container_id: str,
    *,
    stop_timeout: int = 10,
    signal: str | None = None,
) -> None:
    """Run one lifecycle action on one container (kill: with ``signal``, default SIGKILL).
    Blocking; raises EngineError."""
    api = client.api
    with engine_call():
        if action == "start":
            api.start(container_id)
        elif action == "stop":
            api.stop(container_id, timeout=stop_timeout)
        elif action == "restart":
            api.restart(container_id, timeout=stop_timeout)
        elif action == "pause":
            api.pause(container_id)
        elif action == "unpause":
            api.unpause(container_id)
        elif action == "kill":
            api.kill(container_id, signal=signal or "SIGKILL")
        elif action == "remove":
            api.remove_container(container_id)
        elif action == "force_remove":
            api.remove_container(container_id, force=True, v=True)
        else:
            raise EngineError(f"unknown action {action!r}")


_ANONYMOUS_VOLUME_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class RemovalItem:
    """What removing one container takes with it, for the confirmation dialog."""

    id: str
    name: str
    state: str
    gone: bool = False  # vanished before we could look
    volumes: tuple[str, ...] = ()  # anonymous volumes removed with it (force remove: -v)
    kept_volumes: tuple[str, ...] = ()  # named volumes and binds that stay


def removal_plan(
    client: docker.DockerClient, containers: list[Container], with_volumes: bool
) -> list[RemovalItem]:
    """Inspect each container to say exactly what a remove (force, -v) would take."""
    items: list[RemovalItem] = []
    for container in containers:
        try:
            with engine_call():
                raw = client.api.inspect_container(container.id)
        except NotFound:
            items.append(RemovalItem(container.id, container.name, container.state, gone=True))
            continue
        removed: list[str] = []
        kept: list[str] = []
        for mount in raw.get("Mounts") or []:
            kind = mount.get("Type", "")
            name = clean_text(mount.get("Name") or mount.get("Source") or "")
            where = clean_text(mount.get("Destination", ""))
            label = f"{name[:12] if _ANONYMOUS_VOLUME_RE.match(name) else name} at {where}"
            if with_volumes and kind == "volume" and _ANONYMOUS_VOLUME_RE.match(name):
                removed.append(label)
            else:
                kept.append(f"{kind} {label}")
        state = clean_text((raw.get("State") or {}).get("Status", container.state))
        items.append(
            RemovalItem(
                container.id,
                container.name,
                state,
                volumes=tuple(removed),
                kept_volumes=tuple(kept),
            )
        )
    return items
