"""Parse an image export (``docker save``) as a stream: the outer tar, each layer tar nested.

Pure over file objects (no engine here): tests feed tar files they make themselves, and
layers_read.py feeds the engine's HTTP body. Nothing is held but one read buffer: a layer's
files are summarised (path, kind, size, mode, link, short content digest) as they pass.
The manifest may come after the layers, so layers are kept by their folder and put in order
at the end.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol, cast

from tui.engine.core.sanitize import clean_text
from tui.engine.images.history import history_entry
from tui.engine.images.layers_model import (
    DIR,
    FILE,
    HARDLINK,
    OPAQUE_MARKER,
    OTHER,
    SYMLINK,
    WHITEOUT_PREFIX,
    Entry,
    ImageLayers,
    Layer,
    name_of,
    normal_path,
    parent_of,
)

READ_SIZE = 1 << 20  # file contents are hashed in reads of this size
#: tarfile's stream buffer: every header read copies what is left of it, so a big one is
#: slow with many small files (1 MiB ran at a quarter of the speed of 64 KiB here).
TAR_BUFFER = 1 << 16
#: JSON members (manifest, config, index) larger than this are not read (hostile exports).
JSON_LIMIT = 16 << 20


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class ExportError(ValueError):
    """The stream is not an image export this module understands."""


def clean_path(name: str) -> str:
    return clean_text(normal_path(name))


def member_kind(member: tarfile.TarInfo) -> str:
    if member.isreg():
        return FILE
    if member.isdir():
        return DIR
    if member.issym():
        return SYMLINK
    if member.islnk():
        return HARDLINK
    return OTHER


def file_digest(stream: IO[bytes] | None) -> str:
    if stream is None:
        return ""
    digest = hashlib.sha256()
    while chunk := stream.read(READ_SIZE):
        digest.update(chunk)
    return digest.hexdigest()[:16]


def read_layer(fileobj: Readable, key: str) -> Layer:
    """Summarise one layer tar (plain or gzip) read as a stream."""
    layer = Layer(key=key)
    with tarfile.open(fileobj=cast(IO[bytes], fileobj), mode="r|*", bufsize=TAR_BUFFER) as tar:
        for member in tar:
            path = clean_path(member.name)
            name = name_of(path)
            if name == OPAQUE_MARKER:
                layer.opaque.append(parent_of(path))
            elif name.startswith(WHITEOUT_PREFIX):
                hidden = name[len(WHITEOUT_PREFIX) :]
                layer.whiteouts.append(f"{parent_of(path)}/{hidden}".lstrip("/"))
            elif path:
                kind = member_kind(member)
                link = ""
                if kind == SYMLINK:
                    link = clean_text(member.linkname)
                elif kind == HARDLINK:
                    link = clean_path(member.linkname)
                layer.entries.append(
                    Entry(
                        path=path,
                        kind=kind,
                        size=member.size if kind == FILE else 0,
                        mode=member.mode,
                        link=link,
                        digest=file_digest(tar.extractfile(member)) if kind == FILE else "",
                    )
                )
    return layer


class _Peeked:
    """A reader that gives back a few bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, rest: Readable) -> None:
        self.head = head
        self.rest = rest

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size < 0:
                data, self.head = self.head + self.rest.read(), b""
                return data
            data, self.head = self.head[:size], self.head[size:]
            if len(data) < size:
                data += self.rest.read(size - len(data))
            return data
        return self.rest.read(size)


def _looks_like_tar(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b" or (len(head) >= 262 and head[257:262] == b"ustar")


@dataclass
class ExportParts:
    layers: dict[str, Layer] = field(default_factory=dict)
    documents: dict[str, Any] = field(default_factory=dict)


def read_export_parts(fileobj: Readable, checkpoint: Callable[[], None]) -> ExportParts:
    """Walk the outer tar once; ``checkpoint`` is called between members (it may raise)."""
    parts = ExportParts()
    try:
        outer = tarfile.open(fileobj=cast(IO[bytes], fileobj), mode="r|", bufsize=TAR_BUFFER)  # noqa: SIM115 - the caller owns the stream
        for member in _members(outer, checkpoint):
            stream = outer.extractfile(member)
            if stream is None:
                continue
            head = stream.read(512)
            if _looks_like_tar(head):
                parts.layers[member.name] = read_layer(_Peeked(head, stream), member.name)
                parts.layers[member.name].tar_size = member.size
            elif head[:1] in (b"{", b"[") and member.size <= JSON_LIMIT:
                try:
                    parts.documents[member.name] = json.loads(head + stream.read())
                except ValueError:
                    pass
    except tarfile.TarError as error:
        raise ExportError(f"the image export could not be read: {error}") from error
    return parts


def _members(outer: tarfile.TarFile, checkpoint: Callable[[], None]) -> Iterator[tarfile.TarInfo]:
    for member in outer:
        checkpoint()
        if member.isreg():
            yield member


def assemble(parts: ExportParts, image_id: str) -> ImageLayers:
    """Put the layers in the manifest's order, each with the instruction that made it."""
    manifest = parts.documents.get("manifest.json")
    if not isinstance(manifest, list) or not manifest or not isinstance(manifest[0], dict):
        raise ExportError("the image export has no manifest.json")
    entry = manifest[0]
    config = parts.documents.get(str(entry.get("Config", "")), {})
    layers: list[Layer] = []
    for key in entry.get("Layers") or []:
        found = parts.layers.get(str(key))
        if found is None:
            raise ExportError(f"the export's manifest names a missing layer {clean_text(key)}")
        seen = any(found is known for known in layers)
        layers.append(Layer.from_json(found.to_json()) if seen else found)
    diff_ids = (config.get("rootfs") or {}).get("diff_ids") or []
    made = [h for h in config.get("history") or [] if not h.get("empty_layer")]
    for index, layer in enumerate(layers):
        if index < len(diff_ids):
            layer.diff_id = clean_text(diff_ids[index])
        if index < len(made):
            layer.instruction = history_entry(
                {"CreatedBy": made[index].get("created_by")}
            ).instruction
    tags = [clean_text(t) for t in entry.get("RepoTags") or []]
    return ImageLayers(image_id=image_id, layers=layers, tags=tags)
