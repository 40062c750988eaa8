"""What the layer explorer shows: the tree of one layer or of the image up to it, filtered.

Pure: from a layer's change and the merged tree to rows the UI can page through lazily
(children by folder, each with its status and size; folders carry the bytes below them).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.engine.images.layers_merge import LayerChange, MergedTree, folder_sizes
from tui.engine.images.layers_model import DIR, FILE, REMOVED, Entry, parent_of


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    entry: Entry
    layer: int  # the layer that wrote what is shown (for REMOVED: the copy it deleted)
    status: str  # "" (unchanged), ADDED, MODIFIED, REMOVED
    size: int  # a file's bytes, a folder's bytes below it


@dataclass(slots=True)
class TreeView:
    rows: dict[str, Row]
    children: dict[str, list[str]]  # folder path -> child paths, folders first, by name

    def kids(self, path: str) -> list[Row]:
        return [self.rows[p] for p in self.children.get(path, [])]


def tree_view(
    tree: MergedTree,
    change: LayerChange,
    index: int,
    *,
    merged: bool = True,
    changes_only: bool = False,
    text: str = "",
) -> TreeView:
    """The rows of the merged tree (or of layer ``index`` alone) after the filters."""
    rows: dict[str, Row] = {}
    for path, placed in tree.paths.items():
        status = change.status.get(path, "")
        if not merged and placed.layer != index:
            continue
        rows[path] = Row(path, placed.entry, placed.layer, status, placed.entry.size)
    for path, placed in change.removed.items():
        rows[path] = Row(path, placed.entry, placed.layer, REMOVED, placed.entry.size)
    needle = text.lower()
    keep = [
        p
        for p, r in rows.items()
        if (not changes_only or r.status) and (not needle or needle in p.lower())
    ]
    wanted = set(keep)
    for path in keep:
        parent = parent_of(path)
        while parent and parent not in wanted:
            wanted.add(parent)
            parent = parent_of(parent)
    for path in wanted - rows.keys():  # a folder the layer only reaches through
        rows[path] = Row(path, Entry(path, DIR), index, "", 0)
    sizes = folder_sizes(
        (p, rows[p].size)
        for p in wanted
        if rows[p].entry.kind == FILE and rows[p].status != REMOVED
    )
    children: dict[str, list[str]] = {}
    for path in wanted:
        children.setdefault(parent_of(path), []).append(path)
    shown = {}
    for path in wanted:
        row = rows[path]
        if row.entry.kind == DIR:
            row = Row(path, row.entry, row.layer, row.status, sizes.get(path, 0))
        shown[path] = row
    for paths in children.values():
        paths.sort(key=lambda p: (shown[p].entry.kind != DIR, p))
    return TreeView(shown, children)
