"""The door's operations on volumes, networks and the engine as a whole (see core/door.py).

Every call is blocking (run it from a worker). Each operation that changes the engine calls
``writable()`` before any I/O, so read-only mode holds whatever the UI shows.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

from tui.engine.core.door import Operations
from tui.engine.resources import networks, prune, volumes
from tui.engine.resources.disk_usage import DiskUsage, read_disk_usage
from tui.engine.resources.info import EngineReport, read_engine_report
from tui.engine.resources.networks import ContainerChoice, Network
from tui.engine.resources.prune import PruneKind, PrunePlan, PruneResult
from tui.engine.resources.volumes import Volume

if TYPE_CHECKING:
    from tui.engine.containers.files_volume import VolumeView


class VolumeOps(Operations):
    """``session.volumes``: list, inspect, create, remove."""

    def list(self, sizes: dict[str, int] | None = None) -> builtins.list[Volume]:
        """Every volume with the containers using it; ``sizes`` from a disk-usage read."""
        return volumes.list_volumes(self.client, sizes)

    def inspect(self, name: str) -> dict[str, Any]:
        return volumes.inspect_volume(self.client, name)

    def create(
        self, name: str, driver: str = "local", labels: dict[str, str] | None = None
    ) -> Volume:
        """Create a volume (a name already taken is refused)."""
        self.writable("create volume")
        return volumes.create_volume(self.client, name, driver, labels)

    def remove(self, name: str) -> None:
        """Remove a volume; refused, naming them, while containers use it."""
        self.writable("remove volume")
        volumes.remove_volume(self.client, name)

    def open_files(self, volume: str, helper_image: str) -> VolumeView:
        """Where to browse ``volume``'s files: a container that mounts it, else a short-lived
        helper container from ``helper_image`` (files_volume.py; never pulled)."""
        from tui.engine.containers.files_volume import open_volume

        return open_volume(self.session, volume, helper_image)

    def close_files(self, view: VolumeView) -> None:
        """Remove the helper container, if one was made (a mounting container stays)."""
        from tui.engine.containers.files_volume import close_volume

        close_volume(self.session, view)


class NetworkOps(Operations):
    """``session.networks``: list, inspect, create, connect, disconnect, remove."""

    def list(self) -> builtins.list[Network]:
        return networks.list_networks(self.client)

    def inspect(self, network_id: str) -> dict[str, Any]:
        return networks.inspect_network(self.client, network_id)

    def container_choices(self) -> builtins.list[ContainerChoice]:
        """The containers that could be connected to / disconnected from a network."""
        return networks.container_choices(self.client)

    def create(
        self,
        name: str,
        driver: str = "bridge",
        subnet: str = "",
        gateway: str = "",
        labels: dict[str, str] | None = None,
    ) -> str:
        """Create a network; returns its id."""
        self.writable("create network")
        return networks.create_network(self.client, name, driver, subnet, gateway, labels)

    def connect(self, network_id: str, container_id: str) -> None:
        self.writable("connect to a network")
        networks.connect(self.client, network_id, container_id)

    def disconnect(self, network_id: str, container_id: str) -> None:
        self.writable("disconnect from a network")
        networks.disconnect(self.client, network_id, container_id)

    def remove(self, network_id: str) -> None:
        """Remove a network; refused, naming them, while containers are attached."""
        self.writable("remove network")
        networks.remove_network(self.client, network_id)


class SystemOps(Operations):
    """``session.system``: prune, disk usage, the engine's own report."""

    def plan_prune(self, kind: PruneKind, labels: dict[str, str] | None = None) -> PrunePlan:
        """What a prune of this kind would remove now (reads only: allowed when read-only)."""
        return prune.plan_prune(self.client, kind, labels)

    def prune(self, plan: PrunePlan) -> PruneResult:
        """Remove what the plan lists, and nothing more."""
        self.writable("prune")
        return prune.run_prune(self.client, plan)

    def disk_usage(self) -> DiskUsage:
        """One /system/df read (the engine walks every volume: seconds on big hosts)."""
        return read_disk_usage(self.client)

    def engine_report(self) -> EngineReport:
        """What the engine says about itself (/info, /version) and the client side."""
        return read_engine_report(self.client)
