"""Memory invariants of a long session (issue 13 soak): what is closed is released."""

from __future__ import annotations

import gc
import threading
from typing import Any

from textual._styles_cache import StylesCache
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.app.logs_helpers import open_logs, shown
from tests.helpers import wait_for
from tui.app import DockpitApp
from tui.cache_hygiene import release_dead_widget_caches
from tui.screens.logs.logs_screen import LogsScreen
from widgets.footer import prune_dead_watchers


def _compact_watchers(footer: Footer) -> list[Any]:
    return list(getattr(footer, "__watchers", {}).get("compact", []))


async def test_logs_screen_opened_and_closed_leaves_nothing_behind(app_settings, make_container):
    """Opening and closing the logs screen, and switching panes (the main screen's footer
    rebuilds its keys), is flat: no stream thread, screen, footer key or rendered widget
    cache piles up (compared after one round and after three more)."""
    container = make_container(["sh", "-c", "while true; do echo line; sleep 0.05; done"])
    app_settings.layout_mode = "list"  # the dashboard's preview would follow the same logs
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:

        async def round_trip() -> None:
            view = await open_logs(pilot, [container], tail=50)
            await wait_for(pilot, lambda: "line" in shown(view))
            await app.pop_screen()
            await wait_for(pilot, lambda: not isinstance(app.screen, LogsScreen))
            for key in ("5", "1"):  # other keys shown: the footer rebuilds its keys
                await pilot.press(key)
                await pilot.pause(0.3)

        def streams() -> list[threading.Thread]:
            name = f"dockpit-logs-{container.id[:12]}"
            return [t for t in threading.enumerate() if t.name == name]

        async def settled() -> dict[type, int]:
            await wait_for(pilot, lambda: not streams(), timeout=20)
            await pilot.pause(0.5)
            release_dead_widget_caches()
            gc.collect()
            counts = dict.fromkeys((LogsScreen, FooterKey, StylesCache), 0)
            for obj in gc.get_objects():
                if type(obj) in counts or isinstance(obj, LogsScreen):
                    counts[LogsScreen if isinstance(obj, LogsScreen) else type(obj)] += 1
            return counts

        await round_trip()
        first = await settled()
        for _ in range(3):
            await round_trip()
        after = await settled()
        # Textual may pin the last closed screen for a while (a context token); never more.
        assert after[LogsScreen] <= max(first[LogsScreen], 1), (first, after)
        assert after[FooterKey] <= first[FooterKey] + 5, (first, after)
        assert after[StylesCache] <= first[StylesCache] + 10, (first, after)
        # The main screen's footer watches its own keys only (textual#6666, KeysFooter).
        footer = app.screen.query_one(Footer)
        assert len(_compact_watchers(footer)) <= len(footer.query(FooterKey))


def test_prune_dead_watchers_keeps_the_living() -> None:
    class Node:
        def __init__(self, attached: bool, closing: bool = False) -> None:
            self.is_attached, self._closing = attached, closing

    owner, alive, removed, closing = Node(True), Node(True), Node(False), Node(True, True)
    setattr(owner, "__watchers", {"compact": [(alive, 1), (removed, 2), (closing, 3)]})
    assert prune_dead_watchers(owner) == 2
    assert getattr(owner, "__watchers") == {"compact": [(alive, 1)]}
    assert prune_dead_watchers(object()) == 0
