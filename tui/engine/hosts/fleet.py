"""Acting on a container of a fleet through its own engine's client."""

from __future__ import annotations

import docker

from tui.engine.core.errors import engine_call
from tui.engine.core.model import Container

STOP_TIMEOUT = 10


def toggle(client: docker.DockerClient, container: Container) -> str:
    """Stop a running (or paused, restarting) container, start any other. Returns the verb."""
    with engine_call():
        if container.state in ("running", "paused", "restarting"):
            client.api.stop(container.id, timeout=STOP_TIMEOUT)
            return "stopped"
        client.api.start(container.id)
        return "started"


def restart(client: docker.DockerClient, container: Container) -> str:
    with engine_call():
        client.api.restart(container.id, timeout=STOP_TIMEOUT)
    return "restarted"
