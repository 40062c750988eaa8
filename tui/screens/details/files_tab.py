"""The Files tab: a lazily read tree of a container's (or a volume's) files.

Folders are listed when opened, in a thread worker, from the archive API's tar headers;
big folders reach the tree in slices so that keys keep flowing while they load. Each line
shows the `docker diff` mark, the name (a symlink with its target), size, mode, owner and
modification time. The keys (view, edit, download, upload, new folder, delete, go to path,
changes only) live in files_actions.py; writing keys are gone in read-only mode.
"""

from __future__ import annotations

import posixpath
import time
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from tui.engine.containers.files_model import CHANGE_WORDS, FileEntry, human_size
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.sanitize import clean_text
from tui.engine.core.session import EngineSession
from tui.screens.details.files_actions import (
    FILES_BINDINGS,
    OPENS_DIALOG,
    WRITING,
    FilesActions,
)
from tui.screens.shell.app_settings import settings_of
from widgets.typeahead import typing

#: Entries added to the tree per UI turn (keys are handled between two slices).
SLICE = 300
NAME_WIDTH = 40
GUIDE = 4  # cells of tree guide per level (Tree.guide_depth)
ICON = 2  # the expand arrow a folder's line starts with
MARK_STYLE = {"A": "bold green", "C": "bold yellow", "D": "bold red"}
KIND_STYLE = {"dir": "bold blue", "link": "cyan", "other": "magenta"}


def entry_label(entry: FileEntry, depth: int = 1) -> Text:
    """One tree line: mark, name (-> link target), size, mode, owner, modified; the name is
    padded less the deeper the entry (the tree's guides take 4 cells a level), so that the
    columns line up."""
    label = Text(entry.change or " ", style=MARK_STYLE.get(entry.change, ""))
    label.append(" ")
    name = Text(entry.name + ("/" if entry.is_dir else ""), style=KIND_STYLE.get(entry.kind, ""))
    if entry.link_target:
        name.append(f" -> {entry.link_target}", style="dim")
    if entry.change == "D":
        name.stylize("strike")
        name.append(f"  ({CHANGE_WORDS['D']})", style="red")
        label.append_text(name)
        return label
    width = NAME_WIDTH - GUIDE * (depth - 1) - (ICON if entry.is_dir else 0)
    name.truncate(max(12, width), overflow="ellipsis", pad=True)
    label.append_text(name)
    size = "" if entry.is_dir else human_size(entry.size)
    label.append(f" {size:>8}  {entry.mode_text}  {entry.owner[:8]:<8}  ", style="")
    modified = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry.mtime)) if entry.mtime else ""
    label.append(modified, style="dim")
    return label


class FileTree(Tree[FileEntry]):
    """A Tree made for thousands of entries: nodes are appended in batches, and a label's
    width is its cell length (Tree renders every label again on each rebuild to measure
    it, which froze keys while a 5,000-entry folder filled)."""

    DEFAULT_CSS = "FileTree { height: 1fr; }"

    def add_many(self, parent: TreeNode[FileEntry], items: list[tuple[Text, FileEntry]]) -> None:
        """Append nodes with one invalidation: TreeNode.add copies the children list and
        refreshes the tree on every call (quadratic at thousands of entries)."""
        for label, entry in items:
            node = self._add_node(parent, label, entry)
            node._allow_expand = entry.is_dir
            parent._children.append(node)
        parent._updates += 1
        self._invalidate()

    def get_label_width(self, node: TreeNode[FileEntry]) -> int:
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        return node._label.cell_len + (cell_len(icon) if node._allow_expand else 0)


