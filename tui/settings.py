"""Settings: defaults, then (later) the config file, then environment and CLI flags."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Settings:
    host: str | None = None  # --host / DOCKER_HOST; None: environment, context, default socket
    read_only: bool = False
    theme: str = "dockpit"
    show_stopped: bool = True
    connect_timeout: float = 10.0  # seconds for the first answer of an engine
