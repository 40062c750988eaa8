"""Helpers for the logs tests: open the logs screen straight on containers made by a test."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.helpers import wait_for
from tui.engine.core.model import Container
from tui.screens.logs.logs_screen import LogsScreen
from widgets.log_view import LogView


def as_model(container: Any) -> Container:
    container.reload()
    return Container(
        id=container.id,
        name=container.name,
        image="busybox",
        state=container.status,
        status=container.status,
    )


async def open_logs(pilot: Pilot, containers: list[Any], **kwargs: Any) -> LogView:
    app: Any = pilot.app
    await wait_for(pilot, lambda: app.session is not None)
    await app.push_screen(LogsScreen(app.session, [as_model(c) for c in containers], **kwargs))
    await wait_for(pilot, lambda: isinstance(app.screen, LogsScreen))
    view = app.screen.query_one(LogView)
    return view


def shown(view: LogView) -> list[str]:
    return [line.plain for line in view.shown_lines]


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused input (what a paste does: one event, not one per key)."""
    focused: Any = pilot.app.focused
    focused.insert_text_at_cursor(text)
    await pilot.pause()


def notified(pilot: Pilot, text: str) -> bool:
    """Has the app shown a notification containing text?"""
    return any(text in str(n.message) for n in pilot.app._notifications)


async def wait_for_lines(pilot: Pilot, view: LogView, condition: Any, timeout: float = 10) -> None:
    """wait_for on the view's lines; a failure shows what the view held."""
    try:
        await wait_for(pilot, lambda: condition(shown(view)), timeout)
    except AssertionError as error:
        status = pilot.app.screen.query_one("#logs-status").render()
        raise AssertionError(f"{error}\nstatus: {status}\nlines: {shown(view)[-15:]}") from None
