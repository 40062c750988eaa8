"""Shared bits of the containers pane's Pilot tests."""

from __future__ import annotations

from typing import Any

import docker
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import unique_name
from tests.helpers import wait_for
from tui.app import DockpitApp
from widgets.containers_table import ContainersTable

#: A main process that exits at once on SIGTERM (a bare `sleep` as PID 1 ignores it).
QUICK_STOP = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait; done"]


def prefix() -> str:
    """A unique name prefix for the containers of one test (the filter narrows to it)."""
    return unique_name("cp")


def state(client: docker.DockerClient, container: Any) -> str:
    try:
        return client.api.inspect_container(container.id)["State"]["Status"]
    except docker.errors.NotFound:
        return "gone"


def exists(client: docker.DockerClient, container: Any) -> bool:
    return state(client, container) != "gone"


def table(app: DockpitApp) -> ContainersTable:
    return app.query_one(ContainersTable)


def record_notifications(app: DockpitApp) -> list[str]:
    """Keep every notification message (toasts expire after seconds; a loaded machine is slow)."""
    seen: list[str] = getattr(app, "_test_seen_notifications", [])
    if hasattr(app, "_test_seen_notifications"):
        return seen
    original = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(message)
        original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    app._test_seen_notifications = seen  # type: ignore[attr-defined]
    return seen


async def ready(pilot: Pilot, *containers: Any) -> ContainersTable:
    """Wait until the pane lists these containers (and record notifications from now on)."""
    record_notifications(pilot.app)
    await wait_for(pilot, lambda: all(table(pilot.app).has_key(c.id) for c in containers))
    return table(pilot.app)


async def narrow(pilot: Pilot, text: str) -> None:
    """Set a filter (``/``, the text at once, enter): only this test's containers stay."""
    await pilot.press("slash")
    filter_input = pilot.app.query_one("#containers-filter", Input)
    await wait_for(pilot, lambda: pilot.app.focused is filter_input)
    filter_input.value = text
    await pilot.press("enter")
    await pilot.pause()


async def select(pilot: Pilot, container: Any) -> None:
    """Put the cursor on a container's row."""
    t = table(pilot.app)
    await wait_for(pilot, lambda: t.has_key(container.id))
    t.move_cursor(row=t.get_row_index(container.id))
    await pilot.pause()
    assert t.current_key == container.id


def row_text(app: DockpitApp, container: Any) -> str:
    t = table(app)
    return " ".join(str(getattr(cell, "plain", cell)) for cell in t.get_row(container.id))


def notified(app: DockpitApp, text: str) -> bool:
    """Whether a notification containing ``text`` was raised (run_test hides toasts)."""
    seen = list(getattr(app, "_test_seen_notifications", []))
    seen += [notification.message for notification in app._notifications]
    return any(text in message for message in seen)


async def wait_notified(pilot: Pilot, text: str, timeout: float = 10.0) -> None:
    try:
        await wait_for(pilot, lambda: notified(pilot.app, text), timeout)
    except AssertionError:
        seen = getattr(pilot.app, "_test_seen_notifications", [])
        raise AssertionError(f"no notification {text!r}; seen: {seen}") from None


async def wait_row(pilot: Pilot, container: Any, text: str, timeout: float = 10.0) -> None:
    """Wait until the container's row shows ``text`` (say what it showed on failure)."""
    try:
        await wait_for(pilot, lambda: text in row_text(pilot.app, container), timeout)
    except AssertionError:
        raise AssertionError(
            f"row never showed {text!r}: {row_text(pilot.app, container)!r}; "
            f"notifications: {[n.message for n in pilot.app._notifications]}"
        ) from None
