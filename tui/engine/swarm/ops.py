"""The door's operations on a swarm (nodes, services, tasks) (see core/door.py).

Every call is blocking (run it from a worker). Each change (scale, update, rolling restart,
rollback, remove, node availability, demote) calls ``writable()`` before any I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tui.engine.containers.containers import get_container
from tui.engine.core.door import Operations
from tui.engine.core.model import Container
from tui.engine.swarm import swarm
from tui.engine.swarm.swarm_model import Node, Service, SwarmState, Task


class SwarmOps(Operations):
    """``session.swarm``: nodes, services, tasks."""

    # -- reading ----------------------------------------------------------------------------
    def state(self) -> SwarmState:
        """Raises Unsupported for an engine without a swarm API at all."""
        return swarm.swarm_state(self.client)

    def services(self) -> list[Service]:
        return swarm.list_services(self.client)

    def nodes(self) -> list[Node]:
        return swarm.list_nodes(self.client)

    def tasks(self, service_id: str | None = None) -> list[Task]:
        return swarm.list_tasks(self.client, service_id)

    def task_container(self, container_id: str) -> Container | None:
        """The container of a task on the connected node; None when it no longer exists."""
        return get_container(self.client, container_id)

    @contextmanager
    def service_logs(
        self, service_id: str, tail: int = 200, follow: bool = True
    ) -> Iterator[swarm.ServiceLogStream]:
        """The merged logs of a service on a client of its own; ``close()`` from any thread."""
        client = self.session.stream_client()
        try:
            yield swarm.ServiceLogStream(client, service_id, tail=tail, follow=follow)
        finally:
            self.session.release(client)

    # -- services ---------------------------------------------------------------------------
    def scale(self, service_id: str, replicas: int) -> None:
        self.writable("scale")
        swarm.scale_service(self.client, service_id, replicas)

    def update_image(self, service_id: str, image: str) -> None:
        self.writable("update")
        swarm.update_image(self.client, service_id, image)

    def force_restart(self, service_id: str) -> None:
        """A rolling restart: every task is replaced."""
        self.writable("restart")
        swarm.force_restart(self.client, service_id)

    def rollback(self, service_id: str) -> None:
        self.writable("rollback")
        swarm.rollback_service(self.client, service_id)

    def remove_service(self, service_id: str) -> None:
        self.writable("remove service")
        swarm.remove_service(self.client, service_id)

    # -- nodes ------------------------------------------------------------------------------
    def set_availability(self, node_id: str, availability: str) -> None:
        self.writable("node availability")
        swarm.set_node_availability(self.client, node_id, availability)

    def demote(self, node_id: str) -> None:
        self.writable("demote")
        swarm.demote_node(self.client, node_id)
