"""The events pane: the engine's live event stream, filterable, bounded, pausable."""

from __future__ import annotations

from collections import deque
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.event_hub import Subscription
from tui.engine.core.model import EngineEvent
from tui.engine.core.session import EngineSession
from tui.screens.shell.messages import EngineBack, EngineLost
from widgets.events_table import EventsTable, event_cells
from widgets.typeahead import focus_now, holds_focus, leaves_input, opens_input, typing

#: Events kept (and shown at most); older ones fall off.
HISTORY = 1000
#: Seconds between table updates while events arrive.
FLUSH_EVERY = 0.1
TYPES: tuple[str | None, ...] = (
    None, "container", "image", "volume", "network", "daemon", "plugin", "builder",
    "service", "node", "secret", "config",
)  # fmt: skip


class EventArrived(Message):
    def __init__(self, event: EngineEvent) -> None:
        super().__init__()
        self.event = event


def matches(event: EngineEvent, type_filter: str | None, name_filter: str) -> bool:
    if type_filter is not None and event.type != type_filter:
        return False
    if name_filter:
        needle = name_filter.lower()
        return needle in event.actor_name.lower() or event.actor_id.lower().startswith(needle)
    return True


class EventsPane(Widget):
    DEFAULT_CSS = """
    EventsPane { height: 1fr; }
    EventsPane #events-status { height: 1; padding: 0 1; background: $boost; }
    EventsPane #events-filter { display: none; }
    """
    BINDINGS = [
        Binding("p", "toggle_pause", "Pause/resume", id="events.pause"),
        Binding("t", "cycle_type", "Type filter", id="events.type"),
        opens_input("slash", "filter_name", "Name filter", id="events.filter"),
        leaves_input("enter", "filter_done", "Apply filter", id="events.filter_done"),
        leaves_input("escape", "filter_cancel", "Close filter", id="events.filter_cancel"),
    ]

    def __init__(self, session: EngineSession, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.history: deque[tuple[int, EngineEvent]] = deque(maxlen=HISTORY)
        self._inbox: list[EngineEvent] = []
        self._flush_timer: Timer | None = None
        self.seq = 0
        self.paused = False
        self.missed = 0  # arrived while paused
        self.type_filter: str | None = None
        self.name_filter = ""
        self._events: Subscription | None = None
        self._unmounting = False
        self._lost = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key that opens the input types into it while an input has the focus; enter and
        escape close it only while it has the focus."""
        if action in ("filter_done", "filter_cancel"):
            return holds_focus(self.query_one("#events-filter", Input))
        return not (action in ("filter_name",) and typing(self.app))

    def compose(self) -> ComposeResult:
        yield Static(id="events-status")
        yield Input(
            placeholder="actor name contains... (enter: apply, escape: close)", id="events-filter"
        )
        yield EventsTable(id="events-table")

    def on_mount(self) -> None:
        try:
            box = self.query_one("#events-filter", Input)
        except NoMatches:  # mounted (after the first frame) while the app quits: nothing to do
            return
        # Hidden, it must not take the focus (a hidden focused Input swallows every key).
        box.can_focus = False
        self._status()
        # From the start, shown or not: the history covers what happened elsewhere meanwhile.
        self.run_worker(self._watch, thread=True, exclusive=True, group="events-stream")

    def on_engine_lost(self, message: EngineLost) -> None:
        self._lost = True

    def on_engine_back(self, message: EngineBack) -> None:
        self._lost = False  # the subscription goes on by itself (the hub reconnected)

    def on_unmount(self) -> None:
        self._unmounting = True
        if self._events is not None:
            self._events.close()

    def _watch(self) -> None:
        """Subscribe to every event of the session's one stream (callbacks on its thread)."""
        try:
            events = self.session.events.subscribe(
                {}, lambda event: self.post_message(EventArrived(event))
            )
        except EngineError as error:
            self._report(error)
            return
        self._events = events
        if self._unmounting:  # gone while the stream was opening: never leave it open
            events.close()

    def _report(self, error: EngineError) -> None:
        if self._unmounting or self._lost:
            return
        try:
            self.app.call_from_thread(
                self.app.notify, error.message, title="Events", severity="error", markup=False
            )
        except RuntimeError:
            pass

    def on_event_arrived(self, message: EventArrived) -> None:
        """Kept, and shown in batches (a burst of thousands of events: one table update per
        batch, not one per event)."""
        message.stop()
        self._inbox.append(message.event)
        if self._flush_timer is None:
            self._flush_timer = self.set_timer(FLUSH_EVERY, self._flush)

    def _flush(self) -> None:
        self._flush_timer = None
        arrived, self._inbox = self._inbox, []
        table = self.query_one(EventsTable)
        follow = table.row_count == 0 or table.cursor_row >= table.row_count - 1
        dropped: list[str] = []
        with self.app.batch_update():
            for event in arrived:
                self.seq += 1
                if len(self.history) == HISTORY:
                    dropped.append(str(self.history[0][0]))
                self.history.append((self.seq, event))
                if self.paused:
                    self.missed += 1
                elif matches(event, self.type_filter, self.name_filter):
                    table.upsert(str(self.seq), event_cells(self.seq, event))
            table.discard_many(dropped)
            if follow and table.row_count:
                table.move_cursor(row=table.row_count - 1)
        self._status()

    def refilter(self) -> None:
        """Show exactly the kept events that pass the filters, in arrival order."""
        table = self.query_one(EventsTable)
        wanted = [
            (str(seq), event_cells(seq, event))
            for seq, event in self.history
            if matches(event, self.type_filter, self.name_filter)
        ]
        before = set(table.keys())
        table.sync(wanted)
        if any(key not in before for key, _ in wanted):
            table.order()
        self._status()

    def _status(self) -> None:
        text = Text()
        if self.paused:
            text.append(" PAUSED ", style="bold reverse yellow")
            text.append(f" {self.missed} new while paused (p: resume)")
        else:
            text.append(" LIVE ", style="bold reverse green")
        text.append(f"   type: {self.type_filter or 'all'}")
        text.append("   name: ")
        text.append(self.name_filter or "any")
        text.append(f"   kept {len(self.history)}/{HISTORY}")
        self.query_one("#events-status", Static).update(text)

    def action_toggle_pause(self) -> None:
        self.paused = not self.paused
        if not self.paused:
            self.missed = 0
            self.refilter()
        self._status()

    def action_cycle_type(self) -> None:
        index = TYPES.index(self.type_filter) if self.type_filter in TYPES else 0
        self.type_filter = TYPES[(index + 1) % len(TYPES)]
        self.refilter()

    def action_filter_name(self) -> None:
        box = self.query_one("#events-filter", Input)
        box.can_focus = True
        box.display = True
        box.value = self.name_filter
        focus_now(box)  # keys typed behind the / go to the input

    @on(Input.Submitted, "#events-filter")
    def _name_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_filter_done()

    def action_filter_done(self) -> None:
        self.name_filter = self.query_one("#events-filter", Input).value.strip()
        self._close_filter()
        self.refilter()

    def action_filter_cancel(self) -> None:
        self._close_filter()

    def _close_filter(self) -> None:
        box = self.query_one("#events-filter", Input)
        box.display = False
        box.can_focus = False
        focus_now(self.query_one(EventsTable))  # keys typed behind the enter are commands
