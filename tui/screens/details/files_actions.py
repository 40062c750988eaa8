"""The keys of the files browser: view, edit, download, upload, new folder, delete, go to.

A mixin of FilesTab (files_tab.py). Engine calls run in thread workers; writing actions are
refused by the engine in read-only mode and hidden by FilesTab.check_action.
"""

from __future__ import annotations

import os
import posixpath
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, RadioButton

from tui.engine.containers.files_model import FileEntry, resolve_link
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from tui.screens.details.copy_dialog import FROM_CONTAINER, TO_CONTAINER, CopyDialog
from widgets.confirm import ConfirmDialog
from widgets.prompt import PromptDialog
from widgets.typeahead import opens_input

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

    from tui.screens.details.files_tab import FilesTab

FILES_BINDINGS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("v", "view", "View", id="files.view"),
    Binding("o", "edit", "Edit", id="files.edit"),
    opens_input("s", "download", "Download", id="files.download"),
    opens_input("u", "upload", "Upload", id="files.upload"),
    opens_input("n", "new_folder", "New folder", id="files.new_folder"),
    Binding("d", "delete", "Delete", id="files.delete"),
    opens_input("g", "goto", "Go to path", id="files.goto"),
    Binding("c", "changes_only", "Changes only", id="files.changes_only"),
    Binding("r", "reload", "Reload", show=False, id="files.reload"),
]
#: Actions that change the container's files: gone in read-only mode.
WRITING = frozenset({"edit", "upload", "new_folder", "delete"})
#: Actions that open a dialog to type into (priority keys: see ``opens_input``).
OPENS_DIALOG = frozenset({"download", "upload", "new_folder", "goto"})


class FilesCopyDialog(CopyDialog):
    """The copy dialog with its direction and paths filled in from the browser."""

    def __init__(self, *args: Any, direction: str, source: str, dest: str) -> None:
        super().__init__(*args)
        self.prefill = (direction, source, dest)

    def on_mount(self) -> None:
        if not self.query("#cp-source"):
            self.call_after_refresh(self.on_mount)
            return
        direction, source, dest = self.prefill
        self.query_one(f"#{direction}", RadioButton).value = True
        self.set_direction(direction)
        self.query_one("#cp-source", Input).value = source
        self.query_one("#cp-dest", Input).value = dest
        field = "#cp-dest" if direction == FROM_CONTAINER else "#cp-source"
        self.query_one(field, Input).focus()


