"""The door's operations on containers (see core/door.py): ``session.containers``.

Listing, inspecting and the lifecycle are here; copies and exports are in ops_files.py,
exec, attach, commands and logs in ops_inside.py. Every operation that changes the engine
calls ``writable()`` first. Modules that import docker-py are imported on first call: the
containers pane reaches this group before the first paint, and docker-py must not delay it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.engine.containers.container_events import ContainerUpdate, watch_containers
from tui.engine.containers.containers import (
    ACTIONS,
    RemovalItem,
    get_container,
    list_containers,
    perform,
    removal_plan,
)
from tui.engine.containers.ops_change import ContainerChangeOps
from tui.engine.containers.ops_files import ContainerFileOps
from tui.engine.containers.ops_inside import ContainerInsideOps
from tui.engine.core.door import Operations
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container

if TYPE_CHECKING:
    import docker

    from tui.engine.containers.files import ContainerFiles
    from tui.engine.containers.ops_bulk import BulkResult
    from tui.engine.containers.run import Created, RunSpec
    from tui.engine.core.event_hub import Subscription
    from tui.engine.core.session import EngineSession

# Aliases: inside the class, ``list`` names the method.
Containers = list[Container]
Removals = list[RemovalItem]
Updates = list[ContainerUpdate]
TopTable = tuple[list[str], list[list[str]]]


def _nothing(container: Container) -> None:
    pass


class ContainerOps(ContainerChangeOps, ContainerFileOps, ContainerInsideOps, Operations):
    """``session.containers``: operations on containers (list, inspect, lifecycle, run, exec, copy, ...)."""

    # -- reading

    def list(self, all: bool = True) -> Containers:
        """Every container (``all=False``: the running ones), in one call."""
        return list_containers(self.client, all=all)

    def watch(
        self,
        opened: Callable[[Subscription], None],
        listed: Callable[[Containers], None],
        changed: Callable[[Updates], None],
        failed: Callable[[EngineError], None],
    ) -> None:
        """Blocking: keep a container list current from the session's events stream, on a
        client of its own, until the subscription handed to ``opened`` is closed (see
        container_events.watch_containers). Raises EngineError when the engine refuses."""
        session = self.session
        client = session.stream_client()
        try:
            watch_containers(client, session.events, opened, listed, changed, failed)
        finally:
            session.release(client)

    def get(self, container_id: str) -> Container | None:
        """One container as the list shows it; None when it no longer exists."""
        return get_container(self.client, container_id)

    def inspect(self, container_id: str) -> dict[str, Any]:
        """The full inspect document, every string made safe."""
        from tui.engine.containers.inspect import inspect_container

        return inspect_container(self.client, container_id)

    def top(self, container_id: str) -> TopTable:
        """The process list (titles, rows) of a running container."""
        from tui.engine.containers.inspect import top

        return top(self.client, container_id)

    def removal_plan(self, containers: Containers, with_volumes: bool) -> Removals:
        """What removing these containers would take with them (for the confirmation)."""
        return removal_plan(self.client, containers, with_volumes)

    def files(self, container_id: str) -> ContainerFiles:
        """The container's files (browse, read, write back, make folders, delete): files.py."""
        from tui.engine.containers.files import ContainerFiles

        return ContainerFiles(self.session, container_id)

    def waiter(self, container_id: str) -> StopWait:
        """A wait for the container to stop, on a client of its own (closable from any thread)."""
        return StopWait(self.session, container_id)

    # -- the lifecycle

    def act(
        self, action: str, *container_ids: str, stop_timeout: int = 10, signal: str | None = None
    ) -> None:
        """One lifecycle action (an ACTIONS id) on each container, one after the other
        (kill: with ``signal``, default SIGKILL)."""
        self._may(action)
        for container_id in container_ids:
            perform(self.client, action, container_id, stop_timeout=stop_timeout, signal=signal)

    def act_all(
        self,
        action: str,
        containers: Containers,
        stop_timeout: int = 10,
        finished: Callable[[Container], None] = _nothing,
        signal: str | None = None,
    ) -> BulkResult:
        """One action on many containers in parallel; ``finished`` (a pool thread) as each is
        done. Failures are collected in the result, not raised (ReadOnlyError is raised)."""
        from tui.engine.containers.ops_bulk import run_bulk

        self._may(action)
        return run_bulk(self.client, action, containers, stop_timeout, finished, signal)

    def start(self, *container_ids: str) -> None:
        self.act("start", *container_ids)

    def stop(self, *container_ids: str, timeout: int = 10) -> None:
        self.act("stop", *container_ids, stop_timeout=timeout)

    def restart(self, *container_ids: str, timeout: int = 10) -> None:
        self.act("restart", *container_ids, stop_timeout=timeout)

    def pause(self, *container_ids: str) -> None:
        self.act("pause", *container_ids)

    def unpause(self, *container_ids: str) -> None:
        self.act("unpause", *container_ids)

    def kill(self, *container_ids: str) -> None:
        self.act("kill", *container_ids)

    def remove(self, *container_ids: str, force: bool = False) -> None:
        """Remove (``force``: kill first and take the anonymous volumes along, ``rm -fv``)."""
        self.act("force_remove" if force else "remove", *container_ids)

    def run(self, spec: RunSpec) -> Created:
        """`docker create` (+ `docker start` unless the spec says create only)."""
        from tui.engine.containers.run import run_container

        self.writable("creating a container" if spec.create_only else "running a container")
        return run_container(self.client, spec)

    def rename(self, container_id: str, new_name: str) -> None:
        from tui.engine.containers.run import rename_container

        self.writable("renaming a container")
        rename_container(self.client, container_id, new_name)

    def _may(self, action: str) -> None:
        if action not in ACTIONS:
            raise EngineError(f"unknown action {action!r}")
        self.writable(action.replace("_", " "))


class StopWait:
    """``docker wait`` on a client of its own: ``wait()`` blocks, ``close()`` (any thread) ends it."""

    def __init__(self, session: EngineSession, container_id: str) -> None:
        self._session = session
        self.container_id = container_id
        self._lock = threading.Lock()
        self._client: docker.DockerClient | None = None
        self._closed = False

    def wait(self) -> int | None:
        """Block until the container stops; its exit code. Raises EngineError (also when
        closed meanwhile: the caller tells that apart by having closed it)."""
        from tui.engine.containers.run import wait_container

        client = self._session.stream_client()
        with self._lock:
            closed, self._client = self._closed, client
        if closed:
            self._session.release(client)
            raise EngineError("the wait was closed")
        try:
            return wait_container(client, self.container_id)
        finally:
            self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            client, self._client = self._client, None
        if client is not None:
            self._session.release(client)
