"""Pilot helpers for the files browser tests: open the Files tab, go to a path."""

from __future__ import annotations

from textual.widgets import Input

from tests.app.inside_helpers import open_details, wait_screen
from tests.helpers import wait_for
from tui.screens.details.files_tab import FilesTab
from widgets.prompt import PromptDialog


async def open_files(pilot, container_id: str) -> FilesTab:
    screen = await open_details(pilot, container_id, tab="files")
    await wait_for(pilot, lambda: screen.query(FilesTab))
    tab = screen.query_one(FilesTab)
    await wait_for(pilot, lambda: len(tab.file_tree.root.children) > 3)
    return tab


async def go_to(pilot, tab: FilesTab, path: str) -> None:
    tab.file_tree.focus()
    await wait_for(pilot, lambda: tab.file_tree.has_focus)
    await pilot.press("g")
    dialog = await wait_screen(pilot, PromptDialog, "#prompt-input")
    dialog.query_one(Input).value = path
    await pilot.press("enter")
    await wait_for(
        pilot, lambda: tab.selected is not None and tab.selected.path == path, timeout=15
    )