class FilesTab(FilesActions, Widget):
    BINDINGS = list(FILES_BINDINGS)

    DEFAULT_CSS = """
    FilesTab { height: 1fr; }
    FilesTab > #files-status { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(
        self, session: EngineSession, container: Container, root: str = "/", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.container = container
        self.root_path = root
        self.files = session.containers.files(container.id)
        self.marks: dict[str, str] = {}
        self.changes_only = False
        self._loads = 0
        self._generation: dict[int, int] = {}  # node id -> its latest load (older slices stop)

    def compose(self) -> ComposeResult:
        yield Static(Text("reading the container's changes..."), id="files-status")
        entry = FileEntry(path=self.root_path, kind="dir")
        label = Text(clean_text(self.root_path), style="bold blue")
        yield FileTree(label, data=entry, id="files-tree")

    @property
    def file_tree(self) -> FileTree:
        return self.query_one(FileTree)

    @property
    def read_only(self) -> bool:
        return self.session.read_only or settings_of(self).read_only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in OPENS_DIALOG and typing(self.app):
            return False
        return not (action in WRITING and self.read_only)

    def on_mount(self) -> None:
        self.file_tree.show_root = True
        self.file_tree.auto_expand = False
        self.reload_all()

    # loading -----------------------------------------------------------------------------

    def reload_all(self) -> None:
        """Read `docker diff`, then (re)list the root folder."""
        self.run_worker(self._read_changes, thread=True, exclusive=True, group="files-changes")

    def _read_changes(self) -> None:
        try:
            marks = self.files.changes()
        except EngineError as error:
            marks = {}
            self.app.call_from_thread(self.say, f"no change marks: {error.message}", "yellow")
        self.app.call_from_thread(self._changes_read, marks)

    def _changes_read(self, marks: dict[str, str]) -> None:
        self.marks = marks
        root = self.file_tree.root
        self.load(root)
        root.expand()

    def load(self, node: TreeNode[FileEntry]) -> None:
        """List the folder of ``node`` in a worker; the tree fills when it is read."""
        entry = node.data
        if entry is None or not entry.is_dir:
            return
        self._loads += 1
        generation = self._generation[node.id] = self._loads
        self.say(f"reading {entry.path} ...", "yellow")
        self.run_worker(
            lambda: self._list(node, entry.path, generation),
            thread=True,
            group=f"files-list-{node.id}",
        )

    def _list(self, node: TreeNode[FileEntry], path: str, generation: int) -> None:
        started = time.monotonic()
        try:
            entries = self.files.list_dir(path, self.marks)
        except EngineError as error:
            self.app.call_from_thread(self.say, error.message, "bold red")
            return
        if self.changes_only:
            entries = [e for e in entries if e.change]
        labelled = self.labelled(entries)  # here, in the worker: not on the UI thread
        seconds = time.monotonic() - started
        self.app.call_from_thread(self.fill, node, labelled, generation, seconds)

    def labelled(self, entries: list[FileEntry]) -> list[tuple[Text, FileEntry]]:
        if not entries:
            return []
        depth = posixpath.relpath(entries[0].path, self.root_path).count("/") + 1
        return [(entry_label(e, depth), e) for e in entries]

    def fill(
        self,
        node: TreeNode[FileEntry],
        shown: list[tuple[Text, FileEntry]],
        generation: int,
        seconds: float,
    ) -> None:
        if not self.is_attached:
            return
        node.remove_children()
        node.expand()
        self._add_slice(node, shown, 0, generation)
        where = node.data.path if node.data else "?"
        extra = "  (changes only: c shows all)" if self.changes_only else ""
        self.say(f"{where}: {len(shown)} entries, read in {seconds:.2f} s{extra}")

    def _add_slice(
        self,
        node: TreeNode[FileEntry],
        entries: list[tuple[Text, FileEntry]],
        start: int,
        generation: int,
    ) -> None:
        if not self.is_attached or self._generation.get(node.id) != generation:
            return
        self.file_tree.add_many(node, entries[start : start + SLICE])
        if start + SLICE < len(entries):
            self.call_later(self._add_slice, node, entries, start + SLICE, generation)

    def replace_children(self, node: TreeNode[FileEntry], entries: list[FileEntry]) -> None:
        """At once (for go to): the listing of ``node``, any slice still on its way stopped."""
        self._generation[node.id] = -1
        node.remove_children()
        shown = [e for e in entries if e.change] if self.changes_only else entries
        self.file_tree.add_many(node, self.labelled(shown))
        node.expand()

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[FileEntry]) -> None:
        event.stop()
        node = event.node
        if node is not self.file_tree.root and node.id not in self._generation:
            self.load(node)  # the first time only (an empty folder is not read again)

    def on_tree_node_selected(self, event: Tree.NodeSelected[FileEntry]) -> None:
        """enter: open a folder (or close it), view a file."""
        event.stop()
        entry = event.node.data
        if entry is None:
            return
        if entry.is_dir:
            event.node.toggle()
        else:
            self.action_view()

    # helpers for the actions --------------------------------------------------------------

    @property
    def selected(self) -> FileEntry | None:
        node = self.file_tree.cursor_node
        return node.data if node is not None else None

    def folder_node(self) -> TreeNode[FileEntry]:
        """The selected folder, or the folder of the selected file."""
        node = self.file_tree.cursor_node or self.file_tree.root
        if node.data is not None and node.data.is_dir:
            return node
        return node.parent or self.file_tree.root

    def reload_node_of(self, path: str) -> None:
        """List again the folder node that shows ``path`` (when it is in the tree)."""
        folder = posixpath.normpath(path)
        for node in self._walk(self.file_tree.root):
            if node.data is not None and node.data.path == folder and node.data.is_dir:
                self.load(node)
                return

    def _walk(self, node: TreeNode[FileEntry]):
        yield node
        for child in node.children:
            yield from self._walk(child)

    def say(self, message: str, style: str = "") -> None:
        if self.is_attached:
            status = self.query_one("#files-status", Static)
            status.update(Text(clean_text(message), style=style))  # paths come from the engine
