"""Built-in themes, user themes, the theme helpers widgets use, and the app's stylesheet.

Widgets colour container states and graphs through the theme, never with fixed colours::

    import themes
    cell = themes.state_text(self.app, container.state, container.health)   # "▶ running"
    colors = themes.graph_colors(self.app)          # {"cpu": (r, g, b) or ANSI index, ...}
    self.app.theme_changed_signal.subscribe(self, lambda theme: self.refresh_rows())

The variables (``$state-running``, ``$graph-cpu`` ...) work in CSS too.
"""

from __future__ import annotations

from pathlib import Path

from textual.theme import BUILTIN_THEMES as TEXTUAL_THEMES
from textual.theme import Theme

from themes.builtin import BUILTIN_NAMES, BUILTIN_THEMES, DOCKPIT_DARK
from themes.palette import (
    GRAPHS,
    STATE_SYMBOLS,
    STATES,
    VARIABLE_NAMES,
    graph_color,
    graph_colors,
    state_style,
    state_symbol,
    state_text,
    theme_color,
    variable_defaults,
)
from themes.user import ThemeProblem, load_theme_file, load_user_themes

CSS_PATH = Path(__file__).with_name("dockpit.tcss")
DEFAULT_THEME = DOCKPIT_DARK.name

__all__ = [
    "BUILTIN_NAMES",
    "BUILTIN_THEMES",
    "CSS_PATH",
    "DEFAULT_THEME",
    "GRAPHS",
    "STATES",
    "STATE_SYMBOLS",
    "VARIABLE_NAMES",
    "ThemeProblem",
    "graph_color",
    "graph_colors",
    "known_theme_names",
    "load_theme_file",
    "load_user_themes",
    "state_style",
    "state_symbol",
    "state_text",
    "theme_color",
    "variable_defaults",
]


def known_theme_names(user_themes: list[Theme] | None = None) -> set[str]:
    return set(BUILTIN_NAMES) | set(TEXTUAL_THEMES) | {t.name for t in user_themes or []}
