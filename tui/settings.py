"""Settings: defaults, then the config file (tui/config.py), then environment and CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.config import LoadedConfig, load_config, resolve_config_path, themes_dir_for

if TYPE_CHECKING:
    from tui.engine.core.session import EngineSession
    from tui.engine.custom.commands import CustomCommand


@dataclass
class Settings:
    host: str | None = None  # --host / DOCKER_HOST; None: environment, context, default socket
    context: str | None = None  # --context: a docker context by name (wins over host)
    fleet_hosts: list[str] = field(default_factory=list)  # more --host: the fleet view's engines
    read_only: bool = False
    read_only_reason: str = ""  # set when the config's read_only could not be read (forced on)
    theme: str = "dockpit"
    show_stopped: bool = True
    connect_timeout: float = 10.0  # seconds for the first answer of an engine
    shell: str | None = None  # exec shell to try first (then bash, then sh)
    files_helper_image: str = "busybox:latest"  # [files] helper_image: browses unmounted volumes
    stats_interval: float = 1.0  # seconds between live stats samples (cgroup files)
    stats_api_interval: float = 2.0  # seconds between samples asked of the engine's API
    stats_history_seconds: int = 300  # the window of the stats graphs
    stats_source: str = "auto"  # auto | api | cgroup: where live stats come from
    stats_cpu_of_limit: bool = False  # CPU % of the container's own limit (when it has one)
    stop_timeout: int = 10  # seconds `s` / `r` wait for a container to stop before killing it
    log_tail: int | None = 500  # lines of history a logs view starts with (None: all)
    log_max_lines: int = 10_000  # lines a logs view keeps (older ones scroll away)
    confirm_quit: bool = False
    bandwidth: str = "auto"  # auto | on | off: fewer bytes to the terminal (auto: over SSH)
    bandwidth_on: bool = False  # what "auto" resolved to (tui/bandwidth.py)
    # named engines from the config's [engines] table: name -> URL
    engines: dict[str, str] = field(default_factory=dict)
    log_since: str = ""  # "", "5m", "1h", a timestamp
    log_wrap: bool = False
    log_timestamps: bool = False
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    commands: list[CustomCommand] = field(default_factory=list)  # [[commands]] in the config
    notify_toast: bool = True  # incidents (crash, OOM, unhealthy ...) raise a toast
    notify_bell: bool = False  # ... and ring the terminal bell
    notify_desktop: bool = False  # ... and a desktop notification (OSC 9 / OSC 777, over SSH too)
    update_check_minutes: int = 360  # registries asked for newer images (0: never)
    compose_folders: list[str] = field(default_factory=list)  # more folders with compose files
    compose_command: str | None = (
        None  # compose to run when neither docker compose nor docker-compose
    )
    themes_dir: Path | None = None  # user themes (*.toml); None: none are loaded
    config_path: Path | None = None  # the config file that was read (None: none)
    config_problems: list[str] = field(default_factory=list)  # shown as a notification at start
    # [layout]: the main screen (issue 18)
    layout_mode: str = "dashboard"  # dashboard (list + previews) | list (the list alone)
    layout_split: float = 0.5  # the list's share of the body (0.2 .. 0.8)
    layout_previews_at: str = "auto"  # auto | right | bottom
    layout_previews: list[str] = field(default_factory=lambda: ["logs", "stats"])


def apply_config(settings: Settings, loaded: LoadedConfig) -> Settings:
    """Copy a loaded config's valid values onto ``settings`` (in place; returned for chaining)."""
    for attr, value in loaded.values.items():
        setattr(settings, attr, value)
    settings.engines = {**settings.engines, **loaded.engines}
    settings.keymap = {**settings.keymap, **loaded.keymap}
    settings.commands = [*settings.commands, *loaded.commands]
    settings.config_path = loaded.path
    settings.themes_dir = themes_dir_for(loaded.path)
    settings.config_problems = [f"{loaded.path}: {p}" for p in loaded.problems]
    if loaded.read_only_reason:
        settings.read_only_reason = f"{loaded.path}: {loaded.read_only_reason}"
    return settings


def load_settings(
    config_flag: str | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults + the config file (``--config``, ``$DOCKPIT_CONFIG`` or the platform folder).

    A config ``[engine] host`` is used only when neither DOCKER_HOST nor DOCKER_CONTEXT is
    set (the environment wins over the file; ``--host`` wins over both, set by the caller).
    """
    env = os.environ if environ is None else environ
    settings = apply_config(Settings(), load_config(resolve_config_path(config_flag, env)))
    if settings.host and (env.get("DOCKER_HOST") or env.get("DOCKER_CONTEXT")):
        settings.host = None
    return settings


def adopt_session(session: EngineSession, settings: Settings) -> EngineSession:
    """What the settings say about a session the app starts using: read-only mode (enforced
    by the session's operations) and how its stats sampler samples."""
    session.read_only = settings.read_only
    session.stats_options = {
        "interval": settings.stats_interval,
        "api_interval": settings.stats_api_interval,
        "source": settings.stats_source,
    }
    return session
