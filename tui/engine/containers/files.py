"""Files in a container, through the archive API: list, read, write, make folders, delete.

Reads work on running and stopped containers alike (GET/HEAD /containers/{id}/archive);
writes use PUT archive. The archive API cannot delete, so delete runs ``rm -rf -- PATH`` as
an argv (no shell) in a running container. Every changing operation first asks
``writable()`` (read-only mode refuses it here, whatever the UI shows). The lead wires
``ContainerFiles`` into the door (it takes the session, like every operation group).
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import docker

from tui.engine.containers.copy import (
    CHUNK,
    MODE_DIR,
    PathStat,
    Progress,
    _ChunkReader,
    _no_progress,
    copy_from_container,
    copy_to_container,
    stat_container_path,
)
from tui.engine.containers.files_model import (
    FileEntry,
    change_marks,
    child_name,
    children_changes,
    deleted_entry,
    digest,
    entry_from_member,
)
from tui.engine.core.door import Operations
from tui.engine.core.errors import Conflict, EngineError, NotFound, engine_call
from tui.engine.core.sanitize import clean_text

#: A folder lists at most this many entries (the stream is closed there).
MAX_ENTRIES = 20_000
#: A listing lets other threads run after this many tar headers (parsing holds the GIL).
YIELD_EVERY = 200
#: Files are viewed up to this many bytes unless asked for more.
VIEW_LIMIT = 1024 * 1024
#: Files bigger than this are not opened in an editor.
EDIT_LIMIT = 8 * 1024 * 1024


@dataclass(frozen=True)
class FileContent:
    path: str
    data: bytes
    size: int  # the whole file's size
    member: tarfile.TarInfo  # its tar header (mode, owner) for writing it back

    @property
    def truncated(self) -> bool:
        return len(self.data) < self.size


class ContainerFiles(Operations):
    """The files of one container (a session's client; call from a worker thread)."""

    def __init__(self, session: Any, container_id: str) -> None:
        super().__init__(session)
        self.container_id = container_id

    # reading ----------------------------------------------------------------------------

    def running(self) -> bool:
        with engine_call():
            state = self.client.api.inspect_container(self.container_id).get("State") or {}
        return bool(state.get("Running")) and not state.get("Paused")

    def stat(self, path: str) -> PathStat | None:
        return stat_container_path(self.client, self.container_id, path)

    def changes(self) -> dict[str, str]:
        """{path: "A" | "C" | "D"} as `docker diff` reports them."""
        with engine_call():
            return change_marks(self.client.api.diff(self.container_id))

    @contextlib.contextmanager
    def _archive(self, path: str) -> Iterator[tuple[tarfile.TarFile, dict[str, Any]]]:
        """A streamed tar of ``path`` and its path stat; the response is closed on exit,
        so a reader that stops early does not pull the rest of the archive."""
        api = self.client.api
        with engine_call():
            url = api._url("/containers/{0}/archive", self.container_id)
            response = api._get(url, params={"path": path}, stream=True)
            if response.status_code == 404:
                response.close()
                api.inspect_container(self.container_id)  # NotFound when the container is gone
                raise NotFound(f"no such file or folder in the container: {path}")
            api._raise_for_status(response)
        try:
            header = response.headers.get("X-Docker-Container-Path-Stat")
            stat = docker.utils.decode_json_header(header) if header else {}
            reader: Any = _ChunkReader(response.iter_content(CHUNK))
            with engine_call(), tarfile.open(fileobj=reader, mode="r|") as archive:
                yield archive, stat
        except tarfile.TarError as exc:
            raise EngineError(f"the container sent a broken archive: {exc}") from exc
        finally:
            response.close()

    def list_dir(
        self,
        folder: str,
        marks: dict[str, str] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> list[FileEntry]:
        """The direct children of ``folder`` (read from the tar headers only), deleted
        paths that `docker diff` reports included; sorted folders first, then by name."""
        folder = posixpath.normpath(folder or "/")
        marks = marks or {}
        entries: list[FileEntry] = []
        with self._archive(folder) as (archive, stat):
            if not int(stat.get("mode") or 0) & MODE_DIR:
                raise EngineError(f"not a folder: {folder}")
            top = str(stat.get("name") or "")
            for count, member in enumerate(archive, 1):
                if count % YIELD_EVERY == 0:
                    time.sleep(0)  # let the UI thread have the GIL now and then
                name = child_name(member.name, top)
                if name is not None:
                    path = posixpath.join(folder, name)
                    entries.append(entry_from_member(member, path, marks.get(path, "")))
                if len(entries) >= MAX_ENTRIES or cancelled():
                    break
        seen = {e.path for e in entries}
        for path, mark in children_changes(marks, folder).items():
            if mark == "D" and path not in seen:
                entries.append(deleted_entry(path))
        entries.sort(key=lambda e: (not e.is_dir, e.path))
        return entries

    def read(self, path: str, limit: int = VIEW_LIMIT) -> FileContent:
        """The first ``limit`` bytes of a file (the rest of the archive is never fetched)."""
        with self._archive(path) as (archive, _stat):
            member = archive.next()
            if member is None or not member.isfile():
                what = "a folder" if member is not None and member.isdir() else "not a file"
                raise EngineError(f"{path} is {what}: only files can be opened")
            handle = archive.extractfile(member)
            data = handle.read(limit) if handle is not None else b""
        return FileContent(path, data, member.size, member)

    def download(
        self,
        path: str,
        destination: str,
        progress: Progress = _no_progress,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> str:
        return copy_from_container(
            self.client, self.container_id, path, destination, progress, cancelled
        )

    # changing ---------------------------------------------------------------------------

    def upload(
        self,
        source: str,
        folder: str,
        progress: Progress = _no_progress,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> str:
        self.writable("uploading files")
        return copy_to_container(
            self.client, self.container_id, source, folder, progress, cancelled
        )

    def make_folder(self, parent: str, name: str) -> str:
        """A new empty folder ``name`` in ``parent`` (a tar holding one directory entry)."""
        self.writable("making a folder")
        name = name.strip().strip("/")
        if not name or name in (".", "..") or "/" in name:
            raise EngineError(f"not a folder name: {clean_text(name)!r} (no '/', not . or ..)")
        path = posixpath.join(parent, name)
        if self.stat(path) is not None:
            raise Conflict(f"{path} already exists")
        member = tarfile.TarInfo(name)
        member.type = tarfile.DIRTYPE
        member.mode = 0o755
        member.mtime = int(time.time())
        self._put(parent, member, b"")
        return path

    def write(self, original: FileContent, data: bytes) -> None:
        """Write an edited file back, unless it changed in the container since it was read."""
        self.writable("writing a file")
        current = self.read(original.path, limit=max(original.size, EDIT_LIMIT) + 1)
        if current.size != original.size or digest(current.data) != digest(original.data):
            raise Conflict(
                f"{original.path} changed in the container since it was opened: not written"
                " (open it again to edit the new content)"
            )
        member = tarfile.TarInfo(posixpath.basename(original.path))
        for attr in ("mode", "uid", "gid", "uname", "gname"):
            setattr(member, attr, getattr(original.member, attr))
        member.mtime = int(time.time())
        member.size = len(data)
        self._put(posixpath.dirname(original.path) or "/", member, data)

    def _put(self, folder: str, member: tarfile.TarInfo, data: bytes) -> None:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:") as archive:
            archive.addfile(member, io.BytesIO(data) if member.isfile() else None)
        with engine_call():
            self.client.api.put_archive(self.container_id, folder, buffer.getvalue())

    def delete(self, path: str) -> None:
        """``rm -rf -- path`` in the running container (the archive API cannot delete)."""
        self.writable("deleting files")
        path = posixpath.normpath(path)
        if path in ("/", "."):
            raise EngineError("refusing to delete the container's root folder")
        if not self.running():
            raise Conflict(
                "the container is not running: its files cannot be deleted without starting it"
                " (the engine's archive API can only read and add files)"
            )
        api = self.client.api
        with engine_call():
            exec_id = api.exec_create(self.container_id, ["rm", "-rf", "--", path])["Id"]
            output = api.exec_start(exec_id)
            code = api.exec_inspect(exec_id).get("ExitCode")
        if code != 0:
            reason = clean_text(output.decode("utf-8", "replace").strip()) or f"exit code {code}"
            raise EngineError(f"could not delete {path}: {reason}")
