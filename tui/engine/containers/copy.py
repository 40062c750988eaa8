"""docker cp both ways, with progress, and path listings for completion on both sides.

Semantics follow `docker cp`: a destination that is an existing directory receives the
source under its own name; otherwise the destination names the copy (its parent must exist).
Archives from a container are untrusted: they are extracted with tarfile's "data" filter
(no absolute paths, no ``..``, no links out, no devices).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import posixpath
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker

from tui.engine.core.errors import EngineError, NotFound, engine_call
from tui.engine.core.sanitize import clean_text

Progress = Callable[[int, "int | None"], None]  # (bytes done, total bytes or None)
CHUNK = 1024 * 1024
#: Go's os.ModeDir and os.ModeSymlink bits in the engine's path stat.
MODE_DIR = 1 << 31
MODE_SYMLINK = 1 << 27
#: Completion lists at most this many entries of one directory.
MAX_LISTING = 2000


def _no_progress(done: int, total: int | None) -> None:
    pass


@dataclass(frozen=True)
class PathStat:
    name: str
    size: int
    mode: int
    link_target: str = ""

    @property
    def is_dir(self) -> bool:
        return bool(self.mode & MODE_DIR)

    @classmethod
    def from_header(cls, header: str) -> PathStat:
        raw = json.loads(base64.b64decode(header))
        return cls(
            name=str(raw.get("name", "")),
            size=int(raw.get("size") or 0),
            mode=int(raw.get("mode") or 0),
            link_target=str(raw.get("linkTarget") or ""),
        )


def _host_error(action: str, exc: OSError) -> EngineError:
    reason = exc.strerror or type(exc).__name__
    where = f": {exc.filename}" if exc.filename else ""
    return EngineError(f"cannot {action} on the host ({reason}{where})")


def stat_container_path(
    client: docker.DockerClient, container_id: str, path: str
) -> PathStat | None:
    """What is at ``path`` in the container (HEAD /archive); None when nothing is there."""
    api = client.api
    with engine_call():
        url = api._url("/containers/{0}/archive", container_id)
        response = api.head(url, params={"path": path}, timeout=api.timeout)
        if response.status_code == 404:
            # A missing container and a missing path are both 404 (HEAD has no body).
            api.inspect_container(container_id)  # raises NotFound when the container is gone
            return None
        api._raise_for_status(response)
    header = response.headers.get("X-Docker-Container-Path-Stat")
    return PathStat.from_header(header) if header else None


def copy_from_container(
    client: docker.DockerClient,
    container_id: str,
    source: str,
    destination: str,
    progress: Progress = _no_progress,
    cancelled: Callable[[], bool] = lambda: False,
) -> str:
    """Copy ``source`` (file or directory) out of the container; returns the host path made."""
    dest = Path(destination).expanduser()
    if dest.is_dir():
        target_dir, new_name = dest, None
    else:
        target_dir, new_name = dest.parent, dest.name
        if not target_dir.is_dir():
            raise EngineError(f"no such directory on the host: {clean_text(str(target_dir))}")
    if not os.access(target_dir, os.W_OK):
        raise EngineError(
            f"cannot write to {clean_text(str(target_dir))} on the host (permission denied)"
        )
    with engine_call():
        try:
            stream, stat = client.api.get_archive(container_id, source)
        except docker.errors.NotFound as exc:
            raise NotFound(f"no such file or directory in the container: {source}") from exc
    is_dir = bool(int(stat.get("mode") or 0) & MODE_DIR)
    total = None if is_dir else int(stat.get("size") or 0)
    top = str(stat.get("name") or posixpath.basename(source.rstrip("/")))
    try:
        with tempfile.TemporaryFile() as spool:
            done = 0
            with engine_call():
                for chunk in stream:
                    if cancelled():
                        raise EngineError("copy cancelled")
                    spool.write(chunk)
                    done += len(chunk)
                    progress(min(done, total) if total is not None else done, total)
            spool.seek(0)
            with tarfile.open(fileobj=spool, mode="r:") as archive:
                members = list(_renamed(archive.getmembers(), top, new_name))
                archive.extractall(target_dir, members=members, filter=_safe_filter)
    except tarfile.TarError as exc:
        raise EngineError(f"the container sent an archive that is unsafe or broken: {exc}") from exc
    except OSError as exc:
        raise _host_error("write the copy", exc) from exc
    if total is not None:
        progress(total, total)
    return str(target_dir / (new_name or top))


def _safe_filter(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """tarfile's "data" filter, except that symlinks may point anywhere (as `docker cp` keeps
    them): the filter still refuses any member whose real path leaves the destination."""
    try:
        return tarfile.data_filter(member, path)
    except (tarfile.AbsoluteLinkError, tarfile.LinkOutsideDestinationError):
        if member.issym():
            return tarfile.tar_filter(member, path)
        raise


def _renamed(
    members: list[tarfile.TarInfo], top: str, new_name: str | None
) -> Iterator[tarfile.TarInfo]:
    for member in members:
        if new_name:
            if member.name == top:
                member.name = new_name
            elif member.name.startswith(top + "/"):
                member.name = new_name + member.name[len(top) :]
        yield member


def copy_to_container(
    client: docker.DockerClient,
    container_id: str,
    source: str,
    destination: str,
    progress: Progress = _no_progress,
    cancelled: Callable[[], bool] = lambda: False,
) -> str:
    """Copy a host file or directory into the container; returns the container path made."""
    src = Path(source).expanduser()
    if not src.exists():
        raise EngineError(f"no such file or directory on the host: {clean_text(source)}")
    if not os.access(src, os.R_OK):
        raise EngineError(f"cannot read {clean_text(source)} on the host (permission denied)")
    stat = stat_container_path(client, container_id, destination)
    if stat is not None and stat.is_dir:
        put_dir, name = destination, src.name
    else:
        put_dir = posixpath.dirname(destination.rstrip("/")) or "/"
        name = posixpath.basename(destination.rstrip("/")) or src.name
        parent = stat_container_path(client, container_id, put_dir)
        if parent is None or not parent.is_dir:
            raise NotFound(f"no such directory in the container: {put_dir}")
    with tempfile.TemporaryFile() as spool:
        try:
            with tarfile.open(fileobj=spool, mode="w:") as archive:
                archive.add(str(src), arcname=name)
        except OSError as exc:
            raise _host_error("read the source", exc) from exc
        total = spool.tell()
        spool.seek(0)

        def chunks() -> Iterator[bytes]:
            done = 0
            while True:
                if cancelled():
                    raise EngineError("copy cancelled")
                data = spool.read(CHUNK)
                if not data:
                    return
                done += len(data)
                progress(done, total)
                yield data

        with engine_call():
            client.api.put_archive(container_id, put_dir, chunks())
    return posixpath.join(put_dir, name)


def list_container_dir(
    client: docker.DockerClient, container_id: str, directory: str, *, use_exec: bool = True
) -> list[str]:
    """Entry names of a container directory, directories ending in "/" (for completion).

    A running container is asked with ``ls`` (an exec) unless ``use_exec`` is False; otherwise
    the names are read from an archive of the directory."""
    directory = directory or "/"
    with engine_call():
        state = client.api.inspect_container(container_id).get("State") or {}
        if use_exec and state.get("Running") and not state.get("Paused"):
            exec_id = client.api.exec_create(container_id, ["ls", "-1Ap", directory])["Id"]
            output = client.api.exec_start(exec_id)
            if client.api.exec_inspect(exec_id).get("ExitCode") == 0:
                names = output.decode("utf-8", "replace").splitlines()
                return [clean_text(n) for n in names[:MAX_LISTING] if n]
        return _list_from_archive(client, container_id, directory)


class _ChunkReader:
    """A file-like over an iterator of byte chunks (for streaming tarfile reads)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            try:
                self._buffer += next(self._chunks)
            except StopIteration:
                break
        if size < 0:
            size = len(self._buffer)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out


