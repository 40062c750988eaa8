"""A Footer that rebuilds its keys only when the keys it shows change.

Textual's Footer recomposes (about 20 FooterKey widgets, each styled) on every
bindings-updated signal, which fires on every focus change: opening the container details
screen rebuilt it four times, most of the screen's cost. This one coalesces the signals of
one refresh and compares what would be shown with what is shown.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: Hashable = None
        self._pending = False

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
        self._bindings_ready = True
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
