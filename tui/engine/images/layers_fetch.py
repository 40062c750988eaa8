"""Take things out of an image's layers: a file's first bytes, files and folders to the host,
one layer as a tar. Each re-streams the image export and stops as soon as it has what it
needs (closing the response ends the engine's export); nothing is held but one buffer.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tarfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from tui.engine.core.errors import EngineError
from tui.engine.images.layers_read import Watch, export_stream
from tui.engine.images.layers_tar import READ_SIZE, TAR_BUFFER, clean_path

if TYPE_CHECKING:
    import docker

HEAD_LIMIT = 256 * 1024


@dataclass(frozen=True)
class FileHead:
    data: bytes
    size: int

    @property
    def truncated(self) -> bool:
        return len(self.data) < self.size


def _layers(
    client: docker.DockerClient, image_id: str, keys: set[str], watch: Watch
) -> Generator[tuple[str, IO[bytes]], None, None]:
    """The wanted layer tars as they pass in the export; stops after the last one."""
    remaining = set(keys)
    with export_stream(client, image_id, watch) as body:
        try:
            outer = tarfile.open(fileobj=cast(IO[bytes], body), mode="r|", bufsize=TAR_BUFFER)  # noqa: SIM115
            for member in outer:
                watch.count(0)
                if member.name in remaining and member.isreg():
                    stream = outer.extractfile(member)
                    if stream is not None:
                        yield member.name, stream
                    remaining.discard(member.name)
                    if not remaining:
                        return
        except tarfile.TarError as error:
            raise EngineError(f"the image export could not be read: {error}") from error
    if remaining:
        raise EngineError("the image export has no such layer")


def _members(stream: IO[bytes]) -> Iterator[tuple[str, tarfile.TarInfo, tarfile.TarFile]]:
    with tarfile.open(fileobj=stream, mode="r|*", bufsize=TAR_BUFFER) as tar:
        for member in tar:
            yield clean_path(member.name), member, tar


def read_head(
    client: docker.DockerClient,
    image_id: str,
    layer_key: str,
    path: str,
    limit: int = HEAD_LIMIT,
    watch: Watch | None = None,
) -> FileHead:
    """The first ``limit`` bytes of a regular file of one layer, and its size."""
    with contextlib.closing(_layers(client, image_id, {layer_key}, watch or Watch())) as found:
        for _, stream in found:
            for name, member, tar in _members(stream):
                if name == path and member.isreg():
                    content = tar.extractfile(member)
                    return FileHead(content.read(limit) if content else b"", member.size)
    raise EngineError(f"/{path} is not a file of that layer")


def export_layer(
    client: docker.DockerClient,
    image_id: str,
    layer_key: str,
    target: Path,
    watch: Watch | None = None,
) -> int:
    """Copy one layer's tar as it is in the export to ``target``; return its bytes."""
    written = 0
    with open(target, "wb") as out:
        for _, stream in _layers(client, image_id, {layer_key}, watch or Watch()):
            while chunk := stream.read(READ_SIZE):
                out.write(chunk)
                written += len(chunk)
    return written


def _inside(root: Path, relative: str) -> Path:
    target = root / relative
    parent = Path(os.path.realpath(target.parent))
    if parent != root and root not in parent.parents:
        raise EngineError(f"refusing to write outside {root}: {relative}")
    return target


def extract(
    client: docker.DockerClient,
    image_id: str,
    wanted: dict[str, set[str]],
    base: str,
    destination: Path,
    watch: Watch | None = None,
) -> list[Path]:
    """Write the paths (by the layer that holds each) below ``destination``.

    ``base`` is the image folder that becomes ``destination`` (the parent of what was chosen).
    Folders, regular files and symlinks are written; a hard link becomes a copy of its target.
    """
    root = Path(os.path.realpath(destination))
    root.mkdir(parents=True, exist_ok=True)
    cut = len(base) + 1 if base else 0
    written: list[Path] = []
    links: list[tuple[Path, str]] = []
    try:
        for key, stream in _layers(client, image_id, set(wanted), watch or Watch()):
            paths = wanted[key]
            for name, member, tar in _members(stream):
                if name not in paths:
                    continue
                target = _inside(root, name[cut:])
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                elif member.isreg():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    content = tar.extractfile(member)
                    with open(target, "wb") as out:
                        if content is not None:
                            shutil.copyfileobj(content, out, READ_SIZE)
                    target.chmod(member.mode & 0o755 | 0o600)
                elif member.issym() and not os.path.lexists(target):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.symlink_to(member.linkname)
                elif member.islnk():
                    links.append((target, clean_path(member.linkname)))
                    continue
                else:
                    continue
                written.append(target)
        for target, source in links:
            origin = root / source[cut:] if source.startswith(base) else None
            if origin is not None and origin.is_file():
                shutil.copyfile(origin, target)
                written.append(target)
    except OSError as error:
        raise EngineError(f"could not write to {destination}: {error.strerror or error}") from error
    return written
