"""The first screen against the real sandbox engine, and the no-engine message."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.shell.main import PaneSwitcher
from tui.settings import Settings
from widgets.containers_table import ContainersTable


async def test_container_created_by_test_appears(app_settings, make_container):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one(ContainersTable).row_count >= 0)
        name = unique_name("skel")
        container = make_container(name=name)
        await wait_for_text(pilot, name, timeout=5)
        table = app.query_one(ContainersTable)
        assert table.has_key(container.id)
        await wait_for_text(pilot, "running", timeout=5)  # created first, then started


async def test_existing_container_listed_and_removal_seen(
    app_settings, make_container, docker_client
):
    name = unique_name("pre")
    container = make_container(name=name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_text(pilot, name)
        container.remove(force=True)
        await wait_for(pilot, lambda: name not in screen_text(pilot), timeout=5)


async def test_panes_mounted_after_the_first_frame_stay_hidden(app_settings):
    """The events pane is mounted after the containers list's first frame: it must not
    show up under the list (a ContentSwitcher hides only the children it mounted with)."""
    from tui.screens.events.events_pane import EventsPane

    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: bool(app.query(EventsPane)))
        await pilot.pause()
        assert not app.query_one(EventsPane).display
        # Again, certainly after the switcher mounted (the first time is timing-dependent).
        await app.query_one(EventsPane).remove()
        screen = app.main_screen
        screen._mount_eager_panes(screen.session)
        await wait_for(pilot, lambda: bool(app.query(EventsPane)))
        await pilot.pause()
        assert not app.query_one(EventsPane).display
        assert "kept " not in screen_text(pilot)  # the events pane's status line
        await pilot.press("5")
        await wait_for(pilot, lambda: app.query_one(EventsPane).display)
        assert not app.query_one("#containers").display


async def test_no_engine_message(tmp_path):
    dead = tmp_path / "dead.sock"
    app = DockpitApp(Settings(host=f"unix://{dead}"))
    async with app.run_test(size=(120, 40)) as pilot:
        text = await wait_for_text(pilot, "No Docker engine answered")
        assert str(dead) in text
        assert "--host" in text
        assert "Traceback" not in text
        await pilot.press("q")


async def test_pane_chosen_before_the_switcher_mounts_stays_chosen():
    """A pane key pressed while the panes are still mounting is not undone by the
    switcher's own start-up (ContentSwitcher shows its initial pane once mounted)."""

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("waiting")

    app = Host()
    async with app.run_test() as pilot:
        switcher = PaneSwitcher(initial="one", id="panes")
        mounted = app.screen.mount(switcher)  # as the main screen does: not awaited
        switcher.mount_all([Static("1", id="one"), Static("2", id="two")])
        switcher.current = "two"  # the key, before the switcher's Mount is handled
        await mounted
        await pilot.pause()
        assert switcher.current == "two"
        assert switcher.get_child_by_id("two").display
        assert not switcher.get_child_by_id("one").display
