"""Stack layers into the image's file tree: what each layer adds, changes and removes, and
what it wastes. Pure (no I/O).

Whiteouts and opaque folders apply to the layers below only (OCI image spec): a layer first
deletes (``.wh.NAME`` removes NAME and all below it; ``.wh..wh..opq`` empties its folder of
everything from lower layers), then writes its own entries.

Wasted bytes: every stored copy of a regular file that is not the copy the final image shows
(a file overwritten later, or deleted later, or hidden by an opaque folder). The efficiency
score is ``1 - wasted / total`` where total is the bytes of every regular file stored in any
layer (1.0 for an image without file content), close to dive's score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tui.engine.images.layers_model import (
    ADDED,
    DIR,
    FILE,
    MODIFIED,
    REMOVED,
    Entry,
    Layer,
    parent_of,
)


@dataclass(frozen=True, slots=True)
class Placed:
    entry: Entry
    layer: int  # index of the layer that wrote it


class MergedTree:
    """The file tree seen through the layers stacked so far."""

    def __init__(self) -> None:
        self.paths: dict[str, Placed] = {}
        self.kids: dict[str, set[str]] = {"": set()}

    def remove(self, path: str) -> dict[str, Placed]:
        """Delete ``path`` and everything below it; return what was deleted."""
        gone: dict[str, Placed] = {}
        if path in self.paths:
            gone.update(self.clear_below(path))
            gone[path] = self.paths.pop(path)
            self.kids.pop(path, None)
            self.kids.get(parent_of(path), set()).discard(path)
        return gone

    def clear_below(self, path: str) -> dict[str, Placed]:
        gone: dict[str, Placed] = {}
        stack = list(self.kids.get(path, ()))
        while stack:
            child = stack.pop()
            stack.extend(self.kids.pop(child, ()))
            placed = self.paths.pop(child, None)
            if placed is not None:
                gone[child] = placed
        if path in self.kids:
            self.kids[path] = set()
        return gone

    def put(self, entry: Entry, layer: int) -> list[str]:
        """Write ``entry``; return the parent folders that had to be made for it."""
        old = self.paths.get(entry.path)
        if old is not None and old.entry.kind == DIR and entry.kind != DIR:
            self.clear_below(entry.path)
            self.kids.pop(entry.path, None)
        made = self._parents(entry.path, layer)
        self.paths[entry.path] = Placed(entry, layer)
        if entry.kind == DIR:
            self.kids.setdefault(entry.path, set())
        return made

    def _parents(self, path: str, layer: int) -> list[str]:
        made: list[str] = []
        child, parent = path, parent_of(path)
        while True:
            self.kids.setdefault(parent, set()).add(child)
            if not parent:
                return made
            placed = self.paths.get(parent)
            if placed is not None and placed.entry.kind == DIR:
                return made
            self.paths[parent] = Placed(Entry(parent, DIR, mode=0o755), layer)
            made.append(parent)
            child, parent = parent, parent_of(parent)


@dataclass(slots=True)
class LayerChange:
    """What one layer did to the tree below it."""

    status: dict[str, str] = field(default_factory=dict)  # path -> ADDED / MODIFIED / REMOVED
    removed: dict[str, Placed] = field(default_factory=dict)  # what it deleted, as it was


def apply_layer(tree: MergedTree, layer: Layer, index: int) -> LayerChange:
    change = LayerChange()
    for path in layer.whiteouts:
        change.removed.update(tree.remove(path))
    for path in layer.opaque:
        change.removed.update(tree.clear_below(path))
    for path in change.removed:
        change.status[path] = REMOVED
    for entry in layer.entries:
        existed = entry.path in tree.paths or entry.path in change.removed
        for parent in tree.put(entry, index):
            change.status[parent] = MODIFIED if parent in change.removed else ADDED
        change.status[entry.path] = MODIFIED if existed else ADDED
    return change


def merged_upto(layers: list[Layer], last: int) -> tuple[MergedTree, LayerChange]:
    """The tree after layers 0..last, and what layer ``last`` changed."""
    tree = MergedTree()
    change = LayerChange()
    for index, layer in enumerate(layers[: last + 1]):
        change = apply_layer(tree, layer, index)
    return tree, change


def layer_changes(layers: list[Layer]) -> list[LayerChange]:
    """What every layer changed, lowest first (one pass)."""
    tree = MergedTree()
    return [apply_layer(tree, layer, index) for index, layer in enumerate(layers)]


@dataclass(frozen=True, slots=True)
class WastePath:
    path: str
    wasted: int
    copies: int
    layers: tuple[int, ...]  # every layer that stored a copy
    removed: bool  # the final image does not show it at all
    deleted_in: int = -1  # the layer that deleted (or hid) the last copy, if one did


@dataclass(slots=True)
class Analysis:
    layers: list[Layer]
    total_bytes: int  # every regular file's bytes in every layer
    image_bytes: int  # the files the final image shows
    wasted_bytes: int
    waste: list[WastePath]  # biggest first

    def to_json(self) -> dict[str, Any]:
        return {
            "total_bytes": self.total_bytes,
            "image_bytes": self.image_bytes,
            "wasted_bytes": self.wasted_bytes,
            "waste": [
                [w.path, w.wasted, w.copies, list(w.layers), w.removed, w.deleted_in]
                for w in self.waste
            ],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any], layers: list[Layer]) -> Analysis:
        waste = [
            WastePath(str(p), int(n), int(c), tuple(int(i) for i in ls), bool(r), int(d))
            for p, n, c, ls, r, d in raw["waste"]
        ]
        return cls(
            layers,
            int(raw["total_bytes"]),
            int(raw["image_bytes"]),
            int(raw["wasted_bytes"]),
            waste,
        )

    @property
    def efficiency(self) -> float:
        return 1.0 - self.wasted_bytes / self.total_bytes if self.total_bytes else 1.0

    @property
    def wasted_percent(self) -> float:
        return 100.0 * self.wasted_bytes / self.total_bytes if self.total_bytes else 0.0


def analyse(layers: list[Layer]) -> Analysis:
    tree = MergedTree()
    copies: dict[str, list[tuple[int, int]]] = {}
    deleted_in: dict[str, int] = {}
    total = 0
    for index, layer in enumerate(layers):
        for path in apply_layer(tree, layer, index).removed:
            deleted_in[path] = index
        for entry in layer.entries:
            if entry.kind == FILE:
                copies.setdefault(entry.path, []).append((index, entry.size))
                total += entry.size
    waste: list[WastePath] = []
    wasted_total = 0
    for path, stored in copies.items():
        placed = tree.paths.get(path)
        survives = placed is not None and placed.entry.kind == FILE
        lost = stored[:-1] if survives else stored
        if not lost:
            continue
        wasted = sum(size for _, size in lost)
        wasted_total += wasted
        layers_of = tuple(sorted({index for index, _ in stored}))
        gone = deleted_in.get(path, -1) if not survives else -1
        waste.append(WastePath(path, wasted, len(stored), layers_of, not survives, gone))
    waste.sort(key=lambda w: (-w.wasted, w.path))
    image_bytes = sum(p.entry.size for p in tree.paths.values() if p.entry.kind == FILE)
    return Analysis(layers, total, image_bytes, wasted_total, waste)


def folder_sizes(items: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Bytes below each folder (the root is ""), from (path, size) pairs of files."""
    sizes: dict[str, int] = {}
    for path, size in items:
        parent = parent_of(path)
        while True:
            sizes[parent] = sizes.get(parent, 0) + size
            if not parent:
                break
            parent = parent_of(parent)
    return sizes
