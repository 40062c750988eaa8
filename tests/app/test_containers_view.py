"""Containers pane: filter, sort, marks, outside changes, read-only, help and palette."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual.widgets import Input

from tests.app.containers_support import (
    QUICK_STOP,
    narrow,
    prefix,
    ready,
    row_text,
    select,
    state,
    table,
    wait_notified,
    wait_row,
)
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.engine.core.door import ReadOnlyError
from tui.screens.shell.help import HelpScreen
from tui.screens.shell.key_help import palette_entries
from widgets.confirm import ConfirmDialog


def shown(app, made) -> list[str]:
    """The names of these containers in the order the table shows them (hidden ones left out)."""
    t = table(app)
    ids = {c.id: c.name for c in made}
    return [ids[r.key.value] for r in t.ordered_rows if r.key.value in ids]


async def test_filter_by_name_and_by_label_then_escape(app_settings, make_container):
    name = prefix()
    front = make_container(name=f"{name}-front", labels={"Tier": "Front-End"})
    back = make_container(name=f"{name}-back", labels={"tier": "back"})
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, front, back)
        await pilot.press("slash")
        filter_input = app.query_one("#containers-filter", Input)
        await wait_for(pilot, lambda: app.focused is filter_input)
        filter_input.value = f"{name}-f"
        await pilot.press("end", "R")  # live as typed, case-insensitive
        await wait_for(pilot, lambda: shown(app, [front, back]) == [front.name])
        await pilot.press("escape")  # clears
        await wait_for(pilot, lambda: len(shown(app, [front, back])) == 2)
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.focused is filter_input)
        filter_input.value = f"{name} tier=fron"
        await pilot.press("end", "t", "enter")
        await wait_for(pilot, lambda: shown(app, [front, back]) == [front.name])
        text = screen_text(pilot)
        assert front.name in text and back.name not in text
        assert f"filter: {name} tier=front" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(shown(app, [front, back])) == 2)
        assert app.focused is table(app)


async def test_sort_cycles_columns_and_reverses(app_settings, make_container):
    name = prefix()
    a = make_container(name=f"{name}-a", image="busybox:latest", start=False)
    b = make_container(name=f"{name}-b")
    made = [a, b]
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, *made)
        await narrow(pilot, name)
        await select(pilot, a)
        assert shown(app, made) == [a.name, b.name]  # by name
        await pilot.press("O")
        await wait_for(pilot, lambda: shown(app, made) == [b.name, a.name])
        assert table(app).current_key == a.id  # the cursor follows its container
        await pilot.press("o", "o")  # image, then state: running before created
        await wait_for_text(pilot, "sort: state ▲")
        assert shown(app, made) == [b.name, a.name]
        await pilot.press("O")
        await wait_for(pilot, lambda: shown(app, made) == [a.name, b.name])
        assert "sort: state ▼" in screen_text(pilot)
        await pilot.press("end")  # first and last row (the table is narrowed to these two)
        await wait_for(pilot, lambda: table(app).current_key == b.id)
        await pilot.press("home")
        await wait_for(pilot, lambda: table(app).current_key == a.id)


async def test_outside_changes_show_without_a_key(app_settings, make_container, docker_client):
    name = prefix()
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count >= 0 and app.session is not None)
        await pilot.pause(0.5)
        started = time.monotonic()
        c = make_container(QUICK_STOP, name=name, labels={"com.docker.compose.project": "shop"})
        await ready(pilot, c)
        appeared = time.monotonic() - started
        await wait_row(pilot, c, "running")
        assert "shop" in row_text(app, c)
        c.stop(timeout=1)
        await wait_row(pilot, c, "exited (0)")
        await pilot.press("t")  # hide stopped
        await wait_for(pilot, lambda: not table(app).has_key(c.id))
        await pilot.press("t")
        await wait_for(pilot, lambda: table(app).has_key(c.id))
        c.remove(force=True)
        await wait_for(pilot, lambda: c.id not in table(app).known)
        # Generous on a loaded machine; the figure itself is measured by bench/.
        assert appeared < 5, appeared


async def test_health_and_exit_code(app_settings, make_container, docker_client):
    name = prefix()
    healthy = make_container(
        name=f"{name}-hc",
        healthcheck={"test": ["CMD", "true"], "interval": 200_000_000, "start_period": 0},
    )
    failed = make_container(["sh", "-c", "exit 3"], name=f"{name}-ex")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, healthy, failed)
        await wait_row(pilot, healthy, "running (healthy)")
        await wait_row(pilot, failed, "exited (3)")


async def test_read_only_refuses_everything(app_settings, make_container, docker_client):
    app_settings.read_only = True
    name = prefix()
    c = make_container(QUICK_STOP, name=name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)
        for key in ["s", "r", "p", "K", "d", "D", "e", "a", "exclamation_mark", "space", "s"]:
            await pilot.press(key)
            await pilot.pause(0.1)
            assert not isinstance(app.screen, ConfirmDialog)
        await pilot.pause(0.5)
        assert state(docker_client, c) == "running"
        assert "READ-ONLY" in screen_text(pilot)
        actions = {entry.binding.action for _, entry in palette_entries(app.screen)}
        assert not actions & {"start_stop", "restart", "pause", "kill", "remove", "force_remove"}
        assert not actions & {"shell", "attach", "run"}
        assert "filter" in actions and "sort" in actions
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(pilot)
        assert "containers.filter" in text and "containers.kill" not in text
        # and the session itself refuses, whatever a key or the palette would ask
        assert app.session is not None and app.session.read_only
        with pytest.raises(ReadOnlyError):
            await asyncio.to_thread(app.session.containers.kill, c.id)
        assert state(docker_client, c) == "running"


async def test_help_lists_keys_and_palette_runs_actions(
    app_settings, make_container, docker_client
):
    name = prefix()
    c = make_container(QUICK_STOP, name=name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, c)
        await narrow(pilot, name)
        await select(pilot, c)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(pilot)
        for binding_id in ("containers.kill", "containers.force_remove", "containers.mark"):
            assert binding_id in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"kill")
        await wait_for_text(pilot, "Containers Pane: Kill")
        await pilot.press("enter")
        await wait_for_text(pilot, "send which signal?")  # the signal menu: SIGKILL first
        await pilot.press("enter")
        await wait_notified(pilot, f"killed {name}")
        await wait_for(pilot, lambda: state(docker_client, c) == "exited")
