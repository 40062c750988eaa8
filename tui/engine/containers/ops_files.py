"""The door's file operations on containers: `docker cp` both ways, listings, export.

Part of ``session.containers`` (see ops.py). Copying into a container changes it, so it needs
a writable session; copying out and exporting only read it. Listing a directory runs ``ls``
in a running container, except in read-only mode (no exec then): it reads an archive instead.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.engine.core.door import Operations

Progress = Callable[[int, "int | None"], None]  # (bytes done, total bytes or None)


def _no_progress(done: int, total: int | None) -> None:
    pass


def _never() -> bool:
    return False


class ContainerFileOps(Operations):
    """Files in and out of containers (mixed into ContainerOps)."""

    def list_dir(self, container_id: str, directory: str) -> list[str]:
        """Entry names of a container directory, directories ending in "/" (for completion)."""
        from tui.engine.containers.copy import list_container_dir

        return list_container_dir(
            self.client, container_id, directory, use_exec=not self.session.read_only
        )

    def copy_from(
        self,
        container_id: str,
        source: str,
        destination: str,
        progress: Progress = _no_progress,
        cancelled: Callable[[], bool] = _never,
    ) -> str:
        """Copy ``source`` out of the container to the host; the host path made."""
        from tui.engine.containers.copy import copy_from_container

        return copy_from_container(
            self.client, container_id, source, destination, progress, cancelled
        )

    def copy_to(
        self,
        container_id: str,
        source: str,
        destination: str,
        progress: Progress = _no_progress,
        cancelled: Callable[[], bool] = _never,
    ) -> str:
        """Copy a host file or directory into the container; the container path made."""
        from tui.engine.containers.copy import copy_to_container

        self.writable("copying into a container")
        return copy_to_container(
            self.client, container_id, source, destination, progress, cancelled
        )

    def export(
        self,
        container_id: str,
        destination: str,
        progress: Progress = _no_progress,
        cancelled: Callable[[], bool] = _never,
        total: int | None = None,
    ) -> int:
        """The container's filesystem as a tar file on the host; its size."""
        from tui.engine.containers.copy import export_container

        return export_container(self.client, container_id, destination, progress, cancelled, total)
