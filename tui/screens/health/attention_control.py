"""App-level attention: one watcher per engine session, the strip's counts, notifications.

The watcher is fed by the session's events hub (no polling); after changes settle, the list
is read once and counted (``needs_attention``); incidents raise a toast and, when the config
asks, the terminal bell and a desktop notification (OSC 9 / 777) at most once per container
per minute.
"""

from __future__ import annotations

import time
from typing import Any

from textual.message import Message

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.health.attention import SEVERITY, Incident, needs_attention
from tui.engine.health.notify import NotifyChannels, RateLimit, terminal_sequences
from tui.engine.health.watcher import AttentionWatcher
from tui.screens.shell.app_settings import settings_of

SETTLE = 0.5  # seconds of quiet before the list is read again
#: ...but during a long burst of changes, at most this long after the first change
SETTLE_AT_MOST = 3.0


class AttentionChanged(Message):
    """The counts of containers needing attention (kind -> ids)."""

    def __init__(self, counts: dict[str, list[str]], incidents: int) -> None:
        super().__init__()
        self.counts = counts
        self.incidents = incidents


class IncidentRaised(Message):
    def __init__(self, incident: Incident) -> None:
        super().__init__()
        self.incident = incident


class _Dirty(Message):
    pass


class AttentionControl:
    """Mixed into the App (which provides run_worker, post_message, notify, settings ...)."""

    attention: AttentionWatcher | None = None
    attention_counts: dict[str, list[str]] = {}
    _attention_timer: Any = None
    _first_dirty = 0.0
    _last_dirty = 0.0
    _notify_limit: RateLimit | None = None

    def start_attention(self: Any, session: EngineSession) -> None:
        self.stop_attention()
        watcher = AttentionWatcher(
            session,
            on_incident=lambda incident: self.post_message(IncidentRaised(incident)),
            on_change=lambda: self.post_message(_Dirty()),
        )
        self.attention = watcher

        def work() -> None:
            try:
                watcher.start()
            except EngineError:
                return  # the banner says the engine is gone; the hub says when it is back
            self._count_attention(watcher)

        self.run_worker(work, thread=True, exclusive=True, group="attention-start")

    def stop_attention(self: Any) -> None:
        if self.attention is not None:
            self.attention.close()
            self.attention = None

    def on__dirty(self: Any, message: _Dirty) -> None:
        now = time.monotonic()
        self._last_dirty = now
        if self._attention_timer is None:
            self._first_dirty = now
            self._attention_timer = self.set_timer(SETTLE, self._recount)

    def _recount(self: Any) -> None:
        """The list is read once the changes settled: a burst of thousands of events is
        one read (every SETTLE_AT_MOST seconds while it lasts), not one per half second."""
        now = time.monotonic()
        quiet_in = self._last_dirty + SETTLE - now
        if quiet_in > 0.01 and now - self._first_dirty < SETTLE_AT_MOST:
            self._attention_timer = self.set_timer(quiet_in, self._recount)
            return
        self._attention_timer = None
        watcher = self.attention
        if watcher is not None:
            self.run_worker(lambda: self._count_attention(watcher), thread=True,
                            exclusive=True, group="attention-count")  # fmt: skip

    def _count_attention(self: Any, watcher: AttentionWatcher) -> None:
        try:
            containers = watcher.session.containers.list(all=True)
        except EngineError:
            return
        counts = needs_attention(containers, watcher.model, watcher.oom_ids)
        self.post_message(AttentionChanged(counts, len(watcher.incidents)))

    def on_attention_changed(self: Any, message: AttentionChanged) -> None:
        self.attention_counts = message.counts
        for screen in self.screen_stack:  # the main screen's strip (and any other screen's)
            for strip in screen.query("AlertStrip"):
                strip.show(message.counts, message.incidents)
            for pane in screen.query("ContainersPane"):
                pane.refresh_faults()

    def on_incident_raised(self: Any, message: IncidentRaised) -> None:
        incident = message.incident
        self.post_message(_Dirty())
        if self._notify_limit is None:
            self._notify_limit = RateLimit()
        if not self._notify_limit.allow(incident.container_id or incident.kind):
            return
        settings = settings_of(self)
        channels = NotifyChannels(
            settings.notify_toast, settings.notify_bell, settings.notify_desktop
        )
        if channels.toast:
            severity = SEVERITY.get(incident.kind, "warning")
            self.notify(f"{incident.name}: {incident.what}", title=incident.kind,
                        severity=severity, markup=False, timeout=8)  # fmt: skip
        sequences = terminal_sequences(incident, channels)
        if sequences:
            from widgets.textual_compat import write_to_terminal

            write_to_terminal(self, sequences)

    def action_incidents(self: Any) -> None:
        from tui.screens.health.incidents_screen import IncidentsScreen

        watchers = {}
        if self.attention is not None:
            watchers[self.attention.session.endpoint.key] = self.attention
        self.push_screen(IncidentsScreen(watchers))
