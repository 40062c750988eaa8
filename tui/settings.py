"""Settings: defaults, then (later) the config file, then environment and CLI flags."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Settings:
    host: str | None = None  # --host / DOCKER_HOST; None: environment, context, default socket
    context: str | None = None  # --context: a docker context by name (wins over host)
    fleet_hosts: list[str] = field(default_factory=list)  # more --host: the fleet view's engines
    read_only: bool = False
    theme: str = "dockpit"
    show_stopped: bool = True
    connect_timeout: float = 10.0  # seconds for the first answer of an engine
    shell: str | None = None  # exec shell to try first (then bash, then sh)
    stats_interval: float = 1.0  # seconds between live stats samples (cgroup files)
    stats_api_interval: float = 2.0  # seconds between samples asked of the engine's API
    stats_history_seconds: int = 300  # the window of the stats graphs
    stats_source: str = "auto"  # auto | api | cgroup: where live stats come from
    stats_cpu_of_limit: bool = False  # CPU % of the container's own limit (when it has one)
    stop_timeout: int = 10  # seconds `s` / `r` wait for a container to stop before killing it
    log_tail: int | None = 500  # lines of history a logs view starts with (None: all)
    log_max_lines: int = 10_000  # lines a logs view keeps (older ones scroll away)
