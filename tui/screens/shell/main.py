"""The main screen: a status bar, the dashboard (pane bar, the current pane's list and the
previews of its selection) and the footer."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from tui import __version__
from tui.engine.core.connect import Endpoint
from tui.engine.core.session import EngineSession
from tui.screens.dashboard.layout import Dashboard
from tui.screens.hosts.engine_banner import EngineBanner
from tui.screens.resources.resource_actions import ResourceActions
from tui.screens.shell.messages import EngineShown
from tui.screens.shell.panes import PANES
from widgets.alert_strip import AlertStrip
from widgets.footer import KeysFooter
from widgets.textual_compat import app_exiting, set_switcher_initial
from widgets.typeahead import focus_now, typing

#: Panes mounted as soon as the engine answers: the first one at once, the others right after
#: the first frame that shows it. The rest are built the first time their key is pressed:
#: their imports, compose and engine reads stay out of the way of the first paint.
EAGER_PANES = frozenset({"containers", "events"})


class PaneSwitcher(ContentSwitcher):
    """The panes. A pane chosen before the switcher finished mounting stays chosen
    (ContentSwitcher's own mount handler shows its initial pane, undoing an early key)."""

    def on_mount(self) -> None:  # runs before ContentSwitcher's own mount handler
        if self.current:  # chosen early: start with it (panes mounted later stay hidden)
            set_switcher_initial(self, self.current)


class MainScreen(ResourceActions, Screen[None]):
    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="app.quit"),
        Binding("P", "prune_menu", "Prune", id="app.prune"),
        Binding("U", "disk_usage", "Disk usage", id="app.disk_usage"),
        Binding("E", "engine_info", "Engine info", id="app.engine_info"),
        *[
            # Priority: "5/web" typed in one go must reach the events pane's filter.
            Binding(
                p.key,
                f"show_pane('{p.id}')",
                p.title,
                id=f"pane.{p.id}",
                show=False,
                priority=True,
            )
            for p in PANES
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self.session: EngineSession | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(f"dockpit {__version__}  connecting..."), id="status-bar")
        yield EngineBanner(id="engine-banner")
        yield AlertStrip(id="alert-strip")
        with Vertical(id="body"):
            yield Static("Connecting to the Docker engine...", id="connecting")
        yield KeysFooter()

    def attach_session(self, session: EngineSession) -> None:
        """The engine answered: show its panes."""
        self.session = session
        status = Text(f"dockpit {__version__}  ")
        status.append(session.endpoint.label, style="bold")
        status.append(f"  engine {session.server_version}  API {session.api_version}")
        self.query_one("#status-bar", Static).update(status)
        body = self.query_one("#body", Vertical)
        if (
            app_exiting(self.app) or not body.is_attached
        ):  # the app is closing as the engine answered
            return
        body.remove_children()
        switcher = PaneSwitcher(PANES[0].make(session), initial=PANES[0].id, id="panes")
        body.mount(Dashboard(session, switcher, id="dashboard"))
        self.call_after_refresh(self._mount_eager_panes, session)

    def _mount_eager_panes(self, session: EngineSession) -> None:
        """The other eager panes (hidden), once the first pane has been painted."""
        switchers = self.query("#panes").results(ContentSwitcher)
        switcher = next(switchers, None)
        if self.session is not session or app_exiting(self.app) or switcher is None:
            return
        self.post_message(EngineShown(session))
        mounted = {child.id for child in switcher.children}
        panes = [p.make(session) for p in PANES[1:] if p.id in EAGER_PANES and p.id not in mounted]
        for pane in panes:  # the switcher hid its children when it mounted, not later ones
            pane.display = pane.id == switcher.current
        switcher.mount_all(panes)

    def detach_session(self, next_endpoint: Endpoint) -> None:
        """Another engine was chosen: unmount the panes (their streams close), show progress."""
        self.session = None
        self.remove_class("-engine-lost")
        self.query_one(EngineBanner).remove_class("-shown")
        status = Text(f"dockpit {__version__}  connecting to ")
        status.append(next_endpoint.label, style="bold")
        self.query_one("#status-bar", Static).update(status)
        body = self.query_one("#body", Vertical)
        body.remove_children()
        body.mount(Static(Text(f"Connecting to {next_endpoint.describe()}..."), id="connecting"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A pane's key is a digit like any other while a text field has the focus."""
        return not (action == "show_pane" and typing(self.app))

    async def action_show_pane(self, pane_id: str) -> None:
        if self.session is None:
            return
        switcher = self.query_one("#panes", ContentSwitcher)
        if not any(child.id == pane_id for child in switcher.children):
            spec = next(p for p in PANES if p.id == pane_id)
            await switcher.mount(spec.make(self.session))
        switcher.current = pane_id
        await self.query_one(Dashboard).pane_shown(pane_id)
        pane = switcher.get_child_by_id(pane_id)
        focusable = [w for w in pane.query("*") if w.can_focus]
        if focusable:
            focus_now(focusable[0])  # the keys right behind the pane's key act in it
