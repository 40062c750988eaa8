"""Open the container details screen on a container the test made."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.helpers import wait_for
from tui.screens.details.details import ContainerDetailsScreen


async def open_details(
    pilot: Pilot, container_id: str, tab: str = "inspect"
) -> ContainerDetailsScreen:
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app, "session", None) is not None)
    session = app.session  # type: ignore[attr-defined]
    model = session.containers.get(container_id)
    assert model is not None
    screen = ContainerDetailsScreen(session, model, tab=tab)
    await app.push_screen(screen)
    await pilot.pause()
    return screen


def notices(app) -> str:
    """Every notification the app has raised and still holds, one per line."""
    return "\n".join(n.message for n in app._notifications)


async def wait_for_notice(pilot: Pilot, text: str, timeout: float = 10.0) -> str:
    await wait_for(pilot, lambda: text in notices(pilot.app), timeout)
    return notices(pilot.app)


async def submit(pilot: Pilot, field) -> None:
    """Focus an Input (once focus has really moved) and press enter in it."""
    field.focus()
    await wait_for(pilot, lambda: field.has_focus)
    await pilot.press("enter")


async def wait_screen(pilot: Pilot, kind: type, probe: str = "*"):
    """Wait until a pushed screen of ``kind`` is current and composed (``probe`` matches)."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, kind) and len(app.screen.query(probe)))
    await pilot.pause()
    return app.screen
