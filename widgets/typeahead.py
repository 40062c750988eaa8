"""Focus a widget at once, so keys typed right behind the key that opened it land in it.

Textual's ``Widget.focus()`` moves the focus later (``call_later``): keys already queued
behind the key that opened an input (typeahead, a paste, one SSH packet carrying "/web")
still go to the old focus, where they are single-key commands ("s" stops a container).
``Screen.set_focus`` moves it now.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input, TextArea


def focus_now(widget: Widget) -> None:
    try:
        screen = widget.screen
    except NoScreen:  # not mounted yet: the ordinary, later way
        widget.focus()
        return
    screen.set_focus(widget)
    if screen.focused is not widget:  # not focusable yet (just shown): the later way
        widget.focus()
    widget.refresh()


def opens_input(key: str, action: str, description: str, **kwargs) -> Binding:
    """A binding whose action shows an input for the user to type into.

    It runs at the App as the key arrives (a priority binding), before the next key of the
    same burst is handed to the focused widget; an ordinary binding runs only once the key
    has bubbled up, by which time "/web" had sent "w", "e", "b" to the table as commands.
    The owner's ``check_action`` must refuse it while an input has the focus (see
    :func:`typing`), so that the key types there instead.
    """
    return Binding(key, action, description, priority=True, **kwargs)


def typing(app: App) -> bool:
    """The focus is in a text field: keys are text, not commands."""
    return isinstance(app.focused, (Input, TextArea))
