"""What an image's layers hold: plain data, no I/O (see layers_read.py for the reading).

Paths are relative to the image's root ("etc/passwd", "" is the root itself) and already made
safe with sanitize.clean_text where they entered (layers_tar.py). A layer is the list of its
entries plus the whiteouts (paths it deletes from the layers below) and opaque folders (whose
lower contents it hides), exactly as the layer tar spells them (``.wh.NAME``, ``.wh..wh..opq``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

FILE = "file"
DIR = "dir"
SYMLINK = "symlink"
HARDLINK = "hardlink"
OTHER = "other"

ADDED = "added"
MODIFIED = "modified"
REMOVED = "removed"

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"


class Entry(NamedTuple):
    """One path a layer writes (a tuple: 50,000 of them load from the cache in a blink)."""

    path: str
    kind: str
    size: int = 0  # bytes of content (regular files only; links and folders are 0)
    mode: int = 0o644
    link: str = ""  # symlink target, or the hard link's path in the image
    digest: str = ""  # short sha256 of a regular file's content (diffs of two images)

    def to_json(self) -> list[Any]:
        return list(self)

    @classmethod
    def from_json(cls, raw: list[Any]) -> Entry:
        path, kind, size, mode, link, digest = raw  # the cache is ours: types are checked
        if not (isinstance(size, int) and isinstance(path, str)):  # by the first fields
            raise ValueError("damaged entry")
        return cls(path, kind, size, mode, link, digest)


@dataclass(slots=True)
class Layer:
    """One layer: what it writes and deletes, and the instruction that made it."""

    key: str  # its folder (or blob) in the image export
    entries: list[Entry] = field(default_factory=list)
    whiteouts: list[str] = field(default_factory=list)
    opaque: list[str] = field(default_factory=list)
    tar_size: int = 0
    diff_id: str = ""
    instruction: str = ""

    @property
    def size(self) -> int:
        """Bytes of file content the layer adds."""
        return sum(e.size for e in self.entries)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "diff_id": self.diff_id,
            "instruction": self.instruction,
            "tar_size": self.tar_size,
            "whiteouts": self.whiteouts,
            "opaque": self.opaque,
            "entries": [e.to_json() for e in self.entries],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Layer:
        return cls(
            key=str(raw["key"]),
            diff_id=str(raw.get("diff_id", "")),
            instruction=str(raw.get("instruction", "")),
            tar_size=int(raw.get("tar_size", 0)),
            whiteouts=[str(p) for p in raw.get("whiteouts", [])],
            opaque=[str(p) for p in raw.get("opaque", [])],
            entries=[Entry.from_json(e) for e in raw.get("entries", [])],
        )


@dataclass(slots=True)
class ImageLayers:
    """An image as its layers, lowest first."""

    image_id: str
    layers: list[Layer]
    tags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "image_id": self.image_id,
            "tags": self.tags,
            "layers": [layer.to_json() for layer in self.layers],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ImageLayers:
        return cls(
            image_id=str(raw["image_id"]),
            tags=[str(t) for t in raw.get("tags", [])],
            layers=[Layer.from_json(layer) for layer in raw["layers"]],
        )


def parent_of(path: str) -> str:
    head, _, _ = path.rpartition("/")
    return head


def name_of(path: str) -> str:
    return path.rpartition("/")[2]


def normal_path(name: str) -> str:
    """'./etc/x/' -> 'etc/x'; '.' and '/' -> '' (the root)."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts)


def shown(path: str) -> str:
    return "/" + path
