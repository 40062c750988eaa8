"""Keys are handled in the order they were typed, even when they arrive in one burst.

Textual hands each key to the focused widget as it arrives, but a widget's own handling and
the ordinary bindings (which run when the key has bubbled back up to the App) happen later,
one message hop at a time. A burst (fast typing over SSH, a busy app, several keys in one
packet) therefore raced: down, down, "t" on the images pane could open the tag dialog on
the row the cursor was on before the two moves; "/web" + enter could apply "we" while the "b" was still on
its way into the filter; a key right behind one that opens a dialog went to the old screen.

:class:`KeysInOrder` holds a key back while the one before it is still travelling, and hands
it out as soon as that one has been handled: stopped by a widget (an Input took the
character), bubbled back to the App (its bindings ran), or handled by a priority binding at
once. A key is never held longer than :data:`MAX_HOLD` after its predecessor was handed out
(a widget removed before it handled its key never says so).
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.command import CommandPalette
from textual.timer import Timer

from widgets.textual_compat import propagation_stopped

#: Longest a key waits for the one before it (seconds); then it is handed out anyway.
MAX_HOLD = 1.0
#: How often held keys look again whether their predecessor is done (seconds).
RECHECK = 0.005


class KeysInOrder(App[Any]):
    """Mix into the App class (before App in the bases)."""

    _travelling: events.Key | None = None
    _travelling_since = 0.0
    _settle_asked = False
    #: Set while a recheck is due (kept here too: Textual holds its timers weakly).
    _recheck_timer: Timer | None = None
    #: Every new key waits (the command palette is closing: see widgets/palette_keys.py).
    _keys_paused = False
    _pause_timer: Timer | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key] = deque()

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if event.is_forwarded:  # back up at the App: its bindings run now, then it is done
            await super().on_event(event)
            if event is self._travelling:
                self._travelling = None
                await self._hand_out_held()
            return
        if self._keys_paused or self._held_keys or not self._arrived():
            self._held_keys.append(event)
            self._arm_recheck()
            return
        await self._hand_out(event)

    def hand_back_keys(self, keys: list[events.Key]) -> None:
        """Keys a screen kept before it could take them (see ``KeepsEarlyKeys``): handed out
        again before any key typed after them, through the App's bindings as new keys."""
        self._held_keys.extendleft(reversed(keys))
        self.call_later(self._hand_out_held)

    def action_command_palette(self) -> None:
        """The palette that keeps keys typed behind the enter choosing an entry."""
        from widgets.palette_keys import KeepingPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(KeepingPalette(id="--command-palette"))

    def pause_keys(self) -> None:
        """Hold every new key until :meth:`resume_keys` (at most MAX_HOLD)."""
        self._keys_paused = True
        if self._pause_timer is None:
            self._pause_timer = self.set_timer(MAX_HOLD, lambda: self.resume_keys([]))

    def resume_keys(self, kept: list[events.Key]) -> None:
        """Hand out ``kept`` (keys typed before the pause), then the keys held since."""
        self._keys_paused = False
        if self._pause_timer is not None:
            self._pause_timer.stop()
            self._pause_timer = None
        self.hand_back_keys(kept)

    def _arrived(self) -> bool:
        """The key handed out last has been handled (or waited long enough)."""
        key = self._travelling
        if key is None or time.monotonic() - self._travelling_since > MAX_HOLD:
            return True
        if propagation_stopped(key) and not self._settle_asked:
            # Stopped: by a widget that took it, or by the screen as it passes it up to the
            # App (Textual stops a message at the child of its sender). In the second case
            # it is already in the App's queue, so a callback queued now runs after it.
            self._settle_asked = True
            self.call_later(self._settled, key)
        return False

    async def _settled(self, key: events.Key) -> None:
        if key is self._travelling:  # a widget took it: it never came back up
            self._travelling = None
            await self._hand_out_held()

    async def _hand_out(self, key: events.Key) -> None:
        self._travelling = None
        keep = getattr(self.screen, "keep_key", None)  # the palette, behind an enter
        if keep is not None and keep(key):
            return
        await super().on_event(key)
        if key.is_forwarded:  # on its way through the DOM
            self._travelling = key
            self._travelling_since = time.monotonic()
            self._settle_asked = False

    async def _hand_out_held(self) -> None:
        held = self._held_keys
        while held and not self._keys_paused and self._arrived():
            await self._hand_out(held.popleft())
        if held:
            self._arm_recheck()

    def _arm_recheck(self) -> None:
        if self._recheck_timer is None:
            self._recheck_timer = self.set_timer(RECHECK, self._recheck)

    async def _recheck(self) -> None:
        self._recheck_timer = None
        await self._hand_out_held()
