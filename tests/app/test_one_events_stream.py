"""Every pane of the main screen (and the engine watch) shares the engine's one events stream."""

from __future__ import annotations

import gc

import pytest

from tests.helpers import wait_for
from tests.resource_helpers import show_pane
from tui.app import DockpitApp
from tui.engine.core.events import EventStream
from tui.screens.shell.panes import PANES

pytestmark = [pytest.mark.engine, pytest.mark.timeout(180)]

#: The events consumers of the main screen: containers, images, volumes, networks, events and
#: the app's engine watch.
SUBSCRIBERS = 6


def live_event_streams() -> list[EventStream]:
    """Counted apart from the hub: every EventStream object not closed yet."""
    return [o for o in gc.get_objects() if isinstance(o, EventStream) and not o.closed]


async def test_one_events_connection_per_engine_after_visiting_every_pane(app_settings):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        for spec in PANES[:7]:  # keys 1..7
            await show_pane(pilot, spec.id, spec.key)
        await wait_for(pilot, lambda: app.session is not None)
        session = app.session
        assert session is not None
        hub = session.events
        await wait_for(pilot, lambda: hub.subscribers >= SUBSCRIBERS, timeout=30)
        await pilot.pause(0.5)
        assert hub.open_streams == 1
        assert hub.connections_opened == 1  # every subscriber joined the one stream
        assert len(live_event_streams()) <= 1  # no stream of a pane's own beside the hub's
