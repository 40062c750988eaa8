"""The door's operations on images (list, tag, remove, pull, push, build, save, load, import, ...) (see core/door.py).

Short calls run on the session's client (call them from a worker). Long ones (pull, push,
build, save, load, import) run on an ``OperationHandle`` that ``operation()`` opens on a
client of its own, so the UI can cancel them from another thread::

    with session.images.operation() as handle:
        session.images.pull(handle, "registry:5000/app:1", report)

Every operation that changes the engine or reaches a registry on the user's behalf calls
``writable()`` before any I/O, so read-only mode holds whatever the UI shows.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from tui.engine.core.door import Operations
from tui.engine.core.streaming import OperationHandle
from tui.engine.images import archive, build, history, images, registry_auth, transfer
from tui.engine.images import registry_search as search_module
from tui.engine.images.build import BuildOptions, BuildProgress
from tui.engine.images.history import HistoryEntry
from tui.engine.images.images import Image
from tui.engine.images.registry_search import SearchResult
from tui.engine.images.transfer import ProgressView

T = TypeVar("T")

Report = Callable[[ProgressView], None]
BuildOutput = Callable[[list[str], BuildProgress], None]


class ImageOps(Operations):
    """``session.images``: operations on images (list, tag, remove, pull, push, build, save, load, import, ...)."""

    # -- reading ----------------------------------------------------------------------------
    def streaming(self, read: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``read(client, *args, **kwargs)`` on a stream client of its own, given back after:
        for the readers of the image export (layers_read.py, layers_fetch.py), which stream
        a whole ``docker save``. Reading only: the host is written to, the engine is not."""
        client = self.session.stream_client()
        try:
            return read(client, *args, **kwargs)
        finally:
            self.session.release(client)

    def list(self) -> builtins.list[Image]:
        """Every image (intermediate ones too) and the containers made from each."""
        return images.list_images(self.client)

    def shared_sizes(self) -> dict[str, int]:
        """SharedSize per image id, from /system/df (slow on big engines: its own worker)."""
        return images.shared_sizes(self.client)

    def history(self, image: str) -> builtins.list[HistoryEntry]:
        """The layers of an image, newest first."""
        return history.image_history(self.client, image)

    def search(self, registry: str, term: str) -> builtins.list[SearchResult]:
        """Docker Hub through the engine, a private registry through its catalog API."""
        return search_module.search(self.client, registry, term)

    # -- short changes ----------------------------------------------------------------------
    def tag(self, image: str, reference: str) -> None:
        self.writable("tag")
        images.tag_image(self.client, image, reference)

    def remove(
        self, reference: str, image_id: str, *, force: bool = False, noprune: bool = False
    ) -> builtins.list[str]:
        """Remove (or untag) an image; the engine's Untagged:/Deleted: lines."""
        self.writable("remove image")
        return images.remove_image(self.client, reference, image_id, force=force, noprune=noprune)

    def login(self, registry: str, username: str, password: str) -> str:
        """Check the credentials with the engine, then store them like ``docker login``."""
        self.writable("log in")
        return registry_auth.login(self.client, registry, username, password)

    def logout(self, registry: str) -> bool:
        """Forget a stored login (local: the docker config only); False when there was none."""
        return registry_auth.logout(registry)

    def logged_in_user(self, registry: str) -> str | None:
        return registry_auth.logged_in_user(registry)

    # -- long operations --------------------------------------------------------------------
    @contextmanager
    def operation(self) -> Iterator[OperationHandle]:
        """A cancellable handle on a client of its own, released when the block ends."""
        client = self.session.stream_client()
        try:
            yield OperationHandle(client)
        finally:
            self.session.release(client)

    def pull(self, handle: OperationHandle, reference: str, report: Report) -> str:
        self.writable("pull")
        return transfer.pull(handle, reference, report)

    def push(self, handle: OperationHandle, reference: str, report: Report) -> str:
        self.writable("push")
        return transfer.push(handle, reference, report)

    def build(self, handle: OperationHandle, options: BuildOptions, on_output: BuildOutput) -> str:
        """Run a build; returns the new image's id (BuildFailed names the failing step)."""
        self.writable("build")
        return build.build(handle, options, on_output)

    def save(
        self,
        handle: OperationHandle,
        references: builtins.list[str],
        path: str,
        estimate: int,
        report: Report,
    ) -> str:
        """Write images into a tar file (reads the engine, writes a local file)."""
        return archive.save_images(handle, references, path, estimate, report)

    def load(self, handle: OperationHandle, path: str, report: Report) -> str:
        self.writable("load")
        return archive.load_images(handle, path, report)

    def import_rootfs(
        self,
        handle: OperationHandle,
        path: str,
        reference: str,
        changes: builtins.list[str],
        report: Report,
    ) -> str:
        self.writable("import")
        return archive.import_rootfs(handle, path, reference, changes, report)