def _list_from_archive(client: docker.DockerClient, container_id: str, directory: str) -> list[str]:
    try:
        stream, stat = client.api.get_archive(container_id, directory.rstrip("/") or "/")
    except docker.errors.NotFound:
        return []
    if not int(stat.get("mode") or 0) & MODE_DIR:
        return []
    names: list[str] = []
    top = str(stat.get("name") or "")
    reader: Any = _ChunkReader(iter(stream))
    with tarfile.open(fileobj=reader, mode="r|") as archive:
        for member in archive:
            parts = member.name.rstrip("/").split("/")
            if len(parts) == 2 and parts[0] == top:
                names.append(clean_text(parts[1] + ("/" if member.isdir() else "")))
            if len(names) >= MAX_LISTING:
                break
    return names


def list_host_dir(directory: str) -> list[str]:
    """Entry names of a host directory, directories ending in "/"."""
    path = Path(directory or ".").expanduser()
    out: list[str] = []
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                suffix = "/" if entry.is_dir() else ""
                out.append(entry.name + suffix)
                if len(out) >= MAX_LISTING:
                    break
    except OSError:
        return []
    return out


def complete_path(typed: str, listing: Callable[[str], list[str]]) -> str | None:
    """The completion of ``typed``: the unique entry, or the longest common prefix (or None)."""
    head, _, tail = typed.rpartition("/")
    directory = head + "/" if typed.startswith("/") or head else ""
    names = [n for n in listing(directory or ".") if n.startswith(tail)]
    if not names:
        return None
    common = os.path.commonprefix(names)
    if len(common) <= len(tail):
        return None
    return (head + "/" if "/" in typed else "") + common


def export_container(
    client: docker.DockerClient,
    container_id: str,
    destination: str,
    progress: Progress = _no_progress,
    cancelled: Callable[[], bool] = lambda: False,
    total: int | None = None,
) -> int:
    """The container's filesystem as a tar file at ``destination``; returns its size."""
    dest = Path(destination).expanduser()
    if dest.is_dir():
        raise EngineError(f"{clean_text(destination)} is a directory: give a file name")
    if not dest.parent.is_dir():
        raise EngineError(f"no such directory on the host: {clean_text(str(dest.parent))}")
    partial = dest.with_name(dest.name + ".part")
    done = 0
    try:
        with open(partial, "wb") as out, engine_call():
            for chunk in client.api.export(container_id, chunk_size=CHUNK):
                if cancelled():
                    raise EngineError("export cancelled")
                out.write(chunk)
                done += len(chunk)
                progress(done, total)
        partial.replace(dest)
    except OSError as exc:
        raise _host_error("write the export", exc) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return done
