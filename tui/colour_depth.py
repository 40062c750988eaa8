"""Colour depth: the terminal's (TERM / COLORTERM, as Rich detects it), or only the 16 ANSI
colours while an ANSI theme (``Theme(ansi=True)``, e.g. dockpit-ansi) is shown.

Textual downgrades every colour to the depth of ``app.console``. An ANSI theme's own colours
are the 16 already, but colours that come from elsewhere (a container's log keeps its SGR
colours, up to 24-bit) would still reach the terminal at full depth; people pick the ANSI
theme for terminals (or SSH chains) that show only 16, so those are downgraded too.
"""

from __future__ import annotations

from rich.color import ColorSystem
from textual.app import App
from textual.theme import Theme

from widgets.textual_compat import colour_system, set_colour_system

#: Set by Rich from the terminal; ANSI themes go no deeper than STANDARD.
_DEEPER = (ColorSystem.EIGHT_BIT, ColorSystem.TRUECOLOR)


def follow_theme(app: App) -> None:
    """Call once the themes are installed; keeps the depth right on every theme change."""
    detected = colour_system(app.console)

    def apply(theme: Theme) -> None:
        wanted = ColorSystem.STANDARD if theme.ansi and detected in _DEEPER else detected
        if colour_system(app.console) != wanted:
            set_colour_system(app.console, wanted)
            app.refresh(repaint=True, layout=False)

    apply(app.current_theme)
    app.theme_changed_signal.subscribe(app, apply)
