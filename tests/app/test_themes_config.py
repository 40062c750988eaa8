"""Themes, user themes, the theme picker, keymap remapping and confirm-on-quit, driven by keys."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from textual.command import CommandPalette

import themes
from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.details.details import ContainerDetailsScreen
from tui.screens.shell.confirm_quit import ConfirmQuitScreen
from tui.screens.shell.help import HelpScreen
from tui.screens.shell.main import MainScreen
from tui.screens.shell.panes import PANES
from widgets.containers_table import ContainersTable

SIZE = (160, 45)


@pytest.fixture
def listed(make_container):
    """A container of ours, and a wait until the containers pane has listed it: the pane's
    events stream is then open, so quitting closes it cleanly."""
    container = make_container(name=unique_name("theme"))

    async def wait(pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.query_one(ContainersTable).has_key(container.id))

    return wait


@pytest.mark.parametrize("theme", [t.name for t in themes.BUILTIN_THEMES])
async def test_every_builtin_theme_renders_the_main_views(app_settings, make_container, theme):
    name = unique_name("theme")
    make_container(name=name)
    app = DockpitApp(replace(app_settings, theme=theme))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_text(pilot, name)
        assert app.theme == theme
        expected = next(t for t in themes.BUILTIN_THEMES if t.name == theme)
        assert app.get_css_variables()["state-running"] == expected.variables["state-running"]
        for pane in PANES:
            await app.main_screen.action_show_pane(pane.id)
            await pilot.pause()
            assert screen_text(pilot).strip()
        await app.main_screen.action_show_pane(PANES[0].id)
        session = app.session
        assert session is not None
        container = next(c for c in session_containers(app) if c.name == name)
        await app.push_screen(ContainerDetailsScreen(session, container))
        await wait_for_text(pilot, name)
        app.pop_screen()
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))


def session_containers(app):
    from tui.engine.containers.containers import list_containers

    client = app.session.stream_client()
    try:
        return list_containers(client)
    finally:
        app.session.release(client)


async def test_theme_picker_previews_on_highlight_and_reverts_on_escape(app_settings, listed):
    app = DockpitApp(app_settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.theme == "dockpit")
        await listed(pilot)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("down")
        await wait_for(pilot, lambda: app.theme != "dockpit")
        await pilot.press("down")
        await wait_for(pilot, lambda: app.theme not in ("dockpit", "dockpit-ansi"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert app.theme == "dockpit"
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"high-contrast")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "dockpit-high-contrast")
        await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
        await pilot.pause(0.2)
        assert app.theme == "dockpit-high-contrast"


async def test_user_theme_is_loaded_and_a_broken_one_reported(app_settings, tmp_path, listed):
    (tmp_path / "harbour.toml").write_text(
        'name = "harbour"\nprimary = "#2496ED"\n[states]\nrunning = "#00ff00"\n'
    )
    (tmp_path / "broken.toml").write_text('name = "broken"\nprimary = "#2496ED"\ndark = "maybe"\n')
    settings = replace(app_settings, themes_dir=tmp_path, theme="harbour")
    app = DockpitApp(settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.theme == "harbour")
        await listed(pilot)
        assert "broken" not in app.available_themes
        messages = [n.message for n in app._notifications]
        assert any("broken.toml: dark: expected true or false" in m for m in messages), messages
        assert app.get_css_variables()["state-running"] == "#00ff00"


async def test_unknown_theme_falls_back_with_a_message(app_settings, listed):
    app = DockpitApp(replace(app_settings, theme="no-such-theme"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.theme == "dockpit")
        await listed(pilot)
        assert any("no-such-theme" in n.message for n in app._notifications)


async def test_keymap_remaps_keys(app_settings, listed):
    settings = replace(
        app_settings,
        keymap={"app.theme": "f6", "app.quit": "x", "app.help": "f1", "no.such.binding": "z"},
    )
    app = DockpitApp(settings)
    async with app.run_test(size=(160, 100)) as pilot:  # tall: the whole help fits
        await listed(pilot)
        assert "no.such.binding: no binding has this id" in "\n".join(
            n.message for n in app._notifications
        )
        await pilot.press("f1")  # the help screen, itself remapped, shows the new keys
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = await wait_for_text(pilot, "app.theme")
        assert re.search(r"\bf6\s+Theme\s+app\.theme", help_text), help_text
        assert re.search(r"\bx\s+Quit\s+app\.quit", help_text), help_text
        assert not re.search(r"ctrl\+t\s+Theme", help_text)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+t")  # the old key does nothing now
        await pilot.pause(0.2)
        assert not isinstance(app.screen, CommandPalette)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("q")  # no longer quits
        await pilot.pause(0.2)
        assert app.is_running
        await pilot.press("x")
        await wait_for(pilot, lambda: not app.is_running)


async def test_confirm_quit_asks_first(app_settings, listed):
    app = DockpitApp(replace(app_settings, confirm_quit=True))
    async with app.run_test(size=SIZE) as pilot:
        await listed(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmQuitScreen))
        assert "Quit dockpit?" in screen_text(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.is_running
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmQuitScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)


async def test_a_read_only_that_cannot_be_read_starts_read_only_and_says_why(
    app_settings, listed, tmp_path
):
    from tui.config import load_config
    from tui.screens.containers.containers_pane import ContainersPane
    from tui.screens.logs.logs_screen import LogsScreen
    from tui.settings import apply_config

    path = tmp_path / "config.toml"
    path.write_text('read_only = "yes"\n[keymap]\n"containers.logs" = "s"\n')
    app = DockpitApp(apply_config(replace(app_settings), load_config(path)))
    async with app.run_test(size=SIZE) as pilot:
        await listed(pilot)
        notes = [n for n in app._notifications if n.title.startswith("Config")]
        assert len(notes) == 1 and notes[0].severity == "error", notes
        assert notes[0].title == "Config: starting read-only"
        assert "read_only: expected true or false, got 'yes'" in notes[0].message
        assert "containers.logs: 's' is already containers.start_stop" in notes[0].message
        pane = app.query_one(ContainersPane)
        assert app.settings.read_only and not pane.check_action("start_stop", ())
        await pilot.press("s")  # the refused remap is not applied: s is not the logs
        await pilot.pause(0.2)
        assert not isinstance(app.screen, LogsScreen)
