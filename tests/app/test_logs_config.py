"""The config file's [logs] section starts both log views: the logs screen (`l`) and the
logs tab of the details screen (tail, since, wrap, timestamps, line cap)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from tests.app.inside_helpers import open_details
from tests.app.logs_helpers import open_logs, shown, wait_for_lines
from tests.helpers import screen_text, wait_for
from tui.app import DockpitApp
from tui.settings import load_settings
from widgets.log_view import LogView

LONG = "y" * 190  # wider than the 160-column terminal: two rows when wrapped


def settings_from(tmp_path, name: str, logs: str, host: str):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.toml"
    path.write_text("[logs]\n" + logs)
    settings = load_settings(str(path), environ={})
    assert not settings.config_problems, settings.config_problems
    settings.host = host
    return settings


async def test_config_log_defaults_start_both_views(app_settings, make_container, tmp_path):
    script = (
        'for i in $(seq 1 20); do echo "early $i"; done; '
        "until [ -f /tmp/go ]; do sleep 0.1; done; "
        f'while true; do echo "tick {LONG}"; sleep 0.2; done'
    )
    container = make_container(["sh", "-c", script])
    deadline = time.monotonic() + 20
    while b"early 20" not in container.logs() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.1)  # whole seconds: `since` below falls after every early line
    since = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    time.sleep(1.1)
    container.exec_run(["touch", "/tmp/go"])

    host = app_settings.host
    screen_settings = settings_from(
        tmp_path, "screen", f'tail = "all"\nsince = "{since}"\ntimestamps = true\n', host
    )
    tab_settings = settings_from(tmp_path, "tab", "tail = 3\nwrap = true\nmax_lines = 100\n", host)
    app = DockpitApp(screen_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        # the logs screen: since from the config (no early line), timestamps on
        view = await open_logs(pilot, [container])
        # three ticks at least: the details tab's "tail 3" below must find no early line
        await wait_for_lines(pilot, view, lambda lines: len(lines) >= 3)
        assert not any(line.startswith("early") for line in shown(view))
        assert view.show_timestamps and not view.wrap and view.max_lines == 10_000
        assert f"since {since}" in screen_text(pilot) and "tail all" in screen_text(pilot)
        assert datetime.now(timezone.utc).strftime("%Y-%m-%d ") in screen_text(pilot)
        app.pop_screen()
        await pilot.pause()

        # the details tab: tail 3, wrapped, a cap of 100 lines
        app.settings = tab_settings
        screen = await open_details(pilot, container.id, tab="logs")
        tab_view = screen.query_one(LogView)
        await wait_for(pilot, lambda: len(shown(tab_view)) >= 4)
        assert not any(line.startswith("early") for line in shown(tab_view))  # not 500
        assert tab_view.wrap and not tab_view.show_timestamps and tab_view.max_lines == 100
        assert tab_view.virtual_size.height >= 2 * len(shown(tab_view))  # two rows a line
        assert "tail 3" in screen_text(pilot) and "wrap" in screen_text(pilot)
