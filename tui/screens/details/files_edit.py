"""Edit a container file in $EDITOR: fetch, edit a temp copy, show the diff, ask, write back.

The app is suspended while the editor runs (as for exec: terminal_handoff.hand_over). The
write is refused when the file changed in the container meanwhile (ContainerFiles.write
compares size and content hash first).
"""

from __future__ import annotations

import os
import posixpath
import shlex
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from tui.engine.containers.exec import Handoff
from tui.engine.containers.files import EDIT_LIMIT, FileContent
from tui.engine.containers.files_model import human_size, looks_binary, unified_diff
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from tui.screens.details.terminal_handoff import hand_over
from widgets.confirm import ConfirmDialog

if TYPE_CHECKING:
    from tui.screens.details.files_tab import FilesTab

TITLE = "Edit"
DIFF_STYLE = {"+": "green", "-": "red", "@": "cyan"}


def editor_argv(path: str) -> list[str]:
    """$VISUAL or $EDITOR (may hold arguments), else vi."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return [*shlex.split(editor), path]


def edit_file(tab: FilesTab, path: str) -> None:
    """Fetch ``path`` in a worker, then hand the terminal to the editor."""
    app = tab.app

    def fetch() -> None:
        try:
            content = tab.files.read(path, EDIT_LIMIT)
            if content.truncated:
                raise EngineError(
                    f"{path} is {human_size(content.size)}: files over"
                    f" {human_size(EDIT_LIMIT)} are not edited here (download it instead)"
                )
            if looks_binary(content.data):
                raise EngineError(f"{path} looks binary: it is not opened in an editor")
        except EngineError as error:
            app.call_from_thread(
                app.notify, error.message, title=TITLE, severity="error", markup=False
            )
            return
        app.call_from_thread(_run_editor, tab, content)

    tab.run_worker(fetch, thread=True, exclusive=True, group="files-edit")


def _run_editor(tab: FilesTab, content: FileContent) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dockpit-edit-"))
    copy = folder / (posixpath.basename(content.path) or "file")
    try:
        copy.write_bytes(content.data)
        handoff = Handoff(
            what=clean_text(f"editing {content.path} of {tab.container.name}"),
            argv=editor_argv(str(copy)),
            env=dict(os.environ),
            via="$EDITOR",
        )
        code = hand_over(tab.app, handoff, TITLE)
        edited = copy.read_bytes() if code is not None else None
    except OSError as exc:
        tab.notify(
            f"the temporary copy failed: {exc.strerror}",
            title=TITLE,
            severity="error",
            markup=False,
        )
        edited = None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if edited is None:
        return
    if edited == content.data:
        tab.notify(clean_text(f"{content.path}: no changes"), title=TITLE, markup=False)
        return
    _ask_then_write(tab, content, edited)


def _ask_then_write(tab: FilesTab, content: FileContent, edited: bytes) -> None:
    lines = [
        Text(line, style=DIFF_STYLE.get(line[:1], ""))
        for line in unified_diff(content.data, edited, content.path)
    ]

    def answered(yes: bool | None) -> None:
        if not yes:
            tab.notify("not written", title=TITLE, markup=False)
            return

        def write() -> None:
            try:
                tab.files.write(content, edited)
            except EngineError as error:
                tab.app.call_from_thread(
                    tab.notify, error.message, title=TITLE, severity="error", markup=False
                )
                return
            tab.app.call_from_thread(_written, tab, content.path)

        tab.run_worker(write, thread=True, exclusive=True, group="files-write")

    question = clean_text(f"Write {content.path} back to the container?")
    dialog = ConfirmDialog(question, lines, "write")
    tab.app.push_screen(dialog, answered)


def _written(tab: FilesTab, path: str) -> None:
    tab.notify(clean_text(f"wrote {path}"), title=TITLE, markup=False)
    tab.reload_node_of(posixpath.dirname(path) or "/")
