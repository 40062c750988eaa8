"""Progress bars say what is going on: still before the work starts, never pulsing on after
it failed (export and copy dialogs on the sandbox engine)."""

from __future__ import annotations

from textual.widgets import Input, ProgressBar

from tests.app.inside_helpers import open_details, submit, wait_screen
from tests.helpers import wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.details.copy_dialog import CopyDialog
from tui.screens.details.export_dialog import ExportDialog


async def test_export_and_copy_bars_still_before_and_after_a_failure(
    app_settings, make_container, tmp_path
):
    container = make_container()
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_details(pilot, container.id)
        await app.push_screen(ExportDialog(screen.session, screen.container))
        await wait_screen(pilot, ExportDialog, "#export-path")
        dialog = app.screen
        bar = dialog.query_one(ProgressBar)
        assert bar.total is not None  # nothing started: no pulse
        dialog.query_one("#export-path", Input).value = str(tmp_path / "no" / "such" / "x.tar")
        await submit(pilot, dialog.query_one("#export-path", Input))
        await wait_for(pilot, lambda: not dialog.busy and dialog.query_one("#transfer-status"))
        await wait_for(pilot, lambda: bar.total is not None and not dialog.busy)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))

        await app.push_screen(CopyDialog(screen.session, screen.container))
        await wait_screen(pilot, CopyDialog, "#cp-dest")
        dialog = app.screen
        bar = dialog.query_one(ProgressBar)
        assert bar.total is not None
        dialog.query_one("#cp-source", Input).value = "/no/such/file"
        dialog.query_one("#cp-dest", Input).value = str(tmp_path / "out")
        await submit(pilot, dialog.query_one("#cp-dest", Input))
        await wait_for_text(pilot, "no/such")
        await wait_for(pilot, lambda: not dialog.busy)
        assert bar.total is not None
