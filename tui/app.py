"""The App: screens, global bindings, theme registration. Thin on purpose."""

from __future__ import annotations

import os

from textual import work
from textual.app import App
from textual.binding import Binding

import themes
from themes.picker import ThemePickerMixin
from tui import colour_depth, theme_setup
from tui.bandwidth import wire_fps
from tui.cache_hygiene import SWEEP_SECONDS, release_dead_widget_caches
from tui.engine.core.connect import resolve_endpoint
from tui.engine.core.errors import EngineError
from tui.engine.core.prefetch import Prefetch
from tui.engine.core.session import EngineSession
from tui.error_funnel import ErrorFunnel
from tui.hosts_control import HostsControl
from tui.keymap import check_keymap
from tui.screens.containers.run_palette import RunCommands
from tui.screens.health.attention_control import AttentionControl
from tui.screens.hosts.no_engine import NoEngineScreen
from tui.screens.shell.confirm_quit import ConfirmQuitScreen
from tui.screens.shell.help import HelpScreen
from tui.screens.shell.main import MainScreen
from tui.screens.shell.messages import EngineConnected, EngineFailed, EngineShown
from tui.screens.shell.palette import ActionsProvider
from tui.settings import Settings, adopt_session
from widgets import key_parser
from widgets.key_order import KeysInOrder
from widgets.textual_compat import app_exiting
from widgets.wire.textual_private import WireApp


class DockpitApp(
    ErrorFunnel, HostsControl, AttentionControl, ThemePickerMixin, KeysInOrder, WireApp, App[None]
):
    TITLE = "dockpit"
    CSS_PATH = str(themes.CSS_PATH)
    COMMANDS = App.COMMANDS | {ActionsProvider, RunCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+t", "change_theme", "Theme", id="app.theme", show=False),
        Binding("I", "incidents", "Incidents", id="app.incidents", show=False),
    ]

    def __init__(self, settings: Settings | None = None, prefetch: Prefetch | None = None) -> None:
        super().__init__()
        key_parser.install()  # escape + "7" in one read: two keys, not "¶"
        self.settings = settings or Settings()
        self.wire_fps = wire_fps(self.settings)
        self.bandwidth_on = self.settings.bandwidth_on
        self.wire_enabled = os.environ.get("DOCKPIT_WIRE", "1") != "0"
        self.endpoint = (
            prefetch.endpoint
            if prefetch
            else resolve_endpoint(self.settings.host, context=self.settings.context)
        )
        self._prefetch = prefetch
        self.session: EngineSession | None = None
        self.main_screen = MainScreen()
        # Before the first CSS parse: a theme set later re-parses and restyles everything.
        self._theme_problems = theme_setup.install_themes(
            self, self.settings.themes_dir, self.settings.theme
        )

    def on_mount(self) -> None:
        colour_depth.follow_theme(self)  # ANSI themes: 16 colours, container colours too
        self._apply_keymap_and_report_config()
        self.set_interval(SWEEP_SECONDS, release_dead_widget_caches)  # a long session's memory
        self.connect()

    def _apply_keymap_and_report_config(self) -> None:
        """The keymap's safe entries applied (checked against the static registry: no screen
        is imported); the config's problems in one notification, an error when they changed
        what dockpit does (read-only forced, a keymap entry refused)."""
        problems = list(self.settings.config_problems) + self._theme_problems
        checked = check_keymap(self.settings.keymap)
        if checked.keymap:
            self.set_keymap(checked.keymap)  # a refused entry keeps its default keys
        if self.settings.commands:  # custom commands: a key a built-in holds is refused
            from tui.command_keys import check_command_keys

            keyed = check_command_keys(self.settings.commands, checked.keymap)
            self.settings.commands = keyed.commands
            checked.problems += keyed.problems
        reason = self.settings.read_only_reason
        if problems or checked.problems:
            self.notify(
                "\n".join(problems + checked.problems),
                title="Config: starting read-only" if reason else "Config",
                severity="error" if reason or checked.problems else "warning",
                timeout=15,
                markup=False,
            )

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    async def action_quit(self) -> None:
        if self.settings.confirm_quit and not isinstance(self.screen, ConfirmQuitScreen):

            def answered(yes: bool | None) -> None:
                if yes:
                    self.exit()

            self.push_screen(ConfirmQuitScreen(), answered)
            return
        self.exit()

    @work(thread=True, exclusive=True, group="connect")
    def connect(self) -> None:
        prefetch, self._prefetch = self._prefetch, None  # a retry connects afresh
        try:
            if prefetch is not None:
                session = prefetch.wait()
            else:
                session = EngineSession.open(self.endpoint, self.settings.connect_timeout)
        except EngineError as error:
            self.post_message(EngineFailed(self.endpoint, error))
        else:
            self.post_message(EngineConnected(session))

    def on_engine_connected(self, message: EngineConnected) -> None:
        if self.is_stale(message.session):
            return
        self.session = adopt_session(message.session, self.settings)
        self.main_screen.attach_session(message.session)

    def on_engine_shown(self, message: EngineShown) -> None:
        """The first pane is painted: now watch the engine (its own client, docker-py's import:
        none of that delays the first frame)."""
        if message.session is self.session and not app_exiting(self):
            self.start_engine_watch(message.session)
            self.start_attention(message.session)

    def on_engine_failed(self, message: EngineFailed) -> None:
        def retry(again: bool | None) -> None:
            if again:
                self.connect()

        self.push_screen(NoEngineScreen(message.endpoint, message.error), retry)

    def action_help(self) -> None:
        """Every key of the focused view (read from its bindings)."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def on_unmount(self) -> None:
        self.stop_engine_watch()
        self.stop_attention()
        if self.session is not None:
            self.session.close()
