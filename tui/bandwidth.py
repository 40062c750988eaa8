"""Bandwidth mode: fewer bytes on the terminal's link (SSH, metered) at the cost of cadence.

On when ``bandwidth = "on"`` (config) or ``--bandwidth on``; with ``"auto"`` (the default)
when dockpit runs inside an SSH session (``SSH_CONNECTION`` is set). It caps the frames a
second written to the terminal and slows what refreshes by itself: live stats (the list's
CPU / memory columns, sparklines, graphs) sample less often.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.settings import Settings

MODES = ("auto", "on", "off")
FPS = 30.0  # frames a second at most, normally
FPS_BANDWIDTH = 6.0  # ... in bandwidth mode
STATS_INTERVAL = 3.0  # seconds between live stats samples at least, in bandwidth mode
STATS_API_INTERVAL = 4.0


def bandwidth_on(mode: str, environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if mode == "on":
        return True
    return mode == "auto" and bool(env.get("SSH_CONNECTION"))


def apply_bandwidth(settings: Settings, environ: Mapping[str, str] | None = None) -> bool:
    """Lower the cadences of ``settings`` when bandwidth mode is on; whether it is on."""
    on = bandwidth_on(settings.bandwidth, environ)
    settings.bandwidth_on = on
    if on:
        settings.stats_interval = max(settings.stats_interval, STATS_INTERVAL)
        settings.stats_api_interval = max(settings.stats_api_interval, STATS_API_INTERVAL)
    return on


def wire_fps(settings: Settings) -> float:
    return FPS_BANDWIDTH if settings.bandwidth_on else FPS
