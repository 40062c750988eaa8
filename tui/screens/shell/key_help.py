"""Read the keys of whatever has focus: used by the help screen and the command palette.

Generic on purpose: every pane gets its help and palette entries from its own BINDINGS (and
its ``check_action``: a binding disabled there, e.g. by read-only mode, is not listed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

#: Actions that never show up as palette entries (opening the palette itself).
NOT_IN_PALETTE = frozenset({"command_palette", "app.command_palette"})


@dataclass
class KeyEntry:
    keys: list[str]  # display forms, e.g. ["q", "esc"]
    binding: Binding
    namespace: DOMNode
    enabled: bool

    @property
    def description(self) -> str:
        return self.binding.description or self.binding.action.replace("_", " ")


def section_title(node: DOMNode) -> str:
    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return "This screen"
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(node).__name__)
    return words


def focused_keys(screen: Screen) -> list[tuple[str, list[KeyEntry]]]:
    """The screen's active bindings (focused widget first, then its parents, then the app),
    grouped by the node that owns them, one entry per action with all its keys."""
    app = screen.app
    sections: dict[int, tuple[str, list[KeyEntry]]] = {}
    entries: dict[tuple[int, str], KeyEntry] = {}
    for key, active in screen.active_bindings.items():
        node, binding = active.node, active.binding
        display = (
            app.get_key_display(binding) if binding.key_display is None else binding.key_display
        )
        display = display or key
        entry_key = (id(node), binding.action)
        if entry_key in entries:
            if display not in entries[entry_key].keys:
                entries[entry_key].keys.append(display)
            continue
        entry = KeyEntry([display], binding, node, active.enabled)
        entries[entry_key] = entry
        sections.setdefault(id(node), (section_title(node), []))[1].append(entry)
    return list(sections.values())


def palette_entries(screen: Screen) -> list[tuple[str, KeyEntry]]:
    """Every action a user can run from here: (section, entry), bindings that have an id."""
    result: list[tuple[str, KeyEntry]] = []
    for title, entries in focused_keys(screen):
        for entry in entries:
            b = entry.binding
            if entry.enabled and b.id and b.action not in NOT_IN_PALETTE and not b.system:
                result.append((title, entry))
    return result
