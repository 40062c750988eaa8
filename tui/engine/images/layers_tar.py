"""Parse an image export (``docker save``) as a stream: the outer tar, each layer tar nested.

Pure over file objects (no engine here): tests feed tar files they make themselves, and
layers_read.py feeds the engine's HTTP body. Nothing is held but one read buffer: a layer's
files are summarised (path, kind, size, mode, link, short content digest) as they pass.
The manifest may come after the layers, so layers are kept by their folder and put in order
at the end.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tarfile
from collections.abc import Callable
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
from tui.engine.images.tar_stream import Header, TarFormatError, TarReader

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


KINDS = {ord("5"): DIR, ord("2"): SYMLINK, ord("1"): HARDLINK}


def _kind(header: Header) -> str:
    return FILE if header.isreg else KINDS.get(header.type, OTHER)


def file_digest(reader: TarReader) -> str:
    digest = hashlib.sha256()
    while chunk := reader.read(READ_SIZE):
        digest.update(chunk)
    return digest.hexdigest()[:16]


def read_layer(fileobj: Readable, key: str) -> Layer:
    """Summarise one layer tar (plain or gzip) read as a stream."""
    head = fileobj.read(2)
    source: Readable = _Peeked(head, fileobj)
    if head == b"\x1f\x8b":
        source = gzip.GzipFile(fileobj=cast(IO[bytes], source), mode="rb")
    layer = Layer(key=key)
    reader = TarReader(source.read)
    try:
        for header in reader:
            path = clean_path(header.name)
            name = name_of(path)
            if name == OPAQUE_MARKER:
                layer.opaque.append(parent_of(path))
            elif name.startswith(WHITEOUT_PREFIX):
                hidden = name[len(WHITEOUT_PREFIX) :]
                layer.whiteouts.append(f"{parent_of(path)}/{hidden}".lstrip("/"))
            elif path:
                kind = _kind(header)
                link = ""
                if kind == SYMLINK:
                    link = clean_text(header.linkname)
                elif kind == HARDLINK:
                    link = clean_path(header.linkname)
                is_file = kind == FILE
                layer.entries.append(
                    Entry(
                        path,
                        kind,
                        header.size if is_file else 0,
                        header.mode,
                        link,
                        file_digest(reader) if is_file else "",
                    )
                )
    except (TarFormatError, OSError, EOFError) as error:
        raise ExportError(f"a layer of the export could not be read: {error}") from error
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
    outer = TarReader(fileobj.read)
    try:
        for member in outer:
            checkpoint()
            if not member.isreg:
                continue
            head = outer.read(512)
            if _looks_like_tar(head):
                layer = read_layer(_Peeked(head, outer), member.name)
                layer.tar_size = member.size
                parts.layers[member.name] = layer
            elif head[:1] in (b"{", b"[") and member.size <= JSON_LIMIT:
                try:
                    parts.documents[member.name] = json.loads(head + outer.read())
                except ValueError:
                    pass
    except TarFormatError as error:
        raise ExportError(f"the image export could not be read: {error}") from error
    return parts


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
