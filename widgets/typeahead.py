"""Focus a widget at once, so keys typed right behind the key that opened it land in it.

Textual's ``Widget.focus()`` moves the focus later (``call_later``): keys already queued
behind the key that opened an input (typeahead, a paste, one SSH packet carrying "/web")
still go to the old focus, where they are single-key commands ("s" stops a container).
``Screen.set_focus`` moves it now.
"""

from __future__ import annotations

from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from widgets.textual_compat import ScreenForwardHook, forward_event


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


def leaves_input(key: str, action: str, description: str, **kwargs) -> Binding:
    """A binding for the key that closes an input and hands the focus back (enter, escape).

    Like :func:`opens_input` it runs at the App as the key arrives: the owner applies the
    input's value and moves the focus before the next key of the same burst is handed out,
    so "/web", enter, "s" filters and then stops (an Input's own enter only posts Submitted,
    and the "s" would have been typed into the filter). The owner's ``check_action`` must
    allow it only while its input has the focus, so that the key works as usual elsewhere.
    """
    return Binding(key, action, description, show=False, priority=True, **kwargs)


def holds_focus(widget: Widget) -> bool:
    """The widget has the focus NOW. ``Widget.has_focus`` changes only when the Focus event
    is handled, later: a key right behind the one that moved the focus (enter, enter in one
    burst: apply the filter, open the details) saw the old answer and was refused."""
    try:
        return widget.screen.focused is widget
    except NoScreen:
        return False


def typing(app: App) -> bool:
    """The focus is in a text field: keys are text, not commands."""
    return isinstance(app.focused, (Input, TextArea))


class KeepsEarlyKeys(ScreenForwardHook):
    """A screen that hands keys typed before its first focus to that focus.

    Between the key that pushes a screen and the screen focusing its input or table (in an
    ``on_mount``, often a moment later), the new screen has no focus, so the App gives the
    keys typed in the same burst ("R" then the new name, "l" then "/error") to the screen
    itself, where the ones that are not the screen's own bindings vanish. This screen keeps
    them until its focus has settled, then hands them back to the App (``hand_back_keys`` of
    ``widgets.key_order.KeysInOrder``: in order, priority bindings included), or, in an App
    without it, forwards them to the focus (or to itself). Put it first in the bases:
    ``class Dialog(KeepsEarlyKeys, ModalScreen[str])``.
    """

    #: Refreshes to wait for a first focus before the kept keys go to the screen itself.
    FOCUS_WAIT_REFRESHES = 5

    _early_keys: list[events.Key] | None = None
    _early_keys_done = False
    _focus_waits = 0

    def forward_event_hook(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self._early_keys_done:
            if self._early_keys is None:
                self._early_keys = []
            self._early_keys.append(event)
            return
        self.stock_forward_event(event)

    @on(events.Mount)
    def _keep_keys_until_focused(self) -> None:
        # after the focus the subclass's (and its children's) on_mount asked for
        self.call_after_refresh(self._replay_early_keys)

    def _replay_early_keys(self) -> None:
        if (
            self.focused is None
            and self._early_keys
            and self._focus_waits < self.FOCUS_WAIT_REFRESHES
        ):
            self._focus_waits += 1
            self.call_after_refresh(self._replay_early_keys)
            return
        self._early_keys_done = True
        keys, self._early_keys = self._early_keys or [], None
        hand_back = getattr(self.app, "hand_back_keys", None)
        if keys and hand_back is not None:  # the App hands them out, bindings and all
            hand_back(keys)
            return
        for key in keys:
            target = self.focused
            if target is None:
                self.stock_forward_event(key)
            else:
                forward_event(target, key)
