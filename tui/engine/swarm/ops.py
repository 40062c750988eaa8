"""The door's operations on a swarm (nodes, services, tasks) (see core/door.py)."""

from __future__ import annotations

from tui.engine.core.door import Operations


class SwarmOps(Operations):
    """``session.swarm``: nodes, services, tasks."""
