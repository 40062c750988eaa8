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
from tui.screens.logs_screen import LogsScreen
from widgets.footer import prune_dead_watchers


def _compact_watchers(footer: Footer) -> list[Any]:
    return list(getattr(footer, "__watchers", {}).get("compact", []))


async def test_logs_screen_opened_and_closed_leaves_nothing_behind(app_settings, make_container):
    """Each open/close of the logs screen: the screen, its view, its lines, its stream thread
    and the footer keys the main screen rebuilt on the way back are all released."""
    container = make_container(["sh", "-c", "while true; do echo line; sleep 0.05; done"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(3):
            view = await open_logs(pilot, [container], tail=50)
            await wait_for(pilot, lambda v=view: "line" in shown(v))
            await app.pop_screen()
            await wait_for(pilot, lambda: not isinstance(app.screen, LogsScreen))
        del view
        main_footer = app.screen.query_one(Footer)

        def released() -> bool:
            gc.collect()
            screens = [o for o in gc.get_objects() if isinstance(o, LogsScreen)]
            streams = [
                t for t in threading.enumerate() if t.name == f"dockpit-logs-{container.id[:12]}"
            ]
            return not screens and not streams

        await wait_for(pilot, released, timeout=20)
        # The main screen's footer holds watchers for its own keys only (Textual keeps one
        # per key ever composed: textual#6666; widgets.footer.Footer drops the dead ones).
        await wait_for(
            pilot,
            lambda: len(_compact_watchers(main_footer)) <= len(main_footer.query(FooterKey)),
        )
        gc.collect()
        alive_keys = [o for o in gc.get_objects() if isinstance(o, FooterKey)]
        assert len(alive_keys) <= len(main_footer.query(FooterKey)) + 5
        # What removed widgets rendered is not kept by Textual's styles memo after a sweep.
        release_dead_widget_caches()
        gc.collect()
        live = sum(1 for screen in app.screen_stack for _ in screen.walk_children(with_self=True))
        caches = [o for o in gc.get_objects() if isinstance(o, StylesCache)]
        assert len(caches) <= live + 10, (len(caches), live)


def test_prune_dead_watchers_keeps_the_living() -> None:
    class Node:
        def __init__(self, attached: bool, closing: bool = False) -> None:
            self.is_attached, self._closing = attached, closing

    owner, alive, removed, closing = Node(True), Node(True), Node(False), Node(True, True)
    setattr(owner, "__watchers", {"compact": [(alive, 1), (removed, 2), (closing, 3)]})
    assert prune_dead_watchers(owner) == 2
    assert getattr(owner, "__watchers") == {"compact": [(alive, 1)]}
    assert prune_dead_watchers(object()) == 0
