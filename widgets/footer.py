"""A Footer that rebuilds its keys only when the keys it shows change.

Textual's Footer recomposes (about 20 FooterKey widgets, each styled) on every
bindings-updated signal, which fires on every focus change: opening the container details
screen rebuilt it four times, most of the screen's cost. This one coalesces the signals of
one refresh and compares what would be shown with what is shown.

It also fixes Textual's leak of the keys it rebuilds (Textualize/textual#6666, open in 8.2.8):
each FooterKey is ``data_bind(compact=Footer.compact)``, which stores ``(key, setter)`` in the
Footer's own watcher list; Textual prunes that list only when ``compact`` changes, which it
never does, so every FooterKey ever composed (with its styles, caches and rendered strips)
lived as long as the footer (the main screen's: the whole session; ~45 dead widgets per logs
screen opened and closed before the rebuild-on-change above). After each recompose the
watchers of removed keys are dropped.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from widgets.textual_compat import FooterKey, is_closing, mark_bindings_ready, reactive_watchers

#: Keys shown first, whatever the width: help (the palette key is docked right by Textual).
PINNED_ACTIONS = ("help", "app.help")


def prune_dead_watchers(node: object) -> int:
    """Drop watcher entries whose watching widget was removed; the number dropped."""
    watchers = reactive_watchers(node)
    if watchers is None:
        return 0
    dropped = 0
    for entries in watchers.values():
        alive = [
            (watcher, callback)
            for watcher, callback in entries
            if watcher is node
            or (getattr(watcher, "is_attached", True) and not is_closing(watcher))
        ]
        dropped += len(entries) - len(alive)
        entries[:] = alive
    return dropped


class KeysFooter(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: Hashable = None
        self._pending = False

    def compose(self) -> ComposeResult:
        """Textual's keys, with help first: a narrow footer drops the other hints, not ``?``."""
        keys = list(super().compose())
        pinned = [k for k in keys if isinstance(k, FooterKey) and k.action in PINNED_ACTIONS]
        yield from pinned
        yield from (k for k in keys if k not in pinned)

    def _signature(self) -> Hashable:
        active = self.screen.active_bindings
        keys = tuple(
            (b.key, b.action, b.description, b.group, enabled, tooltip)
            for (_, b, enabled, tooltip) in active.values()
            if b.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return keys, self.show_command_palette, palette is not None and palette[2]

    def bindings_changed(self, screen: Screen) -> None:
        mark_bindings_ready(self)
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._refresh_keys)

    async def _refresh_keys(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        signature = self._signature()
        if signature != self._shown:
            self._shown = signature
            await self.recompose()

    async def recompose(self) -> None:
        await super().recompose()
        prune_dead_watchers(self)
