"""Built-in themes and the app's stylesheet."""

from __future__ import annotations

from pathlib import Path

from textual.theme import Theme

CSS_PATH = Path(__file__).with_name("dockpit.tcss")

DOCKPIT_DARK = Theme(
    name="dockpit",
    primary="#2496ED",  # the whale's blue
    secondary="#7C5CFF",
    accent="#FFB454",
    warning="#FFB454",
    error="#FF5F6D",
    success="#3DDC97",
    background="#0E1621",
    surface="#152232",
    panel="#1B2B40",
    foreground="#D8E2EE",
    dark=True,
)

BUILTIN_THEMES: list[Theme] = [DOCKPIT_DARK]
