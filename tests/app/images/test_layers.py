"""The layer explorer from the images pane, on an image built in the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BUSYBOX, unique_name
from tests.engine.test_image_layers import LINES
from tests.helpers import screen_text, wait_for
from tests.image_fixtures import fill, open_images_pane, select_reference
from tui.app import DockpitApp
from tui.engine.images.layers_model import ADDED
from tui.screens.images.layers_file import LayerFileScreen
from tui.screens.images.layers_screen import LayersScreen
from tui.screens.images.layers_tables import DiffScreen, WasteScreen
from widgets.file_tree import FileTree

pytestmark = pytest.mark.engine


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKPIT_CACHE_DIR", str(tmp_path / "cache"))


async def test_explore_view_extract_waste_and_diff(
    app_settings, build_test_image, tmp_path
) -> None:
    reference = f"{unique_name('dockpit-layers-ui')}:v1"
    build_test_image(reference, lines=LINES)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await select_reference(pilot, pane, reference)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LayersScreen), timeout=10)
        screen = app.screen
        assert isinstance(screen, LayersScreen)
        await wait_for(pilot, lambda: screen.analysis is not None, timeout=30)
        assert screen.analysis is not None and screen.analysis.wasted_bytes == 1008
        top = len(screen.analysis.layers) - 2  # the layer that rewrote /data/a.txt
        table = screen.query_one("#layers-table")
        table.move_cursor(row=top)  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: screen.view_index == top, timeout=10)
        await pilot.press("slash", *"a.txt", "enter")
        tree = screen.query_one(FileTree)
        await wait_for(pilot, lambda: tree.view is not None and "data/a.txt" in tree.view.rows)
        await pilot.pause()
        node = next(n for n in tree._tree_nodes.values() if n.data == "data/a.txt")
        tree.move_cursor(node)
        await pilot.pause()
        assert tree.current is not None and tree.current.status != ADDED  # rewritten here
        assert "efficiency = 1 - wasted / total" in screen_text(pilot)
        await pilot.press("a")  # the layer alone
        await wait_for(pilot, lambda: tree.view is not None and not screen.merged)
        await pilot.pause(0.3)
        assert tree.view is not None and "data/a.txt" in tree.view.rows  # the filter holds
        assert all(r.layer == top or r.entry.kind == "dir" for r in tree.view.rows.values())
        await pilot.press("a")
        await wait_for(pilot, lambda: screen.merged)
        await pilot.pause(0.3)
        node = next(n for n in tree._tree_nodes.values() if n.data == "data/a.txt")
        tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, LayerFileScreen), timeout=10)
        viewer = app.screen
        assert isinstance(viewer, LayerFileScreen)
        await wait_for(pilot, lambda: viewer.head is not None, timeout=20)
        assert viewer.head is not None and viewer.head.data == b"world!"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        out = tmp_path / "out"
        await pilot.press("x")
        await pilot.pause()
        await fill(pilot, {"field-folder": str(out)})
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.last_extract is not None, timeout=10)
        await wait_for(pilot, lambda: (out / "a.txt").exists(), timeout=20)
        await wait_for(pilot, lambda: screen.last_extract.is_finished, timeout=20)  # type: ignore[union-attr]
        assert (out / "a.txt").read_bytes() == b"world!"
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WasteScreen))
        assert app.screen.query_one("#layers-rows").row_count == 4  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("D")
        await pilot.pause()
        await fill(pilot, {"field-reference": BUSYBOX})
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DiffScreen))
        diff = app.screen
        assert isinstance(diff, DiffScreen)
        await wait_for(pilot, lambda: diff.items is not None, timeout=30)
        gone = {i.path: i.status for i in diff.items or []}
        assert gone["data/a.txt"] == "removed" and gone["data/opq/new"] == "removed"


async def test_read_only_has_no_extract_or_export(app_settings, build_test_image) -> None:
    reference = f"{unique_name('dockpit-layers-ro')}:v1"
    build_test_image(reference)
    app_settings.read_only = True
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await select_reference(pilot, pane, reference)
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LayersScreen), timeout=10)
        screen = app.screen
        assert isinstance(screen, LayersScreen)
        await wait_for(pilot, lambda: screen.analysis is not None, timeout=30)
        assert screen.check_action("extract", ()) is False
        assert screen.check_action("export", ()) is False
        assert screen.check_action("view", ()) is True
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is screen  # no dialog
