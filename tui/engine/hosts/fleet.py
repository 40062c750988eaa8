"""Acting on a container of a fleet through its own engine's session (the door, core/door.py)."""

from __future__ import annotations

from tui.engine.core.door import Operations
from tui.engine.core.errors import engine_call
from tui.engine.core.model import Container

STOP_TIMEOUT = 10


class FleetOps(Operations):
    """Start/stop and restart a container of one fleet member (its session's own engine)."""

    def toggle(self, container: Container) -> str:
        """Stop a running (or paused, restarting) container, start any other. Returns the verb."""
        self.writable("start/stop")
        with engine_call():
            if container.state in ("running", "paused", "restarting"):
                self.client.api.stop(container.id, timeout=STOP_TIMEOUT)
                return "stopped"
            self.client.api.start(container.id)
            return "started"

    def restart(self, container: Container) -> str:
        self.writable("restart")
        with engine_call():
            self.client.api.restart(container.id, timeout=STOP_TIMEOUT)
        return "restarted"
