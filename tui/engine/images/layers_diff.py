"""Two images compared by their final file trees: paths added, removed and changed."""

from __future__ import annotations

from dataclasses import dataclass

from tui.engine.images.layers_merge import MergedTree, Placed, merged_upto
from tui.engine.images.layers_model import ADDED, DIR, MODIFIED, REMOVED, ImageLayers


@dataclass(frozen=True, slots=True)
class DiffItem:
    path: str
    status: str  # ADDED (only in the second), REMOVED (only in the first), MODIFIED
    size_before: int
    size_after: int

    @property
    def delta(self) -> int:
        return self.size_after - self.size_before


def final_tree(image: ImageLayers) -> MergedTree:
    return merged_upto(image.layers, len(image.layers) - 1)[0]


def _same(a: Placed, b: Placed) -> bool:
    x, y = a.entry, b.entry
    if x.kind != y.kind:
        return False
    if x.kind == DIR:
        return True  # a folder changes through what it holds
    return (x.size, x.digest, x.link, x.mode) == (y.size, y.digest, y.link, y.mode)


def diff_images(before: ImageLayers, after: ImageLayers) -> list[DiffItem]:
    """Every path that differs, sorted by path."""
    old = final_tree(before).paths
    new = final_tree(after).paths
    items: list[DiffItem] = []
    for path in sorted(old.keys() | new.keys()):
        a, b = old.get(path), new.get(path)
        if a is None and b is not None:
            items.append(DiffItem(path, ADDED, 0, b.entry.size))
        elif b is None and a is not None:
            items.append(DiffItem(path, REMOVED, a.entry.size, 0))
        elif a is not None and b is not None and not _same(a, b):
            items.append(DiffItem(path, MODIFIED, a.entry.size, b.entry.size))
    return items


def diff_totals(items: list[DiffItem]) -> dict[str, int]:
    totals = {ADDED: 0, REMOVED: 0, MODIFIED: 0, "bytes": 0}
    for item in items:
        totals[item.status] += 1
        totals["bytes"] += item.delta
    return totals
