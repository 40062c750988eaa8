"""The door's operations on volumes, networks and the engine as a whole (see core/door.py)."""

from __future__ import annotations

from tui.engine.core.door import Operations


class VolumeOps(Operations):
    """``session.volumes``: list, inspect, create, remove."""


class NetworkOps(Operations):
    """``session.networks``: list, inspect, create, connect, disconnect, remove."""


class SystemOps(Operations):
    """``session.system``: prune, disk usage, the engine's own report."""
