"""The tabs of the container details screen, in order. Each owner edits only its own line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.widget import Widget
from textual.widgets import Static

from tui.engine.model import Container
from tui.engine.session import EngineSession


@dataclass(frozen=True)
class DetailTab:
    id: str
    title: str
    make: Callable[[EngineSession, Container], Widget]


def placeholder(what: str) -> Callable[[EngineSession, Container], Widget]:
    return lambda session, container: Static(f"{what}: coming soon", classes="placeholder")


DETAIL_TABS: list[DetailTab] = [
    DetailTab("logs", "Logs", placeholder("Logs")),
    DetailTab("stats", "Stats", placeholder("Stats")),
    DetailTab("inspect", "Inspect", placeholder("Inspect")),
    DetailTab("env", "Env", placeholder("Env")),
    DetailTab("top", "Top", placeholder("Top")),
    DetailTab("ports", "Ports", placeholder("Ports")),
    DetailTab("mounts", "Mounts", placeholder("Mounts")),
    DetailTab("networks", "Networks", placeholder("Networks")),
]
