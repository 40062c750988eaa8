"""Events filters in the engine's own shape, matched here (the events hub holds one unfiltered
stream and hands each subscriber what its filters let through).

The rules follow the engine's (moby daemon/events/filter.go): values of one key are OR-ed,
keys are AND-ed; ``type`` is exact; ``event`` is exact, except that ``health_status``,
``exec_create`` and ``exec_start`` also match their ``name: detail`` forms; object keys
(``container``, ``image``, ``volume``, ``network`` ...) match the actor's ID or name by prefix
(``image`` also a container's image); ``label`` is ``key`` or ``key=value``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tui.engine.core.model import EngineEvent

#: Keys naming an object: they match events of that type by the actor's ID or name.
OBJECT_KEYS = frozenset(
    {"container", "image", "volume", "network", "plugin", "service", "node", "secret", "config"}
)
FUZZY_ACTIONS = frozenset({"health_status", "exec_create", "exec_start"})
KEYS = OBJECT_KEYS | {"type", "event", "label", "daemon", "scope"}


@dataclass(frozen=True)
class EventFilter:
    """Parsed filters: key -> the values allowed (an absent key allows everything)."""

    values: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def parse(cls, filters: Mapping[str, Any] | None) -> EventFilter:
        """``{"type": "container"}`` or ``{"type": ["image", "container"], ...}``."""
        parsed = []
        for key, raw in (filters or {}).items():
            if key not in KEYS:
                raise ValueError(f"unknown events filter {key!r}")
            values = [raw] if isinstance(raw, str) else list(raw)
            parsed.append((key, frozenset(str(v) for v in values)))
        return cls(tuple(sorted(parsed)))

    def matches(self, event: EngineEvent) -> bool:
        return all(_match(key, allowed, event) for key, allowed in self.values)


def _match(key: str, allowed: frozenset[str], event: EngineEvent) -> bool:
    if not allowed:
        return True
    if key == "type":
        return event.type in allowed
    if key == "event":
        if event.action in allowed:
            return True
        name = event.action.split(":", 1)[0].strip()
        return name in FUZZY_ACTIONS and name in allowed
    if key == "label":
        attributes = event.attributes
        for wanted in allowed:
            label, eq, value = wanted.partition("=")
            if label in attributes and (not eq or attributes[label] == value):
                return True
        return False
    if key in OBJECT_KEYS:
        sources = [event.actor_id, event.attributes.get("name", "")]
        if key == "image":
            sources.append(event.attributes.get("image", ""))
        return any(s.startswith(v) for s in sources if s for v in allowed)
    if key == "daemon":
        return event.type == "daemon" and (
            event.actor_id in allowed or event.attributes.get("name", "") in allowed
        )
    return True  # scope: every event of one engine is local
