"""Keys typed in one burst (a paste, one SSH packet, a busy app) land where the first key
sends them: "/" then text goes into the filter, never to the table as commands."""

from __future__ import annotations

from textual.widgets import Input

from tests.app.containers_support import prefix, ready
from tests.app.inside_helpers import open_details
from tests.helpers import burst, wait_for
from tui.app import DockpitApp
from tui.screens.containers.command_screen import CommandScreen
from tui.screens.details.rename_dialog import RenameDialog
from tui.screens.images.image_dialogs import FormDialog
from tui.screens.logs.logs_screen import LogsScreen
from tui.screens.shell.main import MainScreen
from widgets.log_view import LogView


async def test_filter_typed_in_one_burst_goes_into_the_filter(app_settings, make_container):
    name = prefix()
    made = make_container(name=f"{name}-lst")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, made)
        # l (logs), s (start/stop), t (show stopped) are commands of the table
        burst(app, f"/{name}-lst")
        filter_input = app.query_one("#containers-filter", Input)
        await wait_for(pilot, lambda: filter_input.value == f"{name}-lst")
        await pilot.pause(0.3)
        assert isinstance(app.screen, MainScreen)  # no logs screen opened
        assert app.focused is filter_input
        assert made.reload() or made.status == "running"  # "s" did not stop it
        # enter and the next key in one go: the filter stays, "o" sorts the table
        table = app.query_one("#containers-table")
        sort = table.options.sort
        burst(app, ["enter", "o"])
        await wait_for(pilot, lambda: table.options.sort != sort)
        assert filter_input.value == f"{name}-lst" and app.focused is table


async def test_logs_search_typed_in_one_burst_keeps_its_letters(app_settings, make_container):
    """In the logs view "f", "o", "T" open prompts; inside the search prompt they are text."""
    name = prefix()
    made = make_container(name=f"{name}-lg", command=["sh", "-c", "echo fOoT; sleep 3600"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, made)
        app.query_one("#containers-table").move_cursor(
            row=app.query_one("#containers-table").get_row_index(made.id)
        )
        await pilot.press("l")
        await wait_for(pilot, lambda: not isinstance(app.screen, MainScreen))
        logs = app.screen
        burst(app, "/fOoT")
        prompt = logs.query_one("#logs-prompt", Input)
        await wait_for(pilot, lambda: prompt.value == "fOoT")
        assert app.focused is prompt
        assert app.screen is logs
        # enter and "w" in one go: the search runs, "w" toggles wrap (not typed into it)
        view = logs.query_one(LogView)
        burst(app, ["enter", "w"])
        await wait_for(pilot, lambda: view.wrap)
        assert prompt.value == "fOoT" and app.focused is view


async def test_pane_key_then_filter_in_one_burst(app_settings):
    """Typed "5/zz" in one go: the events pane, then its own filter (not the containers one)."""
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        # the panes other than the list mount after the first frame
        await wait_for(pilot, lambda: app.main_screen.query("#events-filter"))
        await pilot.pause(0.2)
        burst(app, "5/zz")
        box = app.query_one("#events-filter", Input)
        await wait_for(pilot, lambda: box.value == "zz")
        assert app.query_one("#containers-filter", Input).value == ""


async def test_keys_typed_behind_a_dialog_key_land_in_its_input(app_settings, make_container):
    """ "R" opens the rename dialog; the letters typed in the same burst are its text (they
    replace the selected old name, as typed slowly), not lost while the dialog is being
    built, and "x" is not the details screen's export."""
    name = prefix()
    made = make_container(name=f"{name}-rn")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, made.id)
        burst(app, "Rxy")
        await wait_for(pilot, lambda: isinstance(app.screen, RenameDialog))
        box = app.screen.query_one("#rename-input", Input)
        await wait_for(pilot, lambda: box.value == "xy")
        assert app.focused is box
        burst(app, "z")
        await wait_for(pilot, lambda: box.value == "xyz")
        assert len(app.screen_stack) == 3  # main, details, rename: no export dialog


async def test_image_dialog_key_and_its_text_in_one_burst(app_settings):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.query("#panes"))
        await pilot.press("2")
        table = app.query_one("#images-table")
        await wait_for(pilot, lambda: table.row_count > 0)
        burst(app, "tmy/tag:1")  # "t" tags; "g", "a", "1" are keys of the pane and the app
        await wait_for(pilot, lambda: isinstance(app.screen, FormDialog))
        box = app.screen.query_one(Input)
        await wait_for(pilot, lambda: box.value == "my/tag:1")


async def test_a_burst_is_handled_in_order_row_moves_then_dialog_then_text(
    app_settings, make_container
):
    """ "/name", enter, home, down, down, "!" and a command in one go: the filter has its whole text
    before enter applies it, the cursor has moved twice before "!" picks the container, and
    the command lands in the dialog's input."""
    name = prefix()
    made = [make_container(name=f"{name}-{n}") for n in ("a", "b", "c")]
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, *made)  # sorted by name: a, b, c
        burst(app, [*f"/{name}", "enter", "home", "down", "down", "!", *"echo hi"])
        await wait_for(pilot, lambda: isinstance(app.screen, CommandScreen))
        assert app.screen.container.name == f"{name}-c"
        box = app.screen.query_one("#command-input", Input)
        await wait_for(pilot, lambda: box.value == "echo hi")
        assert app.query_one("#containers-filter", Input).value == name


async def test_keys_behind_a_key_that_opens_a_screen_reach_that_screen(
    app_settings, make_container
):
    """ "l" then "/fOoT" in one go: the logs screen opens and its search prompt gets the text
    (the keys came before the screen had focused its view); enter, "R", "xy" in one go: the
    details open and their rename dialog gets "xy"."""
    name = prefix()
    made = make_container(name=f"{name}-sc", command=["sh", "-c", "echo fOoT; sleep 3600"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        table = await ready(pilot, made)
        table.move_cursor(row=table.get_row_index(made.id))
        await pilot.pause()
        burst(app, ["l", *"/fOoT"])
        await wait_for(pilot, lambda: isinstance(app.screen, LogsScreen))
        prompt = app.screen.query_one("#logs-prompt", Input)
        await wait_for(pilot, lambda: prompt.value == "fOoT")
        assert app.focused is prompt
        burst(app, ["escape", "q"])
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, lambda: app.focused is table)
        burst(app, ["enter", "R", *"xy"])
        await wait_for(pilot, lambda: isinstance(app.screen, RenameDialog))
        box = app.screen.query_one("#rename-input", Input)
        await wait_for(pilot, lambda: box.value == "xy")


async def test_keys_behind_the_palette_enter_reach_the_chosen_screen(app_settings):
    """ctrl+p, "run a new", then enter and "busybox" in one go: the run form's image field
    gets "busybox" (the "b" went into the closing palette, the rest to the form)."""
    from tests.helpers import wait_for_text
    from tui.screens.containers.run_form import RunForm

    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        burst(app, ["ctrl+p", *"run a new"])
        await wait_for_text(pilot, "Run a new container")
        burst(app, ["enter", *"busybox"])
        await wait_for(pilot, lambda: isinstance(app.screen, RunForm))
        image = app.screen.query_one("#run-image", Input)
        await wait_for(pilot, lambda: image.value == "busybox")
        await pilot.pause(0.3)
        assert image.value == "busybox" and app.focused is image