class FilesActions:
    """Action methods of FilesTab (``self`` is the FilesTab)."""

    def _tab(self) -> FilesTab:
        return self  # type: ignore[return-value]

    def _fail(self, message: str, title: str = "Files") -> None:
        self._tab().notify(message, title=title, severity="error", markup=False)

    def _in_worker(self, group: str, work: Any, done: Any, title: str) -> None:
        """Run ``work()`` in a thread; ``done(result)`` on the UI thread, errors notified."""
        tab = self._tab()

        def run() -> None:
            try:
                result = work()
            except EngineError as error:
                tab.app.call_from_thread(self._fail, error.message, title)
            else:
                tab.app.call_from_thread(done, result)

        tab.run_worker(run, thread=True, exclusive=True, group=group)

    def action_view(self) -> None:
        from tui.screens.details.files_view import FileViewScreen

        tab = self._tab()
        entry = tab.selected
        if entry is None or entry.is_dir or entry.change == "D":
            return
        path = resolve_link(entry.path, entry.link_target) if entry.kind == "link" else entry.path
        tab.app.push_screen(FileViewScreen(tab.files, path, tab.container.name))

    def action_edit(self) -> None:
        from tui.screens.details.files_edit import edit_file

        tab = self._tab()
        entry = tab.selected
        if entry is None or entry.is_dir or entry.change == "D":
            return
        path = resolve_link(entry.path, entry.link_target) if entry.kind == "link" else entry.path
        edit_file(tab, path)

    def action_download(self) -> None:
        tab = self._tab()
        entry = tab.selected
        if entry is None or entry.change == "D":
            return
        dialog = FilesCopyDialog(
            tab.session,
            tab.container,
            direction=FROM_CONTAINER,
            source=entry.path,
            dest=os.getcwd(),
        )
        tab.app.push_screen(dialog)

    def action_upload(self) -> None:
        tab = self._tab()
        folder = tab.folder_node()
        if folder.data is None:
            return
        path = folder.data.path
        dialog = FilesCopyDialog(
            tab.session, tab.container, direction=TO_CONTAINER, source="", dest=path
        )

        def uploaded(made: str | None) -> None:
            if made:
                tab.reload_node_of(path)

        tab.app.push_screen(dialog, uploaded)

    def action_new_folder(self) -> None:
        tab = self._tab()
        folder = tab.folder_node()
        if folder.data is None:
            return
        parent = folder.data.path

        def named(name: str | None) -> None:
            if name and name.strip():
                self._in_worker(
                    "files-mkdir",
                    lambda: tab.files.make_folder(parent, name),
                    lambda made: self._changed(f"made {made}", parent),
                    "New folder",
                )

        tab.app.push_screen(PromptDialog(f"New folder in {parent}", placeholder="name"), named)

    def action_delete(self) -> None:
        tab = self._tab()
        entry = tab.selected
        if entry is None or entry.path == tab.root_path or entry.change == "D":
            return
        parent = posixpath.dirname(entry.path) or "/"
        lines = [Text(clean_text(entry.path), style="bold")]
        if entry.is_dir:
            lines.append(Text("and everything in it"))
        if tab.container.state != "running":
            lines.append(Text("(the container must be running: files are deleted by rm in it)"))

        def answered(yes: bool | None) -> None:
            if yes:
                self._in_worker(
                    "files-delete",
                    lambda: tab.files.delete(entry.path),
                    lambda _: self._changed(f"deleted {entry.path}", parent),
                    "Delete",
                )

        tab.app.push_screen(ConfirmDialog("Delete from the container?", lines, "delete"), answered)

    def _changed(self, message: str, folder: str) -> None:
        tab = self._tab()
        tab.notify(clean_text(message), title="Files", markup=False)
        tab.reload_node_of(folder)

    def action_changes_only(self) -> None:
        tab = self._tab()
        tab.changes_only = not tab.changes_only
        tab.reload_all()

    def action_reload(self) -> None:
        self._tab().reload_all()

    def action_goto(self) -> None:
        tab = self._tab()
        current = tab.selected.path if tab.selected else tab.root_path

        def chosen(path: str | None) -> None:
            if path and path.strip():
                target = posixpath.normpath(posixpath.join(tab.root_path, path.strip()))
                self._in_worker("files-goto", lambda: self._listings(target), self._reveal, "Go to")

        tab.app.push_screen(
            PromptDialog("Go to path", current, hint="an absolute path; enter: go, escape: cancel"),
            chosen,
        )

    def _listings(self, target: str) -> tuple[str, list[tuple[str, list[FileEntry]]]]:
        """The listings of every folder from the root down to ``target``'s folder."""
        tab = self._tab()
        stat = tab.files.stat(target)
        if stat is None:
            raise EngineError(f"no such file or folder: {target}")
        folders = [tab.root_path]
        rest = posixpath.relpath(target, tab.root_path)
        if rest.startswith(".."):
            raise EngineError(f"{target} is outside {tab.root_path}")
        parts = [] if rest == "." else rest.split("/")
        for part in parts[:-1]:  # a folder asked for is listed in slices once revealed
            folders.append(posixpath.join(folders[-1], part))
        if target == tab.root_path:
            return target, []
        return target, [(f, tab.files.list_dir(f, tab.marks)) for f in folders]

    def _reveal(self, found: tuple[str, list[tuple[str, list[FileEntry]]]]) -> None:
        tab = self._tab()
        target, listings = found
        node: TreeNode[FileEntry] = tab.file_tree.root
        for folder, entries in listings:
            if node.data is None or node.data.path != folder:
                break
            tab.replace_children(node, entries)
            child = next((c for c in node.children if _leads_to(c, target)), None)
            if child is None:
                break
            node = child
        if node.data is not None and node.data.is_dir and node is not tab.file_tree.root:
            tab.load(node)
        tab.call_after_refresh(tab.file_tree.move_cursor, node)
        tab.say(target)


def _leads_to(node: TreeNode[FileEntry], target: str) -> bool:
    path = node.data.path if node.data is not None else ""
    return bool(path) and (path == target or target.startswith(path.rstrip("/") + "/"))
