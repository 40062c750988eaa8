"""Bandwidth mode: on inside SSH when "auto", by flag or config; it caps frames and slows
the stats cadence, never speeds it up."""

from __future__ import annotations

import pytest

from tui.bandwidth import FPS, FPS_BANDWIDTH, apply_bandwidth, bandwidth_on, wire_fps
from tui.cli import settings_from_args
from tui.settings import Settings

SSH = {"SSH_CONNECTION": "10.0.0.1 5555 10.0.0.2 22"}


def test_auto_follows_ssh_and_the_setting_wins():
    assert bandwidth_on("auto", SSH) and not bandwidth_on("auto", {})
    assert bandwidth_on("on", {}) and not bandwidth_on("off", SSH)


def test_cadences_lowered_only_when_on():
    settings = Settings(bandwidth="on", stats_interval=1.0, stats_api_interval=10.0)
    assert apply_bandwidth(settings, {})
    assert settings.stats_interval == 3.0 and settings.stats_api_interval == 10.0
    assert wire_fps(settings) == FPS_BANDWIDTH < FPS
    plain = Settings(bandwidth="auto")
    assert not apply_bandwidth(plain, {})
    assert plain.stats_interval == 1.0 and wire_fps(plain) == FPS


def test_flag(monkeypatch):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    assert settings_from_args(["--bandwidth", "on"]).bandwidth_on
    assert not settings_from_args([]).bandwidth_on
    monkeypatch.setenv("SSH_CONNECTION", SSH["SSH_CONNECTION"])
    assert settings_from_args([]).bandwidth_on
    assert not settings_from_args(["--bandwidth", "off"]).bandwidth_on
    with pytest.raises(SystemExit):
        settings_from_args(["--bandwidth", "fast"])
