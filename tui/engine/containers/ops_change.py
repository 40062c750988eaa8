"""The door's changes to an existing container (part of ``session.containers``): live limits
(``docker update``) and recreating it with changes (recreate.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.engine.containers.limits import Limits, limits_of, send_update, update_body
from tui.engine.core.door import Operations
from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.model import Container
from tui.engine.core.sanitize import clean_text

if TYPE_CHECKING:
    from tui.engine.containers.recreate import Recreated
    from tui.engine.containers.run import RunSpec
    from tui.engine.images.updates import ImageUpdate


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

    # -- newer images

    def image_updates(self, containers: list[Container]) -> list[ImageUpdate]:
        """For the running ones: does their registry hold a newer image under their tag?"""
        from tui.engine.images.updates import check_updates

        return check_updates(self.client, containers)

    def pull_and_recreate(self, container: Container) -> str:
        """Pull the container's image again and recreate it on the new one: a compose
        service through compose (``up -d --force-recreate``), any other with recreate()."""
        from tui.engine.images.transfer import pull
        from tui.engine.images.updates import started_from

        self.writable("updating a container's image")
        reference = started_from(self.client, container.id)
        with self.session.images.operation() as handle:
            pull(handle, reference, lambda _view: None)
        project = container.labels.get("com.docker.compose.project", "")
        service = container.labels.get("com.docker.compose.service", "")
        if project and service:
            compose = self.session.compose
            found = [p for p in compose.projects() if p.name == project]
            if found and compose.files_here(found[0]) is None:
                outcome = compose.start(found[0], "recreate", [service]).lines()
                if not outcome.ok:
                    last = outcome.lines[-1] if outcome.lines else f"exit code {outcome.exit_code}"
                    raise EngineError(f"compose could not recreate {service}: {last}")
                return f"pulled {clean_text(reference)}; compose recreated {service} of {project}"
        made = self.recreate(container.id, self.run_spec_of(container.id))
        return f"pulled {clean_text(reference)}; recreated {made.name} on the new image"
