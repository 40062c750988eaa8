"""Save images to a tar file, load images from one, import a root filesystem tar as an image.

All three stream (the file is never held in memory), report progress in bytes and are
cancellable through their OperationHandle. Missing, unreadable and corrupt files are refused
with a clear message before the engine is asked.
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import humanize

from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.sanitize import clean_text
from tui.engine.core.streaming import OperationHandle, Throttle
from tui.engine.images.images import split_reference
from tui.engine.images.transfer import ProgressView

CHUNK = 1 << 20
Report = Callable[[ProgressView], None]


def readable_tar(path: str) -> Path:
    """The path of an existing, readable tar archive, or a clear EngineError."""
    source = Path(path).expanduser()
    shown = clean_text(str(source))
    if not source.exists():
        raise EngineError(f"no such file: {shown}")
    if source.is_dir():
        raise EngineError(f"{shown} is a folder, not a tar file")
    if not os.access(source, os.R_OK):
        raise EngineError(f"cannot read {shown}: permission denied")
    if source.stat().st_size == 0:
        raise EngineError(f"{shown} is empty")
    try:
        ok = tarfile.is_tarfile(source)
    except OSError as error:
        raise EngineError(f"cannot read {shown}: {error.strerror or error}") from error
    if not ok:
        raise EngineError(f"{shown} is not a tar archive (corrupt or another format)")
    return source


def writable_target(path: str) -> Path:
    target = Path(path).expanduser()
    shown = clean_text(str(target))
    if not str(path).strip():
        raise EngineError("give a file name to save to")
    if target.is_dir():
        raise EngineError(f"{shown} is a folder: give a file name")
    if not target.parent.is_dir():
        raise EngineError(f"the folder {clean_text(str(target.parent))} does not exist")
    if not os.access(target.parent, os.W_OK):
        raise EngineError(f"cannot write in {clean_text(str(target.parent))}: permission denied")
    return target


def _bytes_view(done: int, total: int, verb: str, finished: bool = False) -> ProgressView:
    fraction = min(done / total, 0.99) if total > 0 else None
    headline = f"{humanize.naturalsize(done)} {verb}"
    if total > 0:
        headline += f" of ~{humanize.naturalsize(total)}"
    return ProgressView(overall=1.0 if finished else fraction, headline=headline, finished=finished)


class CountingReader:
    """A file handed to requests as a request body, counting what has been sent."""

    def __init__(self, handle: Any, size: int, on_read: Callable[[int], None]) -> None:
        self._handle = handle
        self._size = size
        self._on_read = on_read
        self.sent = 0

    def __len__(self) -> int:
        return self._size

    def read(self, amount: int = -1) -> bytes:
        data = self._handle.read(CHUNK if amount is None or amount < 0 else amount)
        self.sent += len(data)
        self._on_read(self.sent)
        return data

    def __iter__(self) -> Iterator[bytes]:
        while True:
            data = self.read(CHUNK)
            if not data:
                return
            yield data


def save_images(
    handle: OperationHandle, references: list[str], path: str, estimate: int, report: Report
) -> str:
    """Write ``references`` (one or more images) into one tar file at ``path``."""
    names = [r.strip() for r in references if r.strip()]
    if not names:
        raise EngineError("name at least one image to save")
    target = writable_target(path)
    partial = target.with_name(f".{target.name}.dockpit-partial")
    api = handle.client.api
    throttle = Throttle()
    written = 0
    try:
        with engine_call():
            response = api._get(api._url("/images/get"), params={"names": names}, stream=True)
            api._raise_for_status(response)
            with open(partial, "wb") as out:
                for chunk in response.iter_content(CHUNK):
                    handle.check()
                    out.write(chunk)
                    written += len(chunk)
                    if throttle.ready():
                        report(_bytes_view(written, estimate, "written"))
        handle.check()
        os.replace(partial, target)
    except BaseException as error:
        try:
            partial.unlink()
        except OSError:
            pass
        if handle.cancelled:
            handle.check()
        if isinstance(error, OSError) and not isinstance(error, EngineError):
            raise EngineError(f"cannot write {clean_text(str(target))}: {error}") from error
        raise
    report(_bytes_view(written, estimate, "written", finished=True))
    return (
        f"saved {', '.join(names)} to {clean_text(str(target))} ({humanize.naturalsize(written)})"
    )


def _upload(
    handle: OperationHandle,
    source: Path,
    endpoint: str,
    params: dict[str, Any],
    report: Report,
    verb: str,
) -> list[str]:
    """POST the file to the engine, streaming it; the lines of the engine's answer."""
    api = handle.client.api
    size = source.stat().st_size
    throttle = Throttle()
    lines: list[str] = []

    def progress(sent: int) -> None:
        handle.check()
        if throttle.ready():
            report(_bytes_view(sent, size, verb))

    with open(source, "rb") as file:
        reader = CountingReader(file, size, progress)

        def start() -> Any:
            response = api._post(
                api._url(endpoint),
                data=reader,
                params=params,
                headers={"Content-Type": "application/x-tar"},
                stream=True,
                timeout=None,
            )
            api._raise_for_status(response)
            return api._stream_helper(response, decode=True)

        for message in handle.messages(start):
            text = message.get("stream") or message.get("status") or ""
            if text.strip():
                lines.append(clean_text(str(text).strip()))
                report(ProgressView(overall=0.99, headline=lines[-1]))
    report(ProgressView(overall=1.0, headline=lines[-1] if lines else "done", finished=True))
    return lines


def load_images(handle: OperationHandle, path: str, report: Report) -> str:
    """docker load: the images in a tar made by save."""
    source = readable_tar(path)
    lines = _upload(handle, source, "/images/load", {"quiet": False}, report, "sent")
    loaded = [line for line in lines if line.startswith("Loaded image")]
    if not loaded:
        raise EngineError(f"{clean_text(str(source))} held no image the engine could load")
    return "; ".join(loaded)


def import_rootfs(
    handle: OperationHandle, path: str, reference: str, changes: list[str], report: Report
) -> str:
    """docker import: a root filesystem tar becomes a one-layer image named ``reference``."""
    source = readable_tar(path)
    repository, tag = split_reference(reference.strip()) if reference.strip() else ("", "")
    params: dict[str, Any] = {"fromSrc": "-", "repo": repository, "tag": tag}
    if changes:
        params["changes"] = [c for c in changes if c.strip()]
    lines = _upload(handle, source, "/images/create", params, report, "sent")
    image_id = next((line for line in reversed(lines) if line.startswith("sha256:")), "")
    name = clean_text(reference.strip()) or "untagged image"
    return f"imported {name} {image_id[:19]}".strip()
