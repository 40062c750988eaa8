"""A file tree filled lazily from a layer view: a folder's children are made when it opens."""

from __future__ import annotations

import humanize
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.engine.images.layers_model import ADDED, DIR, FILE, HARDLINK, MODIFIED, REMOVED, SYMLINK
from tui.engine.images.layers_view import Row, TreeView

#: Children shown under one folder; the rest is summarised (filter to narrow).
MAX_CHILDREN = 2000
#: A view this small is opened all the way down.
EXPAND_ALL = 300

MARKS = {ADDED: ("+", "green"), MODIFIED: ("~", "yellow"), REMOVED: ("-", "red"), "": (" ", "")}


def row_label(row: Row) -> Text:
    mark, style = MARKS.get(row.status, (" ", ""))
    name = row.path.rpartition("/")[2]
    text = Text(f"{mark} ", style=style or "dim")
    text.append(name + ("/" if row.entry.kind == DIR else ""), style=style)
    if row.entry.kind == SYMLINK:
        text.append(f" -> {row.entry.link}", style="dim")
    elif row.entry.kind == HARDLINK:
        text.append(f" => /{row.entry.link}", style="dim")
    if row.status == REMOVED:
        text.stylize("strike")
    if row.entry.kind == FILE or (row.entry.kind == DIR and row.size):
        text.append(f"  {humanize.naturalsize(row.size, binary=True)}", style="dim")
    return text


class FileTree(Tree[str]):
    """Tree of a TreeView; node data is the path ("" for the root)."""

    def __init__(self, **kwargs) -> None:
        super().__init__("/", data="", **kwargs)
        self.view: TreeView | None = None
        self.show_root = True
        self._filled: set[str] = set()

    def show_view(self, view: TreeView) -> None:
        self.view = view
        self._filled = set()
        self.clear()
        self.root.data = ""
        self._fill(self.root)
        self.root.expand()
        if len(view.rows) <= EXPAND_ALL:
            self.root.expand_all()

    def _fill(self, node: TreeNode[str]) -> None:
        path = node.data or ""
        if self.view is None or path in self._filled:
            return
        self._filled.add(path)
        kids = self.view.kids(path)
        for row in kids[:MAX_CHILDREN]:
            if self.view.children.get(row.path):
                child = node.add(row_label(row), data=row.path)
                if len(self.view.rows) <= EXPAND_ALL:
                    self._fill(child)
            else:
                node.add_leaf(row_label(row), data=row.path)
        if len(kids) > MAX_CHILDREN:
            node.add_leaf(Text(f"... {len(kids) - MAX_CHILDREN} more (filter with /)", "dim"))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        self._fill(event.node)

    @property
    def current(self) -> Row | None:
        node = self.cursor_node
        if node is None or node.data is None or self.view is None:
            return None
        return self.view.rows.get(node.data)
