"""A pane that lists one kind of engine object and reloads it when the engine says it changed.

It subscribes to the engine's events (the session's one stream, ``session.events``) BEFORE the
first list, and reloads at most once per ``DEBOUNCE`` seconds however many events arrive, and
when the stream is back after the engine went away. Subclasses say which events
matter (``EVENT_FILTERS``, ``relevant``), how to fetch (``fetch``, in a thread) and how to
show (``show``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from tui.engine.core.errors import EngineError
from tui.engine.core.event_hub import HubState, Subscription
from tui.engine.core.model import EngineEvent
from tui.engine.core.session import EngineSession
from tui.screens.shell.app_settings import settings_of
from tui.screens.shell.messages import EngineBack, EngineLost


class EngineChanged(Message):
    """Something this pane lists changed on the engine."""


class Loaded(Message):
    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data


class WatchedPane(Widget):
    DEFAULT_CSS = """
    WatchedPane { height: 1fr; }
    """
    EVENT_FILTERS: ClassVar[dict[str, Any]] = {}
    DEBOUNCE = 0.3
    TITLE = ""

    def __init__(self, session: EngineSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._events: Subscription | None = None
        self._pending: Timer | None = None
        self._unmounting = False
        self._watching = False
        self._lost = False

    # -- for subclasses -------------------------------------------------------------------
    def relevant(self, event: EngineEvent) -> bool:
        return True

    def fetch(self) -> Any:  # runs in a thread
        raise NotImplementedError

    def show(self, data: Any) -> None:
        raise NotImplementedError

    # -- machinery ------------------------------------------------------------------------
    def on_show(self) -> None:
        """Watch the engine from the first time the pane is shown (not while it is hidden)."""
        if not self._watching:
            self._watching = True
            self._start_watch()

    def _start_watch(self) -> None:
        self.run_worker(self._watch, thread=True, exclusive=True, group=f"{self.id}-watch")

    def on_unmount(self) -> None:
        self._unmounting = True
        if self._events is not None:
            self._events.close()

    def on_engine_lost(self, message: EngineLost) -> None:
        self._lost = True  # the banner says so; the rows stay as they were

    def on_engine_back(self, message: EngineBack) -> None:
        self._lost = False  # the hub says "back" to the subscription: it lists again

    def _watch(self) -> None:
        try:
            events = self.session.events.subscribe(
                self.EVENT_FILTERS, self._event_arrived, self._hub_state
            )
        except EngineError as error:
            self._report(error)
            return
        self._events = events
        if self._unmounting:  # gone while the stream was opening: never leave it open
            events.close()
            return
        self.post_message(EngineChanged())

    def _event_arrived(self, event: EngineEvent) -> None:  # on the hub's thread
        if self.relevant(event):
            self.post_message(EngineChanged())

    def _hub_state(self, state: HubState) -> None:  # on the hub's thread
        if state.kind == "back":  # events may have been missed while it was away
            self.post_message(EngineChanged())

    def on_engine_changed(self, message: EngineChanged) -> None:
        message.stop()
        if self._pending is None:
            self._pending = self.set_timer(self.DEBOUNCE, self.reload)

    def reload(self) -> None:
        self._pending = None
        self.run_worker(self._load, thread=True, exclusive=True, group=f"{self.id}-load")

    def _load(self) -> None:
        try:
            self.post_message(Loaded(self.fetch()))
        except EngineError as error:
            self._report(error)

    def on_loaded(self, message: Loaded) -> None:
        message.stop()
        self.show(message.data)

    def _report(self, error: EngineError) -> None:
        if self._unmounting or self._lost:
            return
        try:
            self.app.call_from_thread(
                self.app.notify, error.message, title=self.TITLE, severity="error", markup=False
            )
        except RuntimeError:  # the app is gone
            pass

    def run_engine(self, group: str, job: Any, done: Any = None) -> None:
        """Run ``job(session)`` in a thread; ``done(result)`` on the UI thread; errors notified."""

        def work() -> None:
            try:
                result = job(self.session)
            except EngineError as error:
                self._report(error)
                return
            if done is not None:
                self.app.call_from_thread(done, result)

        self.run_worker(work, thread=True, exclusive=True, group=f"{self.id}-{group}")

    @property
    def read_only(self) -> bool:
        return settings_of(self).read_only
