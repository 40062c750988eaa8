"""Installing the themes into the App before its first CSS parse (app start-up glue)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from themes import DEFAULT_THEME, load_user_themes
from themes.builtin import BUILTIN_THEMES
from widgets.textual_compat import refresh_truecolor_filter


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
    refresh_truecolor_filter(app)
    app.stylesheet.set_variables(app.get_css_variables())
