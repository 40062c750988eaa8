"""Snapshot tests (pytest-textual-snapshot): the help screen, dialogs and the main screen in
every built-in theme, drawn by dockpit's own App from fixed data, with no engine.

After an intended change of the look: ``pytest tests/snapshots --snapshot-update``, then look
at the SVGs in tests/snapshots/__snapshots__/ before committing them.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.snapshots.snap_apps import (
    SIZE,
    PlannedPrune,
    SnapshotApp,
    show_containers,
    steady_inputs,
)
from themes.builtin import BUILTIN_THEMES
from tui.screens.images.image_dialogs import FormDialog, FormField
from widgets.confirm import ConfirmDialog

THEMES = sorted(theme.name for theme in BUILTIN_THEMES)


@pytest.mark.parametrize("theme", THEMES)
def test_main_screen(snap_compare, theme: str) -> None:
    assert snap_compare(SnapshotApp(theme), terminal_size=SIZE, run_before=show_containers)


def test_help_screen(snap_compare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_containers(pilot)
        await pilot.press("question_mark")

    assert snap_compare(SnapshotApp(), terminal_size=SIZE, run_before=run_before)


def test_confirm_dialog(snap_compare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_containers(pilot)
        lines = ["container shop-web-1 (nginx:1.27)", "container [bold]not-markup[/] (busybox)"]
        pilot.app.push_screen(ConfirmDialog("Remove 2 containers?", lines, verb="remove"))

    assert snap_compare(SnapshotApp(), terminal_size=SIZE, run_before=run_before)


def test_prune_preview(snap_compare) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_containers(pilot)
        await pilot.app.push_screen(PlannedPrune())

    assert snap_compare(SnapshotApp(), terminal_size=SIZE, run_before=run_before)


def test_form_dialog(snap_compare) -> None:
    fields = [
        FormField("reference", "Image", value="shop/api:2.4"),
        FormField("registry", "Registry", placeholder="127.0.0.1:5000"),
        FormField("password", "Password", value="secret", password=True),
        FormField("all_tags", "All tags", checkbox=True),
    ]

    async def run_before(pilot: Pilot[Any]) -> None:
        await show_containers(pilot)
        await pilot.app.push_screen(FormDialog("Push an image", fields))
        await steady_inputs(pilot)

    assert snap_compare(SnapshotApp(), terminal_size=SIZE, run_before=run_before)
