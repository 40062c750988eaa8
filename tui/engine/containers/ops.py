"""The door's operations on containers (list, inspect, lifecycle, run, exec, copy, ...) (see core/door.py)."""

from __future__ import annotations

from tui.engine.core.door import Operations


class ContainerOps(Operations):
    """``session.containers``: operations on containers (list, inspect, lifecycle, run, exec, copy, ...)."""
