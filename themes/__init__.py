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
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from textual.app import App

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
    "install_themes",
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


def install_themes(app: App, themes_dir: Path | None, wanted: str) -> list[str]:
    """Register the built-in and user themes and switch to ``wanted``.

    Returns the problems to show (broken user theme files, an unknown theme name); the app
    always starts, on the default theme when ``wanted`` is unusable.
    """
    for theme in BUILTIN_THEMES:
        app.register_theme(theme)
    problems: list[str] = []
    if themes_dir is not None:
        user_themes, found = load_user_themes(themes_dir)
        for theme in user_themes:
            app.register_theme(theme)
        problems += [str(p) for p in found]
    if wanted not in app.available_themes:
        problems.append(f"theme: no theme named {wanted!r}; using {DEFAULT_THEME!r}")
        wanted = DEFAULT_THEME
    if app.is_running:
        app.theme = wanted
    else:
        _preset_theme(app, wanted)
    return problems


def _preset_theme(app: App, name: str) -> None:
    """Choose the theme of an app that is not running yet, as ``app.theme = name`` would,
    minus the restyle it queues: the stylesheet is not parsed yet, so setting its variables
    now makes the first parse the only one (a theme set in on_mount re-parses every rule
    and restyles every widget before the first frame)."""
    from textual.app import App as TextualApp

    app.set_reactive(TextualApp.theme, name)
    dark = app.current_theme.dark
    classes = {c: False for c in app.classes if c.startswith("-theme-")}
    classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
    app.update_classes(classes, update=False)
    app._refresh_truecolor_filter(app.ansi_theme)
    app.stylesheet.set_variables(app.get_css_variables())
