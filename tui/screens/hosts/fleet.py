"""The fleet view: the containers of several engines in one table, with an engine column.

Each engine has its own session, events stream and worker; every action goes through the
session of the engine the container lives on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.sanitize import clean_text
from tui.engine.core.session import EngineSession
from tui.engine.health.watcher import AttentionWatcher
from tui.engine.hosts.fleet import FleetOps
from tui.engine.hosts.fleet_feed import FeedCallbacks, FeedState, FleetFeed
from tui.screens.shell.growing_table import GrowingTable
from widgets.footer import KeysFooter
from widgets.keyed_table import KeyedTable
from widgets.typeahead import KeepsEarlyKeys

COLUMNS = [
    ("engine", "Engine"),
    ("name", "Name"),
    ("image", "Image"),
    ("state", "State"),
    ("status", "Status"),
]
STATE_STYLES = {"running": "bold green", "paused": "yellow", "exited": "red", "dead": "bold red"}
LOST_STYLE = "dim"  # rows of an engine that stopped answering: last known state, greyed


class MemberIncident(Message):
    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


@dataclass
class FleetMember:
    index: int
    endpoint: Endpoint
    label: str
    session: EngineSession | None = None
    owned: bool = True  # False: the app's own session, not ours to close
    feed: FleetFeed | None = None
    attention: AttentionWatcher | None = None  # the engine's incidents (ours unless the app's)
    state: str = "connecting..."
    containers: dict[str, Container] = field(default_factory=dict)

    @property
    def lost(self) -> bool:
        return self.state.startswith("disconnected")


class MemberListed(Message):
    def __init__(self, index: int, containers: list[Container]) -> None:
        super().__init__()
        self.index = index
        self.containers = containers


class MemberChanged(Message):
    def __init__(self, index: int, container: Container) -> None:
        super().__init__()
        self.index = index
        self.container = container


class MemberGone(Message):
    def __init__(self, index: int, container_id: str) -> None:
        super().__init__()
        self.index = index
        self.container_id = container_id


class MemberState(Message):
    def __init__(self, index: int, state: str) -> None:
        super().__init__()
        self.index = index
        self.state = state


def row_key(index: int, container_id: str) -> str:
    return f"{index}/{container_id}"


class FleetScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("s", "start_stop", "Start/stop", id="fleet.toggle"),
        Binding("r", "restart", "Restart", id="fleet.restart"),
        Binding("q,escape", "app.pop_screen", "Back", id="fleet.back"),
        Binding("I", "incidents", "Incidents", id="fleet.incidents"),
    ]

    def __init__(
        self,
        endpoints: list[Endpoint],
        current: EngineSession | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.read_only = read_only
        self.members = [
            FleetMember(i, endpoint, clean_text(endpoint.key))
            for i, endpoint in enumerate(endpoints)
        ]
        for member in self.members:
            if current is not None and current.endpoint == member.endpoint:
                member.session, member.owned = current, False

    def compose(self) -> ComposeResult:
        yield Static(Text("Fleet"), id="fleet-title")
        yield GrowingTable(COLUMNS, id="fleet-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(KeyedTable).focus()
        self._show_title()
        for member in self.members:
            member.feed = FleetFeed(member.endpoint, self._feed_callbacks(member), member.session)
            self.run_worker(
                member.feed.run, thread=True, exclusive=True, group=f"fleet-watch-{member.index}"
            )

    def on_unmount(self) -> None:
        for member in self.members:
            if member.attention is not None and member.owned:
                member.attention.close()
            if member.feed is not None:
                member.feed.close()  # its worker closes the session it opened, off the UI thread

    # -- one feed (and worker) per engine: it reconnects on its own ---------------------------

    def _feed_callbacks(self, member: FleetMember) -> FeedCallbacks:
        index = member.index

        def opened(session: EngineSession) -> None:
            session.read_only = self.read_only  # the door refuses changes too, not only the keys
            member.session = session
            self._watch_attention(member, session)  # on the feed's thread: may block

        def state(feed_state: FeedState) -> None:
            if feed_state.kind != "up":  # "up" comes with the list (MemberListed)
                self.post_message(MemberState(index, feed_state.describe()))

        return FeedCallbacks(
            listed=lambda containers: self.post_message(MemberListed(index, containers)),
            changed=lambda container: self.post_message(MemberChanged(index, container)),
            gone=lambda container_id: self.post_message(MemberGone(index, container_id)),
            state=state,
            session=opened,
        )

    # -- incidents, counted per engine ------------------------------------------------------

    def _watch_attention(self, member: FleetMember, session: EngineSession) -> None:
        if member.attention is not None and member.attention.session is session:
            return
        app_watcher = getattr(self.app, "attention", None)
        if not member.owned and app_watcher is not None and app_watcher.session is session:
            member.attention = app_watcher  # the app's own engine: its watcher already runs
            return
        watcher = AttentionWatcher(
            session, on_incident=lambda incident: self.post_message(MemberIncident(member.index))
        )
        member.attention = watcher
        try:
            watcher.start()
        except EngineError:
            pass  # the feed reports the engine's state

    def on_member_incident(self, message: MemberIncident) -> None:
        self._show_title()

    def action_incidents(self) -> None:
        from tui.screens.health.incidents_screen import IncidentsScreen

        watchers = {m.label: m.attention for m in self.members if m.attention is not None}
        self.app.push_screen(IncidentsScreen(watchers))

    # -- table ------------------------------------------------------------------------------

    def _show_title(self) -> None:
        title = Text("Fleet  ")
        for member in self.members:
            title.append(member.label, style="bold")
            count = len(member.containers)
            title.append(f" {member.state if member.state != 'up' else f'{count} containers'}")
            incidents = len(member.attention.incidents) if member.attention is not None else 0
            if incidents:
                title.append(f" {incidents} incident(s)", style="bold red")
            title.append("   ")
        self.query_one("#fleet-title", Static).update(title)

    def _cells(self, member: FleetMember, container: Container) -> tuple[Text, ...]:
        if member.lost:
            return tuple(
                Text(value, style=LOST_STYLE)
                for value in (member.label, container.name, container.image, container.state,
                              container.status)
            )  # fmt: skip
        return (
            Text(member.label, style="bold"),
            Text(container.name),
            Text(container.image),
            Text(container.state, style=STATE_STYLES.get(container.state, "")),
            Text(container.status),
        )

    def _repaint(self, member: FleetMember) -> None:
        table = self.query_one(KeyedTable)
        for container in member.containers.values():
            table.upsert(row_key(member.index, container.id), self._cells(member, container))

    def on_member_listed(self, message: MemberListed) -> None:
        member = self.members[message.index]
        was_lost, member.state = member.lost, "up"
        table = self.query_one(KeyedTable)
        old = set(member.containers)
        member.containers = {c.id: c for c in message.containers}
        for container in message.containers:
            table.upsert(row_key(member.index, container.id), self._cells(member, container))
        for gone in old - set(member.containers):
            table.discard(row_key(member.index, gone))
        if was_lost:
            self._repaint(member)
            self.notify(f"{member.label} is back", title="Fleet", markup=False, timeout=3)
        self._show_title()

    def on_member_changed(self, message: MemberChanged) -> None:
        member = self.members[message.index]
        member.containers[message.container.id] = message.container
        self.query_one(KeyedTable).upsert(
            row_key(member.index, message.container.id), self._cells(member, message.container)
        )
        self._show_title()

    def on_member_gone(self, message: MemberGone) -> None:
        member = self.members[message.index]
        member.containers.pop(message.container_id, None)
        self.query_one(KeyedTable).discard(row_key(member.index, message.container_id))
        self._show_title()

    def on_member_state(self, message: MemberState) -> None:
        member = self.members[message.index]
        was_lost, member.state = member.lost, message.state
        if member.lost != was_lost:
            self._repaint(member)
        self._show_title()

    # -- actions, each through the container's own engine ------------------------------------

    def _selected(self) -> tuple[FleetMember, Container] | None:
        key = self.query_one(KeyedTable).current_key
        if not key:
            return None
        index, _, container_id = key.partition("/")
        member = self.members[int(index)]
        container = member.containers.get(container_id)
        if container is None or member.session is None:
            return None
        return member, container

    def action_start_stop(self) -> None:
        self._act(FleetOps.toggle)

    def action_restart(self) -> None:
        self._act(FleetOps.restart)

    def _act(self, operation) -> None:
        if self.read_only:
            self.notify("read-only mode", title="Fleet", markup=False)
            return
        selected = self._selected()
        if selected is not None:
            self.act_on(operation, *selected)

    @work(thread=True, group="fleet-act")
    def act_on(self, operation, member: FleetMember, container: Container) -> None:
        assert member.session is not None
        try:
            verb = operation(FleetOps(member.session), container)
        except EngineError as error:
            self.app.call_from_thread(
                self.notify, error.message, title=member.label, severity="error", markup=False
            )
        else:
            self.app.call_from_thread(
                self.notify, f"{container.name} {verb}", title=member.label, markup=False
            )
