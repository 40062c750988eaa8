"""Events filters in the engine's shape, matched locally by the events hub."""

from __future__ import annotations

import pytest

from tui.engine.core.event_filters import EventFilter
from tui.engine.core.model import EngineEvent


def test_filters_in_the_engines_shape():
    def event(kind: str, action: str, actor: str, **attrs: str) -> EngineEvent:
        return EngineEvent(kind, action, actor, attrs, None)

    start = event("container", "start", "abc123", name="web")
    health = event("container", "health_status: healthy", "abc123", name="web")
    assert EventFilter.parse({"type": "container"}).matches(start)
    assert not EventFilter.parse({"type": ["image", "volume"]}).matches(start)
    assert EventFilter.parse({"event": ["start", "destroy"]}).matches(start)
    assert EventFilter.parse({"event": ["health_status"]}).matches(health)
    assert EventFilter.parse({"container": ["abc"]}).matches(start)  # ID prefix
    assert EventFilter.parse({"container": "web"}).matches(start)  # name
    assert not EventFilter.parse({"container": ["zzz"]}).matches(start)
    assert EventFilter.parse({"label": ["name=web"]}).matches(start)
    assert EventFilter.parse({}).matches(start)
    with pytest.raises(ValueError):
        EventFilter.parse({"colour": "red"})
