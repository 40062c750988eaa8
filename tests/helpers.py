"""Helpers for Pilot tests: wait for a condition, read the screen as text."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now (for `-p` in tests, never 5000)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def list_only_config(folder: Path) -> Path:
    """A config file for a dockpit started as a program: the list alone, not the dashboard
    (tests that read the list's columns from the terminal)."""
    config = folder / "config.toml"
    config.write_text('[layout]\nmode = "list"\n')
    return config


def load_factor() -> float:
    """How much to stretch timeouts: load average per core, between 1 and 4."""
    try:
        load = os.getloadavg()[0] / (os.cpu_count() or 1)
    except OSError:
        return 1.0
    return min(4.0, max(1.0, load))


def notifications(pilot: Pilot) -> list[str]:
    """The messages of the notifications the app has raised and not yet dismissed.

    (``run_test`` hides toasts unless ``notifications=True``; this works either way.)
    """
    return [n.message for n in pilot.app._notifications]


def screen_text(pilot: Pilot) -> str:
    """The plain text the app's current screen shows, line by line (what a user reads)."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def wait_for(
    pilot: Pilot, condition: Callable[[], object], timeout: float = 10.0, interval: float = 0.05
) -> None:
    """Let the app run until ``condition()`` is truthy; fail with a clear message on timeout.

    Timeouts are upper bounds, not measurements: on a machine loaded beyond its cores they
    stretch (up to 4x) so that a slow machine is not mistaken for a broken app.
    """
    timeout *= load_factor()
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001 - the widget may not exist yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {condition}")
        await pilot.pause(interval)


async def wait_for_text(pilot: Pilot, text: str, timeout: float = 10.0) -> str:
    """Wait until ``text`` is on screen; return the screen (shown in the failure if not)."""
    try:
        await wait_for(pilot, lambda: text in screen_text(pilot), timeout)
    except AssertionError as error:
        screen = pilot.app.screen
        raise AssertionError(
            f"{text!r} not on screen ({type(screen).__name__}, focus {screen.focused}):\n"
            f"{screen_text(pilot)}"
        ) from error
    return screen_text(pilot)


def burst(app: App, keys: str | list[str]) -> None:
    """Queue keys as a terminal delivers them: all at once, none handled yet (a paste, one
    SSH packet, a busy app). ``pilot.press`` instead lets the app settle after each key.
    A string is its characters; a list holds key names ("enter") or characters."""
    for key in keys:
        if len(key) > 1:  # a key name
            app.post_message(events.Key(key, "\r" if key == "enter" else None))
        else:  # the key name Textual's driver gives the character ("!": exclamation_mark)
            app.post_message(events.Key(_character_to_key(key), key))
