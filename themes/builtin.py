"""dockpit's built-in themes (Textual Theme objects with dockpit's state and graph variables)."""

from __future__ import annotations

from textual.theme import Theme


def _states(
    running: str,
    paused: str,
    restarting: str,
    exited: str,
    unhealthy: str,
    dead: str,
    created: str,
    removing: str,
) -> dict[str, str]:
    return {
        "state-running": running,
        "state-paused": paused,
        "state-restarting": restarting,
        "state-exited": exited,
        "state-unhealthy": unhealthy,
        "state-dead": dead,
        "state-created": created,
        "state-removing": removing,
    }


def _graphs(
    cpu: str, memory: str, rx: str, tx: str, read: str, write: str, pids: str
) -> dict[str, str]:
    return {
        "graph-cpu": cpu,
        "graph-memory": memory,
        "graph-net-rx": rx,
        "graph-net-tx": tx,
        "graph-block-read": read,
        "graph-block-write": write,
        "graph-pids": pids,
    }


#: The default: a deep harbour-night navy, the whale's blue, mint for running, amber for paused.
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
    variables={
        **_states(
            running="#3DDC97",
            paused="#FFB454",
            restarting="#5CC8FF",
            exited="#8A99AD",
            unhealthy="#FF7A45",
            dead="#FF5F6D",
            created="#6B7A90",
            removing="#B18CFF",
        ),
        **_graphs(
            cpu="#2496ED",
            memory="#B18CFF",
            rx="#3DDC97",
            tx="#FFB454",
            read="#5CC8FF",
            write="#FF7A85",
            pids="#D8E2EE",
        ),
        "footer-key-foreground": "#5CC8FF",
        "block-cursor-background": "#2496ED",
        "block-cursor-foreground": "#0E1621",
        "border": "#2496ED",
    },
)

#: Paper white with ink-dark text; state colours darkened to stay readable on white.
DOCKPIT_LIGHT = Theme(
    name="dockpit-light",
    primary="#0B6BCB",
    secondary="#6A4BD8",
    accent="#B45F06",
    warning="#A35C00",
    error="#C62828",
    success="#1A7F4B",
    background="#F6F8FB",
    surface="#FFFFFF",
    panel="#E3EAF2",
    foreground="#1B2733",
    dark=False,
    variables={
        **_states(
            running="#1A7F4B",
            paused="#A35C00",
            restarting="#0B6BCB",
            exited="#5A6778",
            unhealthy="#C2410C",
            dead="#C62828",
            created="#7A8899",
            removing="#6A4BD8",
        ),
        **_graphs(
            cpu="#0B6BCB",
            memory="#6A4BD8",
            rx="#1A7F4B",
            tx="#A35C00",
            read="#0E7490",
            write="#C62828",
            pids="#1B2733",
        ),
        "block-cursor-background": "#0B6BCB",
        "block-cursor-foreground": "#FFFFFF",
    },
)

#: Pure black and white with saturated signal colours; every border and cursor is loud.
DOCKPIT_HIGH_CONTRAST = Theme(
    name="dockpit-high-contrast",
    primary="#00E5FF",
    secondary="#FF66FF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF5555",
    success="#00FF66",
    background="#000000",
    surface="#000000",
    panel="#202020",
    foreground="#FFFFFF",
    dark=True,
    text_alpha=1.0,
    variables={
        **_states(
            running="#00FF66",
            paused="#FFFF00",
            restarting="#00E5FF",
            exited="#FFFFFF",
            unhealthy="#FF66FF",
            dead="#FF5555",
            created="#C0C0C0",
            removing="#FF66FF",
        ),
        **_graphs(
            cpu="#00E5FF",
            memory="#FF66FF",
            rx="#00FF66",
            tx="#FFFF00",
            read="#FFFFFF",
            write="#FF5555",
            pids="#C0C0C0",
        ),
        "border": "#FFFFFF",
        "border-blurred": "#C0C0C0",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-blurred-background": "#606060",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "text-muted": "#E0E0E0",
    },
)

#: Okabe-Ito palette (safe for protanopia, deuteranopia and tritanopia): blue means fine,
#: orange/vermillion means trouble, never red against green; symbols carry the state too.
DOCKPIT_COLORBLIND = Theme(
    name="dockpit-colorblind",
    primary="#56B4E9",  # sky blue
    secondary="#CC79A7",  # reddish purple
    accent="#F0E442",  # yellow
    warning="#E69F00",  # orange
    error="#D55E00",  # vermillion
    success="#56B4E9",  # sky blue, not green
    background="#101418",
    surface="#171D23",
    panel="#222B33",
    foreground="#E8ECEF",
    dark=True,
    variables={
        **_states(
            running="#56B4E9",
            paused="#F0E442",
            restarting="#CC79A7",
            exited="#9AA5B1",
            unhealthy="#E69F00",
            dead="#D55E00",
            created="#6E7B87",
            removing="#CC79A7",
        ),
        **_graphs(
            cpu="#56B4E9",
            memory="#E69F00",
            rx="#009E73",
            tx="#CC79A7",
            read="#F0E442",
            write="#D55E00",
            pids="#E8ECEF",
        ),
        "block-cursor-background": "#0072B2",
        "block-cursor-foreground": "#FFFFFF",
    },
)

#: Only the terminal's 16 ANSI colours: the terminal's own palette decides how it looks
#: (good over SSH, in old terminals and in terminals with a colour scheme of their own).
DOCKPIT_ANSI = Theme(
    name="dockpit-ansi",
    ansi=True,
    primary="ansi_blue",
    secondary="ansi_magenta",
    accent="ansi_cyan",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={
        **_states(
            running="ansi_bright_green",
            paused="ansi_yellow",
            restarting="ansi_cyan",
            exited="ansi_white",
            unhealthy="ansi_bright_magenta",
            dead="ansi_bright_red",
            created="ansi_bright_black",
            removing="ansi_magenta",
        ),
        **_graphs(
            cpu="ansi_bright_blue",
            memory="ansi_bright_magenta",
            rx="ansi_bright_green",
            tx="ansi_bright_yellow",
            read="ansi_bright_cyan",
            write="ansi_bright_red",
            pids="ansi_white",
        ),
        "ansi-background": "ansi_black",
        "ansi-foreground": "ansi_white",
        "border": "ansi_blue",
        "border-blurred": "ansi_bright_black",
        "block-cursor-foreground": "ansi_black",
        "block-cursor-background": "ansi_cyan",
        "block-cursor-blurred-foreground": "ansi_black",
        "block-cursor-blurred-background": "ansi_white",
        "input-cursor-background": "ansi_white",
        "input-cursor-foreground": "ansi_black",
        "input-cursor-text-style": "none",
        "input-selection-background": "ansi_bright_blue",
        "input-selection-foreground": "ansi_black",
        "screen-selection-background": "ansi_bright_blue",
        "screen-selection-foreground": "ansi_black",
        "footer-key-foreground": "ansi_bright_cyan",
    },
)

BUILTIN_THEMES: list[Theme] = [
    DOCKPIT_DARK,
    DOCKPIT_LIGHT,
    DOCKPIT_HIGH_CONTRAST,
    DOCKPIT_COLORBLIND,
    DOCKPIT_ANSI,
]
BUILTIN_NAMES: frozenset[str] = frozenset(t.name for t in BUILTIN_THEMES)
