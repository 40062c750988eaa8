"""The dashboard home (issue 18): previews that follow the cursor, zoom, size classes and the
pane bar's live counts, against the sandbox engine."""

from __future__ import annotations

import time

import pytest

from tests.app.containers_support import narrow, prefix, ready, select
from tests.helpers import burst, load_factor, wait_for
from tui.app import DockpitApp
from tui.screens.dashboard.container_preview import LogsPreview
from tui.screens.dashboard.layout import Dashboard
from tui.screens.dashboard.pane_bar import PaneBar

CHATTY = "i=0; while :; do echo {word}-$i; i=$((i+1)); sleep 0.2; done"


def logs_text(app: DockpitApp) -> str:
    view = app.query_one(LogsPreview).view
    return "\n".join(view.plain_line(line) for line in view.shown_lines)


def open_followers(app: DockpitApp) -> int:
    return app.query_one(LogsPreview).open_streams


@pytest.fixture(autouse=True)
def dashboard_mode(app_settings):
    app_settings.layout_mode = "dashboard"  # conftest's default is the list alone


async def test_previews_follow_the_cursor_and_close_the_previous_stream(
    app_settings, make_container
):
    name = prefix()
    first = make_container(["sh", "-c", CHATTY.format(word="alpha")], name=f"{name}-a")
    second = make_container(["sh", "-c", CHATTY.format(word="bravo")], name=f"{name}-b")
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, first, second)
        await narrow(pilot, name)
        await select(pilot, first)
        await wait_for(pilot, lambda: "alpha-" in logs_text(app))
        preview = app.query_one(LogsPreview)
        old = list(preview._followers)
        assert open_followers(app) == 1
        await select(pilot, second)
        started = time.monotonic()
        await wait_for(pilot, lambda: "bravo-" in logs_text(app))
        assert time.monotonic() - started <= 1.0 * load_factor() + 0.5
        assert "alpha-" not in logs_text(app)
        assert all(f.closed for f in old)  # the previous stream was closed
        for follower in old:
            follower.join(5)
        assert open_followers(app) == 1
        assert app.query_one("#preview-stats").container.id == second.id


async def test_holding_down_opens_no_stream_until_the_cursor_rests(app_settings, make_container):
    name = prefix()
    made = [make_container(name=f"{name}-{i}") for i in range(6)]
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, *made)
        await narrow(pilot, name)
        await select(pilot, made[0])
        preview = app.query_one(LogsPreview)
        await wait_for(pilot, lambda: preview.following_id == made[0].id)
        opened: list[str | None] = []
        most_open: list[int] = []
        original = preview.follow

        def follow(container):  # type: ignore[no-untyped-def]
            opened.append(container.id if container else None)
            original(container)
            most_open.append(open_followers(app))

        preview.follow = follow  # type: ignore[method-assign]
        burst(app, ["down"] * 5)  # as a held key arrives: faster than the cursor rests
        await wait_for(pilot, lambda: preview.following_id == made[5].id)
        # One stream for where the cursor came to rest (a loaded machine, slower than the
        # rest time between keys, may also have shown a row on the way), never two at once.
        assert opened[-1] == made[5].id
        assert len(opened) <= 2 * load_factor()
        assert max(most_open) == 1
        assert open_followers(app) == 1


async def test_zoom_a_region_and_back(app_settings, make_container):
    container = make_container(name=prefix())
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, container)
        dashboard = app.query_one(Dashboard)
        previews = app.query_one("#previews")
        await wait_for(pilot, lambda: previews.display and previews.region.width > 0)
        await pilot.press("z")
        await wait_for(pilot, lambda: dashboard.has_class("-zoom-list"))
        await pilot.pause()
        assert previews.region.width == 0
        await pilot.press("z")
        await wait_for(pilot, lambda: not dashboard.zoomed and previews.region.width > 0)
        await pilot.press("tab")  # to the logs preview
        await wait_for(pilot, lambda: app.focused is app.query_one(LogsPreview).view)
        await pilot.press("z")
        await wait_for(pilot, lambda: dashboard.has_class("-zoom-preview"))
        await pilot.pause()
        assert app.query_one("#panes").region.width == 0
        assert app.query_one(LogsPreview).region.width == 160
        await pilot.press("z", "shift+tab")
        await wait_for(pilot, lambda: app.focused is app.query_one("#containers-table"))


async def test_three_size_classes_and_a_tiny_terminal(app_settings, make_container):
    container = make_container(name=prefix())
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, container)
        dashboard = app.query_one(Dashboard)
        panes, previews = app.query_one("#panes"), app.query_one("#previews")
        await wait_for(pilot, lambda: dashboard.size_class == "side")
        await wait_for(pilot, lambda: panes.region.y == previews.region.y)
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: dashboard.size_class == "stacked")
        await wait_for(pilot, lambda: previews.region.y > panes.region.y)
        await pilot.resize_terminal(79, 30)
        await wait_for(pilot, lambda: dashboard.size_class == "list")
        await wait_for(pilot, lambda: previews.region.width == 0)
        await pilot.resize_terminal(120, 23)
        await wait_for(pilot, lambda: dashboard.size_class == "list")
        await pilot.resize_terminal(40, 12)
        await pilot.pause(0.3)
        await pilot.press("down", "z", "z", "tab", "greater_than_sign")
        await pilot.resize_terminal(160, 45)
        await wait_for(pilot, lambda: dashboard.size_class == "side")
        await wait_for(pilot, lambda: previews.region.width > 0)


async def test_pane_bar_counts_follow_containers_made_and_removed_outside(
    app_settings, make_container, docker_client
):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.query_one(PaneBar))
        bar = app.query_one(PaneBar)
        await wait_for(pilot, lambda: "containers" in bar.counts)
        table = app.query_one("#containers-table")
        await wait_for(pilot, lambda: bar.counts["containers"] == count(table))
        made = make_container(name=prefix())  # made outside the app
        await wait_for(pilot, lambda: table.has_key(made.id))
        await wait_for(pilot, lambda: bar.counts["containers"] == count(table))
        assert "1 Containers " + bar.counts["containers"] in str(bar.render())
        made.remove(force=True)
        await wait_for(pilot, lambda: not table.has_key(made.id))
        await wait_for(pilot, lambda: bar.counts["containers"] == count(table))
        await wait_for(pilot, lambda: "images" in bar.counts)


def count(table) -> str:  # type: ignore[no-untyped-def]
    known = table.known
    running = sum(1 for r in known.values() if r.container.state == "running")
    return f"{running}/{len(known)}"
