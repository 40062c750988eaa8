"""State and graph colours as theme variables, and the helpers widgets use to read them.

Every dockpit theme may set these variables (``Theme(variables={...})``); a theme that does
not (Textual's own themes, a user theme that leaves some out) gets defaults derived from its
success / warning / error / accent colours, so every theme works. CSS can use them too
(``color: $state-running;``) because the app returns them from
``App.get_theme_variable_defaults()``.

Widgets call :func:`state_style` / :func:`state_text` for container states and
:func:`graph_colors` for plotext series, and re-render on ``app.theme_changed_signal``.
"""

from __future__ import annotations

from typing import Any, Protocol

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError
from textual.theme import Theme

#: Container states that have their own colour (``state-<name>`` variables).
STATES: tuple[str, ...] = (
    "running",
    "paused",
    "restarting",
    "exited",
    "unhealthy",
    "dead",
    "created",
    "removing",
)

#: Graph series that have their own colour (``graph-<name>`` variables).
GRAPHS: tuple[str, ...] = (
    "cpu",
    "memory",
    "net-rx",
    "net-tx",
    "block-read",
    "block-write",
    "pids",
)

#: One symbol per state, shown next to the state's name in every theme, so states are told
#: apart by shape as well as colour (colour-blind users, monochrome terminals, screenshots).
STATE_SYMBOLS: dict[str, str] = {
    "running": "▶",
    "paused": "‖",
    "restarting": "↻",
    "exited": "■",
    "unhealthy": "▲",
    "dead": "×",
    "created": "○",
    "removing": "…",
}
UNKNOWN_SYMBOL = "?"

#: Which base colour of the theme a missing state / graph variable falls back to.
_STATE_FALLBACK = {
    "running": "success",
    "paused": "warning",
    "restarting": "accent",
    "exited": "error",
    "unhealthy": "error",
    "dead": "error",
    "created": "foreground",
    "removing": "secondary",
}
_GRAPH_FALLBACK = {
    "cpu": "primary",
    "memory": "secondary",
    "net-rx": "success",
    "net-tx": "warning",
    "block-read": "accent",
    "block-write": "error",
    "pids": "foreground",
}

#: All dockpit variable names, e.g. "state-running", "graph-cpu".
VARIABLE_NAMES: tuple[str, ...] = tuple(f"state-{s}" for s in STATES) + tuple(
    f"graph-{g}" for g in GRAPHS
)


class _HasTheme(Protocol):
    @property
    def current_theme(self) -> Theme: ...


ThemeSource = Theme | _HasTheme | Any


def _theme_of(source: ThemeSource) -> Theme:
    if isinstance(source, Theme):
        return source
    app = getattr(source, "app", source)  # a widget: use its app
    theme = getattr(app, "current_theme", None)
    if isinstance(theme, Theme):
        return theme
    raise TypeError(f"not a Theme, App or widget: {source!r}")


def _base(theme: Theme, name: str) -> str:
    value = getattr(theme, name, None)
    if value:
        return str(value)
    if name == "foreground":
        return "ansi_default" if theme.ansi else ("#E0E0E0" if theme.dark else "#202020")
    return theme.primary


def variable_defaults(theme: Theme) -> dict[str, str]:
    """The dockpit variables for ``theme``: its own values, else derived from its base colours."""
    values: dict[str, str] = {}
    for state, base in _STATE_FALLBACK.items():
        values[f"state-{state}"] = _base(theme, base)
    for graph, base in _GRAPH_FALLBACK.items():
        values[f"graph-{graph}"] = _base(theme, base)
    for name in VARIABLE_NAMES:
        if name in theme.variables:
            values[name] = theme.variables[name]
    return values


def _parse(value: str) -> Color | None:
    try:
        return Color.parse(value)
    except ColorParseError:
        return None


def theme_color(source: ThemeSource, variable: str) -> Color | None:
    """A dockpit variable of the current theme as a Textual Color (None if it is not a colour)."""
    return _parse(variable_defaults(_theme_of(source)).get(variable, ""))


def state_name(state: str, health: str | None = None) -> str:
    """The state to colour: a running container whose health check fails is "unhealthy"."""
    state = (state or "").lower()
    if state == "running" and (health or "").lower() == "unhealthy":
        return "unhealthy"
    return state


def state_style(source: ThemeSource, state: str, health: str | None = None) -> Style:
    """A Rich style for a container state in the current theme (bold for bad states)."""
    name = state_name(state, health)
    color = theme_color(source, f"state-{name}")
    if color is None:
        return Style()
    bold = name in ("running", "unhealthy", "dead")
    return Style(color=color.rich_color, bold=bold)


def state_symbol(state: str, health: str | None = None) -> str:
    return STATE_SYMBOLS.get(state_name(state, health), UNKNOWN_SYMBOL)


def state_text(
    source: ThemeSource, state: str, health: str | None = None, *, label: str | None = None
) -> Text:
    """``▶ running`` in the state's colour: symbol and word, so colour is never the only cue.
    The style is a span (not the base style) so that two cells in different themes differ."""
    name = state_name(state, health)
    text = Text()
    text.append(
        f"{state_symbol(state, health)} {label or name}", style=state_style(source, state, health)
    )
    return text


PlotextColor = tuple[int, int, int] | int | str


def plotext_color(color: Color) -> PlotextColor:
    """A Textual Color as plotext wants it: the ANSI index for ANSI colours (so the terminal's
    own palette is used), else an (r, g, b) tuple."""
    if color.ansi is not None and color.ansi >= 0:
        return color.ansi
    if color.ansi == -1:
        return "default"
    return color.rgb


def graph_colors(source: ThemeSource) -> dict[str, PlotextColor]:
    """plotext colours for each graph series ("cpu", "memory", "net-rx" ...) in the theme."""
    result: dict[str, PlotextColor] = {}
    for graph in GRAPHS:
        color = theme_color(source, f"graph-{graph}")
        result[graph] = plotext_color(color) if color is not None else "default"
    return result


def graph_color(source: ThemeSource, graph: str) -> PlotextColor:
    return graph_colors(source).get(graph, "default")
