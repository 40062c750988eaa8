"""The door's changes to an existing container (part of ``session.containers``): live limits
(``docker update``) and recreating it with changes (recreate.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.engine.containers.limits import Limits, limits_of, send_update, update_body
from tui.engine.core.door import Operations
from tui.engine.core.errors import engine_call

if TYPE_CHECKING:
    from tui.engine.containers.recreate import Recreated
    from tui.engine.containers.run import RunSpec


class ContainerChangeOps(Operations):
    def limits(self, container_id: str) -> Limits:
        """The container's current limits (CLI words)."""
        with engine_call():
            return limits_of(self.client.api.inspect_container(container_id))

    def update_limits(self, container_id: str, new: Limits) -> list[str]:
        """Send the limits that differ from the current ones (checked first); the engine's
        warnings are returned, its refusal raised in its words. Nothing changed: []."""
        self.writable("changing a container's limits")
        old = self.limits(container_id)
        with engine_call():
            ncpu = int(self.client.api.info().get("NCPU") or 0)
        body = update_body(new, old, ncpu)
        if not body:
            return []
        return send_update(self.client, container_id, body)

    def run_spec_of(self, container_id: str) -> RunSpec:
        """A run form's values made from the container's own configuration."""
        from tui.engine.containers.recreate import spec_of

        with engine_call():
            return spec_of(self.client, container_id)

    def recreate(self, container_id: str, spec: RunSpec) -> Recreated:
        """Replace the container by one made from ``spec`` under the same name (its anonymous
        volumes kept); when the new one does not start, the old one is put back."""
        from tui.engine.containers.recreate import recreate

        self.writable("recreating a container")
        return recreate(self.client, container_id, spec)
