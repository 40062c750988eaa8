"""Custom commands on the containers pane, against the sandbox engine: the selected container's
fields reach the program as arguments (a hostile value stays ONE argument), the output shows in
a panel, dangerous commands are refused read-only."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.app.containers_support import narrow, prefix, ready, select, wait_notified
from tests.helpers import wait_for
from tui.app import DockpitApp
from tui.engine.core.door import ReadOnlyError
from tui.engine.custom.commands import parse_commands
from tui.screens.compose.compose_run import ComposeRunScreen

HOSTILE = "p; touch {out}.pwned $(touch {out}.pwned2) `id`"
#: A program that writes its arguments (as JSON) to the file named by its first argument.
WRITE_ARGS = "import json, sys; open(sys.argv[1], 'w').write(json.dumps(sys.argv[2:])); print('ran', sys.argv[2])"


def commands(out: Path, **extra):
    return parse_commands(
        [
            {
                "name": "Write args",
                "key": "ctrl+y",
                "scope": "containers",
                "command": [
                    sys.executable,
                    "-c",
                    WRITE_ARGS,
                    str(out),
                    "{name}",
                    "{project}",
                    "{image}",
                ],
                **extra,
            }
        ]
    ).commands


async def test_a_custom_key_runs_with_the_selected_container(
    app_settings, make_container, tmp_path
):
    out = tmp_path / "args.json"
    name = prefix()
    hostile = HOSTILE.format(out=out)
    c = make_container(name=name, labels={"com.docker.compose.project": hostile})
    app_settings.commands = commands(out)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeRunScreen))
        screen = app.screen
        assert isinstance(screen, ComposeRunScreen)
        await wait_for(pilot, lambda: screen.ended, timeout=20)
        assert screen.outcome is not None and screen.outcome.ok
        assert any(f"ran {name}" in line for line in screen.outcome.lines)
        assert json.loads(out.read_text()) == [name, hostile, "busybox:latest"]
        assert not Path(f"{out}.pwned").exists() and not Path(f"{out}.pwned2").exists()
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ComposeRunScreen))


async def test_the_palette_and_help_list_it(app_settings, make_container, tmp_path):
    from tui.screens.shell.key_help import palette_entries

    name = prefix()
    c = make_container(name=name)
    app_settings.commands = commands(tmp_path / "x.json")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        entries = palette_entries(app.screen)
        assert any(e.binding.id == "custom.write_args" for _, e in entries)


async def test_dangerous_commands_are_refused_read_only(app_settings, make_container, tmp_path):
    out = tmp_path / "args.json"
    name = prefix()
    c = make_container(name=name)
    app_settings.commands = commands(out, dangerous=True)
    app_settings.read_only = True
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)
        await pilot.press("ctrl+y")
        await pilot.pause(0.5)
        assert not isinstance(app.screen, ComposeRunScreen)
        # the door refuses it too, whatever the UI does
        session = app.session
        with pytest.raises(ReadOnlyError):
            session.commands.runs(app_settings.commands[0], [{"name": name}], {})
        # and the action itself (the palette's way in) says so
        pane = app.screen.query_one("ContainersPane")
        pane.action_custom_command(0)
        await wait_notified(pilot, "read-only mode")
    assert not out.exists()


async def test_an_images_command_gets_the_image_row(app_settings, tmp_path):
    from tests.image_fixtures import open_images_pane, select_reference

    out = tmp_path / "image.json"
    app_settings.commands = parse_commands(
        [
            {
                "name": "Image args",
                "key": "ctrl+y",
                "scope": "images",
                "command": [sys.executable, "-c", WRITE_ARGS, str(out), "{name}", "{id}"],
            }
        ]
    ).commands
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await select_reference(pilot, pane, "busybox:latest")
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeRunScreen))
        screen = app.screen
        assert isinstance(screen, ComposeRunScreen)
        await wait_for(pilot, lambda: screen.ended, timeout=20)
        name, image_id = json.loads(out.read_text())
        assert name == "busybox:latest" and image_id.startswith("sha256:")
