"""Keep a container list current from the engine's events stream (no polling).

Subscribe first (to the session's events hub), list second (as ``docker stats`` does), then
turn each container event into the container's new list entry; list again whenever the hub
says it is ``back`` (events may have been missed while the engine was away). The engine emits an event a moment BEFORE its list view
shows the change (seen on 20.10: right after "pause" the list still says running), so an
entry that does not yet show what the event says is asked for again a few times, and after
that the event's own state is applied.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from tui.engine.containers.containers import get_container, list_containers
from tui.engine.core.errors import EngineError
from tui.engine.core.event_hub import HubState
from tui.engine.core.model import Container, EngineEvent

if TYPE_CHECKING:
    import docker

    from tui.engine.core.event_hub import EventHub, Subscription

#: Container event actions that change what the table shows (exec_*, top, attach... do not).
REFRESH_ACTIONS = frozenset(
    {
        "create", "start", "restart", "die", "stop", "kill", "pause", "unpause",
        "rename", "update", "oom", "health_status",
    }
)  # fmt: skip
REMOVE_ACTIONS = frozenset({"destroy"})

#: How often and how long to ask again when the list lags behind an event.
RETRIES = 8
RETRY_DELAY = 0.025


@dataclass(frozen=True)
class ContainerUpdate:
    container_id: str
    container: Container | None  # None: it is gone
    when: datetime | None = None  # the event's time
    began: bool = False  # the event started the container's current state (start, die)


def _expected(event: EngineEvent, action: str) -> tuple[str, ...] | None:
    """The states the list must show once it has caught up with this event."""
    if action == "create":
        return ("created",)
    if action in ("start", "unpause"):
        return ("running",)
    if action == "pause":
        return ("paused",)
    if action in ("die", "stop"):
        return ("exited", "dead", "restarting")
    return None


def _health(event: EngineEvent) -> str | None:
    _, _, health = event.action.partition(":")
    return health.strip() or None


def settle(event: EngineEvent, container: Container) -> Container:
    """The entry with the event's state applied (the list still lags after the retries)."""
    action = event.action.split(":", 1)[0].strip()
    expected = _expected(event, action)
    if expected is None or container.state in expected:
        return container
    state = expected[0]
    if state == "exited":
        code = event.attributes.get("exitCode", "0")
        return replace(container, state=state, status=f"Exited ({code}) Less than a second ago")
    if state == "running":
        return replace(container, state=state, status="Up Less than a second")
    if state == "paused":
        return replace(container, state=state, status=f"{container.status} (Paused)")
    return replace(container, state=state, status=state.capitalize())


def caught_up(event: EngineEvent, container: Container) -> bool:
    action = event.action.split(":", 1)[0].strip()
    expected = _expected(event, action)
    if expected is not None and container.state not in expected:
        return False
    health = _health(event) if action == "health_status" else None
    return health is None or container.health == health


def update_for(client: docker.DockerClient, event: EngineEvent) -> ContainerUpdate | None:
    """What one event means for the list (None: nothing to show)."""
    action = event.action.split(":", 1)[0].strip()
    if action in REMOVE_ACTIONS:
        return ContainerUpdate(event.actor_id, None, event.time)
    if action not in REFRESH_ACTIONS:
        return None
    container = get_container(client, event.actor_id)
    for _ in range(RETRIES):
        if container is None or caught_up(event, container):
            break
        time.sleep(RETRY_DELAY)
        container = get_container(client, event.actor_id)
    if container is None:
        return ContainerUpdate(event.actor_id, None, event.time)
    container = settle(event, container)
    began = (action == "start" and container.state == "running") or (
        action == "die" and container.state in ("exited", "dead")
    )
    return ContainerUpdate(event.actor_id, container, event.time, began)


def watch_containers(
    client: docker.DockerClient,
    events: EventHub,
    opened: Callable[[Subscription], None],
    listed: Callable[[list[Container]], None],
    changed: Callable[[ContainerUpdate], None],
    failed: Callable[[EngineError], None],
) -> None:
    """Blocking: subscribe, list, then report every change until the subscription is closed.

    ``opened`` receives the subscription (close it from any thread to stop). A failed list or
    lookup goes to ``failed`` and the watch goes on (the hub's ``back`` lists again). Raises
    EngineError when the engine refuses the events stream.
    """
    subscription = events.subscribe({"type": ["container"]})  # BEFORE listing
    opened(subscription)
    try:
        _list(client, listed, failed)
        for item in subscription:
            if isinstance(item, HubState):
                if item.kind == "back":
                    _list(client, listed, failed)
                continue
            try:
                update = update_for(client, item)
            except EngineError as error:
                failed(error)
                continue
            if update is not None:
                changed(update)
    finally:
        subscription.close()


def _list(
    client: docker.DockerClient,
    listed: Callable[[list[Container]], None],
    failed: Callable[[EngineError], None],
) -> None:
    try:
        containers = list_containers(client)
    except EngineError as error:
        failed(error)
        return
    listed(containers)
