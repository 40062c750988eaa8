"""App-level engine lifecycle: watching the engine, reconnecting, switching to another one.

Mixed into the App (like ErrorFunnel). The watch (tui/engine/core/liveness.py) reports from its
thread; the App turns that into EngineLost / EngineRetrying / EngineBack messages sent to
every widget of every screen: the banner shows itself, panes keep their last rows (greyed
by the ``-engine-lost`` screen class) and restart their streams on EngineBack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from tui.engine.core.connect import Endpoint, resolve_endpoint
from tui.engine.core.liveness import EngineWatch
from tui.engine.core.session import EngineSession
from tui.screens.shell.messages import EngineBack, EngineLost, EngineRetrying
from tui.settings import Settings


class HostsControl(App):
    """Mix into the App class (before App in the bases)."""

    BINDINGS = [
        Binding("H", "hosts", "Hosts", id="app.hosts"),
        Binding("F", "fleet", "Fleet", id="app.fleet"),
    ]

    _engine_watch: EngineWatch | None = None
    engine_lost: bool = False
    # set by the App
    session: EngineSession | None
    endpoint: Endpoint
    settings: Settings
    _prefetch: Any  # tui.engine.core.prefetch.Prefetch | None

    # -- watching ----------------------------------------------------------------------------

    def start_engine_watch(self, session: EngineSession) -> None:
        self.stop_engine_watch()
        self.engine_lost = False
        self._engine_watch = EngineWatch(
            session.events,
            on_lost=lambda error: self.post_message(EngineLost(session, error)),
            on_retry=lambda attempt, delay, error: self.post_message(
                EngineRetrying(session, attempt, delay, error)
            ),
            on_back=lambda: self.post_message(EngineBack(session)),
        ).start()

    def stop_engine_watch(self) -> None:
        watch, self._engine_watch = self._engine_watch, None
        if watch is not None:
            watch.close()

    def broadcast(self, make: Callable[[], Message]) -> None:
        """Send a fresh copy of a (non-bubbling) message to every widget of every screen."""
        for screen in list(self.screen_stack):
            for node in screen.walk_children(with_self=True):
                node.post_message(make())

    def _current(self, session: EngineSession) -> bool:
        return session is getattr(self, "session", None)

    def on_engine_lost(self, message: EngineLost) -> None:
        if not self._current(message.session):
            return
        self.engine_lost = True
        self.broadcast(lambda: EngineLost(message.session, message.error))
        if self.screen is not self.main_screen:  # type: ignore[attr-defined]
            # the banner lives on the main screen: say it on whatever screen is shown
            self.notify(
                f"Disconnected, retrying: {message.session.endpoint.label} stopped answering",
                title="Engine",
                severity="error",
                markup=False,
                timeout=8,
            )

    def on_engine_retrying(self, message: EngineRetrying) -> None:
        if not self._current(message.session):
            return
        self.broadcast(
            lambda: EngineRetrying(message.session, message.attempt, message.delay, message.error)
        )

    def on_engine_back(self, message: EngineBack) -> None:
        if not self._current(message.session):
            return
        self.engine_lost = False
        self.broadcast(lambda: EngineBack(message.session))
        self.notify(
            f"{message.session.endpoint.label} is back", title="Engine", markup=False, timeout=3
        )

    # -- switching ---------------------------------------------------------------------------

    def is_stale(self, session: EngineSession) -> bool:
        """A session from a connect that was overtaken by a switch: close it, ignore it."""
        if session.endpoint == getattr(self, "endpoint", None):
            return False
        self.close_session_later(session)
        return True

    def switch_engine(self, endpoint: Endpoint) -> None:
        """Show another engine: streams closed, state reset, the new engine connected."""
        self.stop_engine_watch()
        self.stop_attention()  # type: ignore[attr-defined]
        while len(self.screen_stack) > 1:
            self.pop_screen()
        old = self.session
        self.session = None
        self.main_screen.detach_session(endpoint)  # type: ignore[attr-defined]
        if old is not None:
            self.close_session_later(old)
        self.endpoint = endpoint
        self._prefetch = None  # connect afresh, not from the start-up prefetch
        self.connect()  # type: ignore[attr-defined]

    @work(thread=True, group="close-sessions")
    def close_session_later(self, session: EngineSession) -> None:
        session.close()  # an ssh bridge waits for its processes: not on the UI thread

    # -- the hosts and fleet views ----------------------------------------------------------

    def _configured_hosts(self) -> list[str]:
        settings = self.settings
        return [h for h in [settings.host, *settings.fleet_hosts] if h]

    def action_hosts(self) -> None:
        from tui.screens.hosts.hosts import HostsScreen

        self.push_screen(HostsScreen(self.endpoint, self._configured_hosts()))

    def action_fleet(self) -> None:
        """The current engine and every other --host."""
        endpoints = [self.endpoint]
        for host in self._configured_hosts():
            endpoint = resolve_endpoint(host)
            if endpoint not in endpoints:
                endpoints.append(endpoint)
        self.open_fleet(endpoints)

    def open_fleet(self, endpoints: list[Endpoint]) -> None:
        from tui.screens.hosts.fleet import FleetScreen

        settings = self.settings
        self.push_screen(FleetScreen(endpoints, self.session, read_only=settings.read_only))
