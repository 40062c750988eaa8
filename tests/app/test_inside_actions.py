"""Run a command, attach refusal, copy both ways, export, rename, wait: Pilot on the sandbox."""

from __future__ import annotations

import tarfile

from textual.widgets import Input, RadioButton, Static

from tests.app.inside_helpers import open_details, submit, wait_for_notice, wait_screen
from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.containers.command_screen import CommandScreen
from tui.screens.details.copy_dialog import CopyDialog
from tui.screens.details.export_dialog import ExportDialog
from tui.screens.details.rename_dialog import RenameDialog
from widgets.prompt import PromptDialog


async def test_run_command_shows_output_and_exit_code(app_settings, make_container):
    container = make_container()
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, container.id)
        await pilot.press("exclamation_mark")
        await wait_screen(pilot, CommandScreen, "#command-input")
        app.screen.query_one(
            "#command-input", Input
        ).value = "echo out-$((40+2)); echo err >&2; exit 3"
        await pilot.press("enter")
        text = await wait_for_text(pilot, "exit code 3")
        assert "out-42" in text and "err" in text
        # a plain command (no shell syntax) runs without sh -c
        app.screen.query_one("#command-input", Input).value = "cat /etc/hostname"
        await pilot.press("enter")
        await wait_for_text(pilot, "exit code 0")
        assert container.id[:12] in screen_text(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandScreen))


async def test_attach_refused_when_stopped(app_settings, make_container):
    stopped = make_container(start=False, stdin_open=True, tty=True)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, stopped.id)
        await pilot.press("a")
        await wait_for_notice(pilot, "is not running")
        assert "Traceback" not in screen_text(pilot)


async def test_copy_both_ways(app_settings, make_container, tmp_path):
    container = make_container()
    host_file = tmp_path / "to-container.txt"
    host_file.write_text("from the host\n")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, container.id)

        # host -> container
        await pilot.press("f")
        await wait_screen(pilot, CopyDialog, "#cp-dest")
        dialog = app.screen
        dialog.query_one(f"#{'to-container'}", RadioButton).value = True
        await wait_for(pilot, lambda: dialog.direction == "to-container")
        dialog.query_one("#cp-source", Input).value = str(host_file)
        dialog.query_one("#cp-dest", Input).value = "/tmp/copied.txt"
        await submit(pilot, dialog.query_one("#cp-dest", Input))
        await wait_for(pilot, lambda: not isinstance(app.screen, CopyDialog))
        code, output = container.exec_run("cat /tmp/copied.txt")
        assert code == 0 and output == b"from the host\n"

        # container -> host (into an existing directory, then under a new name)
        container.exec_run(["sh", "-c", "mkdir -p /data && echo inside-data > /data/f.txt"])
        await pilot.press("f")
        await wait_screen(pilot, CopyDialog, "#cp-dest")
        dialog = app.screen
        dialog.query_one("#cp-source", Input).value = "/data/f.txt"
        dialog.query_one("#cp-dest", Input).value = str(tmp_path / "out.txt")
        await submit(pilot, dialog.query_one("#cp-dest", Input))
        await wait_for(pilot, lambda: not isinstance(app.screen, CopyDialog))
        assert (tmp_path / "out.txt").read_text() == "inside-data\n"

        # a missing path is a clear error, the dialog stays
        await pilot.press("f")
        await wait_screen(pilot, CopyDialog, "#cp-dest")
        dialog = app.screen
        dialog.query_one("#cp-source", Input).value = "/no/such/file"
        dialog.query_one("#cp-dest", Input).value = str(tmp_path)
        await submit(pilot, dialog.query_one("#cp-dest", Input))
        await wait_for_text(pilot, "no such file or directory in the container: /no/such/file")
        assert isinstance(app.screen, CopyDialog)

        # container-side completion
        source = dialog.query_one("#cp-source", Input)
        source.focus()
        source.value = ""
        await pilot.press(*"/data/f")
        await wait_for(pilot, lambda: source._suggestion == "/data/f.txt")
        await pilot.press("escape")


async def test_export_writes_the_filesystem_tar(app_settings, make_container, tmp_path):
    container = make_container()
    container.exec_run(["sh", "-c", "echo exported > /marker.txt"])
    target = tmp_path / "fs.tar"
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, container.id)
        await pilot.press("x")
        await wait_screen(pilot, ExportDialog, "#export-path")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog), timeout=20)
    with tarfile.open(target) as archive:
        names = archive.getnames()
        assert "bin/busybox" in names
        marker = archive.extractfile("marker.txt")
        assert marker is not None and marker.read() == b"exported\n"
    assert not (tmp_path / "fs.tar.part").exists()


async def test_rename_and_wait(app_settings, make_container, docker_client):
    container = make_container("sh -c 'sleep 2; exit 7'")
    new_name = unique_name("renamed")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        details = await open_details(pilot, container.id, tab="logs")
        status = details.query_one("#logs-status", Static)
        await wait_for(pilot, lambda: container.name in str(status.render()))
        await pilot.press("w")
        await pilot.press("R")
        await wait_screen(pilot, RenameDialog, "#rename-input")
        app.screen.query_one(Input).value = new_name
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, RenameDialog))
        container.reload()
        assert container.name == new_name
        await wait_for_text(pilot, new_name)
        await wait_for(pilot, lambda: new_name in str(status.render()))  # the logs tab's too
        await wait_for_text(pilot, "exited with code 7", timeout=15)


async def test_shell_as_asks_then_hands_over_and_read_only_removes_it(app_settings, make_container):
    container = make_container()
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, container.id)
        await pilot.press("E")
        await wait_screen(pilot, PromptDialog, "#prompt-input")
        app.screen.query_one(Input).value = "zsh"
        await submit(pilot, app.screen.query_one(Input))
        # zsh is missing, sh is found; a headless test terminal cannot be handed over
        await wait_for_notice(pilot, "cannot be handed over")

    app_settings.read_only = True
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, container.id)
        await wait_for(pilot, lambda: "Export" in screen_text(pilot).splitlines()[-1])
        footer = screen_text(pilot).splitlines()[-1]
        assert "Export" in footer and "Shell" not in footer and "Copy files" not in footer
        await pilot.press("e", "E", "f")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, (PromptDialog, CopyDialog))
