"""The command palette, keeping the keys typed right behind the enter that chose an entry.

Textual's palette closes a few message hops after that enter and only then runs the chosen
command (``call_later``). Keys of the same burst ("ctrl+p", "run", enter, "busybox" typed at
once) went meanwhile into the closing palette's input (the "b"), or, once it was gone and
before the command had opened its screen, to the screen below as commands. This palette
keeps the keys that follow an enter; when it closes it asks the App
(``widgets.key_order.KeysInOrder``) to hold new keys too until the command has run, then
hands them all back, in the order typed, to whatever the command opened. If the enter did
not close it (it only highlighted an entry), the kept keys go to its input after a moment.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.command import CommandPalette

#: How long keys behind an enter wait for the palette to close before going to its input.
SETTLE_SECONDS = 0.5


def copy_key(key: events.Key) -> events.Key:
    """A fresh Key event to hand out again."""
    return events.Key(key.key, key.character)


class KeepingPalette(CommandPalette):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: list[events.Key] = []
        self._choosing = False

    def keep_key(self, key: events.Key) -> bool:
        """Asked by KeysInOrder before it hands a key out while this palette is on top:
        True when the palette keeps it (it follows an enter that may close the palette)."""
        if self._choosing:
            self._kept.append(key)
            return True
        if key.key == "enter":
            self._choosing = True
            self.set_timer(SETTLE_SECONDS, self._still_open)
        return False

    def _still_open(self) -> None:
        """The enter did not close the palette: what was typed behind it goes to its input."""
        if not self._choosing or not self.is_attached:
            return
        self._choosing = False
        kept, self._kept = self._kept, []
        hand_back = getattr(self.app, "hand_back_keys", None)
        for key in kept:
            if hand_back is not None:
                hand_back([copy_key(key)])
            elif self.focused is not None:
                self.focused.post_message(copy_key(key))

    def dismiss(self, result: Any = None) -> Any:
        app = self.app
        kept, self._kept = [copy_key(k) for k in self._kept], []
        choosing, self._choosing = self._choosing, False
        pause, resume = getattr(app, "pause_keys", None), getattr(app, "resume_keys", None)
        if choosing and pause is not None and resume is not None:
            pause()
            # Textual queues the chosen command right after this dismiss: resume after it.
            app.call_later(lambda: app.call_later(resume, kept))
        return super().dismiss(result)
