"""Helpers for the volumes / networks / events / prune Pilot tests (issue #8)."""

from __future__ import annotations

import time

from textual.pilot import Pilot

from tests.helpers import load_factor


def notified(app, text: str) -> bool:
    """A notification (toast) says ``text`` (toasts wrap lines, so not read off the screen)."""
    return any(text in str(n.message) for n in app._notifications)


async def show_pane(pilot: Pilot, pane_id: str, key: str, timeout: float = 10.0) -> None:
    """Press the pane's key until the main screen shows it.

    A key pressed while the panes are still being mounted can be undone by the switcher's
    own start-up (it shows its initial pane once mounted), so press again until it sticks.
    """
    app = pilot.app
    timeout *= load_factor()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            switcher = app.main_screen.query_one("#panes")
        except Exception:  # noqa: BLE001 - not connected yet
            await pilot.pause(0.05)
            continue
        if switcher.current == pane_id:
            await pilot.pause(0.1)
            if switcher.current == pane_id:
                return
        await pilot.press(key)
        await pilot.pause(0.1)
    raise AssertionError(f"pane {pane_id} not shown within {timeout} s")
