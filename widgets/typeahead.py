"""Focus a widget at once, so keys typed right behind the key that opened it land in it.

Textual's ``Widget.focus()`` moves the focus later (``call_later``): keys already queued
behind the key that opened an input (typeahead, a paste, one SSH packet carrying "/web")
still go to the old focus, where they are single-key commands ("s" stops a container).
``Screen.set_focus`` moves it now.
"""

from __future__ import annotations

from textual.dom import NoScreen
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    try:
        screen = widget.screen
    except NoScreen:  # not mounted yet: the ordinary, later way
        widget.focus()
        return
    screen.set_focus(widget)
    widget.refresh()
