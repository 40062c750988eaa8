"""Keep a container list current from the engine's events stream (no polling).

Subscribe first (to the session's events hub), list second (as ``docker stats`` does), then
turn the container events into the containers' new list entries, in batches: whatever
arrived within :data:`LINGER` of the first event is one batch, each container in it is read
once (ids asked for in pages of :data:`PAGE` in one list call each), and the batch goes out
as one list of updates. The list is read again (and only the differences go out) whenever
the hub says ``back`` (events may have been missed: the engine was away or the reader fell
behind), when a read failed, and once the engine has been quiet for :data:`QUIET` after a
large batch, so the list converges to the engine's within seconds of a burst.

The engine emits an event a moment BEFORE its list view shows the change (seen on 20.10:
right after "pause" the list still says running), so an entry that does not yet show what
the event says is asked for again a few times, and after that the event's own state is
applied.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from tui.engine.containers.containers import list_containers
from tui.engine.core.errors import EngineError, engine_call
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
#: Seconds a batch waits for more events after its first one.
LINGER = 0.1
#: Container ids asked for in one list call.
PAGE = 100
#: A batch this large (or a failed read) calls for a fresh list once the engine is quiet.
LARGE = 50
#: Seconds of quiet before that fresh list; seconds between tries while reads fail.
QUIET = 1.0


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


def read_page(client: docker.DockerClient, ids: Sequence[str]) -> dict[str, Container]:
    """The list entries of these containers, in one call per :data:`PAGE` ids (gone ones
    are missing from the answer)."""
    found: dict[str, Container] = {}
    ids = list(ids)
    for start in range(0, len(ids), PAGE):
        page = ids[start : start + PAGE]
        with engine_call():
            raw = client.api.containers(all=True, filters={"id": page})
        for item in raw:
            container = Container.from_api(item)
            if container.id in page:  # the id filter matches prefixes too
                found[container.id] = container
    return found


def updates_for(
    client: docker.DockerClient, events: Sequence[EngineEvent]
) -> list[ContainerUpdate]:
    """What a batch of events means for the list: one update per container, each container
    read once (the last event of each decides). Raises EngineError when a read fails."""
    last: dict[str, tuple[EngineEvent, str]] = {}
    for event in events:
        action = event.action.split(":", 1)[0].strip()
        if action in REMOVE_ACTIONS or action in REFRESH_ACTIONS:
            last.pop(event.actor_id, None)  # keep the order of the last events
            last[event.actor_id] = (event, action)
    gone = [cid for cid, (_, action) in last.items() if action in REMOVE_ACTIONS]
    wanted = [cid for cid, (_, action) in last.items() if action not in REMOVE_ACTIONS]
    found = read_page(client, wanted) if wanted else {}
    for _ in range(RETRIES):  # the list may lag a moment behind its events
        lagging = [
            cid for cid in wanted if cid in found and not caught_up(last[cid][0], found[cid])
        ]
        if not lagging:
            break
        time.sleep(RETRY_DELAY)
        found.update(read_page(client, lagging))
    updates = [ContainerUpdate(cid, None, last[cid][0].time) for cid in gone]
    for cid in wanted:
        event, action = last[cid]
        container = found.get(cid)
        if container is None:
            updates.append(ContainerUpdate(cid, None, event.time))
            continue
        container = settle(event, container)
        began = (action == "start" and container.state == "running") or (
            action == "die" and container.state in ("exited", "dead")
        )
        updates.append(ContainerUpdate(cid, container, event.time, began))
    return updates


def update_for(client: docker.DockerClient, event: EngineEvent) -> ContainerUpdate | None:
    """What one event means for the list (None: nothing to show)."""
    updates = updates_for(client, [event])
    return updates[0] if updates else None


class _Mirror:
    """What the listener was last told, so that a fresh list sends only the differences."""

    def __init__(self) -> None:
        self.known: dict[str, Container] = {}

    def told(self, updates: Sequence[ContainerUpdate]) -> None:
        for update in updates:
            if update.container is None:
                self.known.pop(update.container_id, None)
            else:
                self.known[update.container_id] = update.container

    def differences(self, containers: Sequence[Container]) -> list[ContainerUpdate]:
        fresh = {c.id: c for c in containers}
        updates = [ContainerUpdate(cid, None) for cid in self.known if cid not in fresh]
        updates += [
            ContainerUpdate(cid, container)
            for cid, container in fresh.items()
            if not _same(self.known.get(cid), container)
        ]
        self.known = fresh
        return updates


def _same(before: Container | None, after: Container) -> bool:
    """Nothing the table shows changed (the status text's age, "Up 3 minutes", aside)."""
    if before is None or before.state != after.state:
        return False
    return (
        before.health == after.health
        and before.exit_code == after.exit_code
        and replace(before, status="") == replace(after, status="")
    )


def watch_containers(
    client: docker.DockerClient,
    events: EventHub,
    opened: Callable[[Subscription], None],
    listed: Callable[[list[Container]], None],
    changed: Callable[[list[ContainerUpdate]], None],
    failed: Callable[[EngineError], None],
) -> None:
    """Blocking: subscribe, list, then report the changes in batches until the subscription
    is closed.

    ``opened`` receives the subscription (close it from any thread to stop). ``listed``
    gets the first full list, ``changed`` every later batch (fresh lists included, as their
    differences). A failed list or read goes to ``failed`` and the list is read again a
    moment later. Raises EngineError when the engine refuses the events stream.
    """
    subscription = events.subscribe({"type": ["container"]})  # BEFORE listing
    opened(subscription)
    mirror = _Mirror()
    first = True
    stale = True  # a fresh list is due now
    when_quiet = False  # a fresh list is due once the engine is quiet
    try:
        while True:
            if stale:
                containers = _list(client, failed)
                if containers is not None:
                    stale = False
                    if first:
                        first = False
                        mirror.known = {c.id: c for c in containers}
                        listed(containers)
                    else:
                        updates = mirror.differences(containers)
                        if updates:
                            changed(updates)
            items = subscription.next_batch(QUIET if stale or when_quiet else None, LINGER)
            if items is None:
                return
            if not items:  # quiet
                stale = stale or when_quiet
                when_quiet = False
                continue
            backs = [
                index
                for index, item in enumerate(items)
                if isinstance(item, HubState) and item.kind == "back"
            ]
            if backs:  # events may have been missed: a fresh list (next turn) covers them
                stale = True
                items = items[backs[-1] + 1 :]
            batch = [item for item in items if isinstance(item, EngineEvent)]
            if not batch:
                continue
            try:
                updates = updates_for(client, batch)
            except EngineError as error:
                failed(error)
                stale = True
                continue
            if updates:
                mirror.told(updates)
                changed(updates)
            if len(batch) >= LARGE:
                when_quiet = True
    finally:
        subscription.close()


def _list(
    client: docker.DockerClient, failed: Callable[[EngineError], None]
) -> list[Container] | None:
    try:
        return list_containers(client)
    except EngineError as error:
        failed(error)
        time.sleep(QUIET)  # do not hammer an engine that fails
        return None
