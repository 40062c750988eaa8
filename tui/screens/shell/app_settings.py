"""The one way a screen or pane reaches the running app's Settings, typed.

Screens must not import tui.app (it imports them), so the App's ``settings`` attribute is
invisible to the type checker from here; this is the single place that looks it up. A node
of an app without settings (a widget tested alone in a plain App) gets the defaults.
"""

from __future__ import annotations

from textual.app import App
from textual.dom import DOMNode

from tui.settings import Settings


def settings_of(node: DOMNode) -> Settings:
    """The Settings of the app ``node`` belongs to (``node`` may be the App itself)."""
    app = node if isinstance(node, App) else node.app
    settings = getattr(app, "settings", None)
    return settings if isinstance(settings, Settings) else Settings()
