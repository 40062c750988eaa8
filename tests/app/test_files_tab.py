"""The Files tab on the sandbox engine (issue 23): browse, view, download, upload, edit."""

from __future__ import annotations

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import Input

from tests.app.files_pilot import go_to, open_files
from tests.app.inside_helpers import submit, wait_for_notice, wait_screen
from tests.files_support import BLOB, HELLO, exec_out, with_known_files
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.details.files_actions import FilesCopyDialog
from tui.screens.details.files_view import FileViewScreen, LineView
from widgets.confirm import ConfirmDialog
from widgets.prompt import PromptDialog

pytestmark = pytest.mark.engine


@pytest.mark.parametrize("running", [True, False], ids=["running", "stopped"])
async def test_browse_to_a_file_and_view_it(app_settings, docker_client, make_container, running):
    container = with_known_files(docker_client, make_container(start=running))
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        tab = await open_files(pilot, container.id)
        await wait_for_text(pilot, "data/")
        await go_to(pilot, tab, "/data/hello.txt")
        text = screen_text(pilot)
        assert "link -> hello.txt" in text and "many/" in text and "-rw-r--r--" in text
        await pilot.press("v")
        viewer = await wait_screen(pilot, FileViewScreen, LineView)
        await wait_for_text(pilot, "second line: needle here")
        await pilot.press("slash")
        await wait_for(pilot, lambda: viewer.query_one(Input).has_focus)
        await pilot.press(*"needle", "enter")
        await wait_for(pilot, lambda: viewer.query_one(LineView).marked == 1)
        await pilot.press("q")
        await wait_for(pilot, lambda: not isinstance(app.screen, FileViewScreen))
        await go_to(pilot, tab, "/data/link")  # a symlink opens its target
        await pilot.press("v")
        await wait_screen(pilot, FileViewScreen, LineView)
        await wait_for_text(pilot, "hello from dockpit")
        await pilot.press("q")
        await go_to(pilot, tab, "/data/blob.bin")
        await pilot.press("v")
        await wait_screen(pilot, FileViewScreen, LineView)
        await wait_for_text(pilot, "00000000  00 01 02 03")  # binary: hex
        assert "(hex)" in screen_text(pilot)


async def test_download_upload_new_folder_delete(app_settings, docker_client, make_container,
                                                 tmp_path):  # fmt: skip
    container = with_known_files(docker_client, make_container())
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        tab = await open_files(pilot, container.id)
        # download: the copy dialog, filled in; the bytes match
        await go_to(pilot, tab, "/data/blob.bin")
        await pilot.press("s")
        dialog = await wait_screen(pilot, FilesCopyDialog, "#cp-dest")
        await wait_for(pilot, lambda: dialog.query_one("#cp-source", Input).value)
        assert dialog.query_one("#cp-source", Input).value == "/data/blob.bin"
        dialog.query_one("#cp-dest", Input).value = str(tmp_path)
        await submit(pilot, dialog.query_one("#cp-dest", Input))
        await wait_for(pilot, lambda: (tmp_path / "blob.bin").exists(), timeout=15)
        assert (tmp_path / "blob.bin").read_bytes() == BLOB
        await wait_for(pilot, lambda: not isinstance(app.screen, FilesCopyDialog))

        # upload into the selected file's folder; read it back with docker exec
        host_file = tmp_path / "up.txt"
        host_file.write_bytes(b"uploaded by dockpit\n")
        tab.file_tree.focus()
        await pilot.press("u")
        dialog = await wait_screen(pilot, FilesCopyDialog, "#cp-dest")
        await wait_for(pilot, lambda: dialog.query_one("#cp-dest", Input).value == "/data")
        dialog.query_one("#cp-source", Input).value = str(host_file)
        await submit(pilot, dialog.query_one("#cp-dest", Input))
        await wait_for(pilot, lambda: not isinstance(app.screen, FilesCopyDialog), timeout=15)
        assert exec_out(container, "cat", "/data/up.txt") == b"uploaded by dockpit\n"
        await wait_for_text(pilot, "up.txt")  # the folder was listed again

        # a new folder in /data
        tab.file_tree.focus()
        await pilot.press("n")
        prompt = await wait_screen(pilot, PromptDialog, "#prompt-input")
        prompt.query_one(Input).value = "fresh"
        await pilot.press("enter")
        await wait_for_notice(pilot, "made /data/fresh")
        exec_out(container, "test", "-d", "/data/fresh")

        # delete asks, then removes
        await go_to(pilot, tab, "/data/up.txt")
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDialog)
        assert "/data/up.txt" in screen_text(pilot)
        await pilot.press("y")
        await wait_for_notice(pilot, "deleted /data/up.txt")
        code, _ = container.exec_run(["test", "-e", "/data/up.txt"])
        assert code == 1


async def test_stopped_container_delete_says_why(app_settings, docker_client, make_container):
    container = with_known_files(docker_client, make_container(start=False))
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        tab = await open_files(pilot, container.id)
        await go_to(pilot, tab, "/data/hello.txt")
        await pilot.press("d")
        await wait_screen(pilot, ConfirmDialog)
        assert "must be running" in screen_text(pilot)
        await pilot.press("y")
        await wait_for_notice(pilot, "cannot be deleted without starting it")


async def test_edit_with_a_scripted_editor(app_settings, docker_client, make_container,
                                           tmp_path, monkeypatch):  # fmt: skip
    container = with_known_files(docker_client, make_container())
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/second line/SECOND LINE/" "$1"\necho added >> "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    # a headless test terminal cannot be suspended: let it "suspend" as a real one does
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    monkeypatch.setattr(HeadlessDriver, "suspend_application_mode", lambda self: None)
    monkeypatch.setattr(HeadlessDriver, "resume_application_mode", lambda self: None)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        tab = await open_files(pilot, container.id)
        await go_to(pilot, tab, "/data/hello.txt")
        await pilot.press("o")
        await wait_screen(pilot, ConfirmDialog)
        shown = screen_text(pilot)
        assert "-second line: needle here" in shown and "+SECOND LINE: needle here" in shown
        assert "+added" in shown
        await pilot.press("y")
        await wait_for_notice(pilot, "wrote /data/hello.txt")
    expected = HELLO.replace(b"second line", b"SECOND LINE") + b"added\n"
    assert exec_out(container, "cat", "/data/hello.txt") == expected

    # the file changes in the container while the editor is open: the write is refused
    editor.write_text(
        f'#!/bin/sh\ndocker exec {container.id} sh -c "echo meanwhile >> /data/hello.txt"\n'
        'echo mine >> "$1"\n'
    )
    monkeypatch.setenv("DOCKER_HOST", app_settings.host)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        tab = await open_files(pilot, container.id)
        await go_to(pilot, tab, "/data/hello.txt")
        await pilot.press("o")
        await wait_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await wait_for_notice(pilot, "changed in the container since it was opened")
    assert exec_out(container, "cat", "/data/hello.txt") == expected + b"meanwhile\n"
