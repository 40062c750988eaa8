"""The containers pane: a live table driven by the engine's events stream."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget

from tui.engine.containers import get_container, list_containers
from tui.engine.errors import EngineError
from tui.engine.events import EventStream
from tui.engine.model import Container
from tui.engine.session import EngineSession
from widgets.containers_table import ContainersTable

#: Container event actions that change what the table shows (exec_*, top, attach... do not).
REFRESH_ACTIONS = frozenset(
    {
        "create", "start", "restart", "die", "stop", "kill", "pause", "unpause",
        "rename", "update", "oom", "health_status",
    }
)  # fmt: skip
REMOVE_ACTIONS = frozenset({"destroy"})


class ContainersListed(Message):
    def __init__(self, containers: list[Container]) -> None:
        super().__init__()
        self.containers = containers


class ContainerChanged(Message):
    def __init__(self, container: Container) -> None:
        super().__init__()
        self.container = container


class ContainerGone(Message):
    def __init__(self, container_id: str) -> None:
        super().__init__()
        self.container_id = container_id


class ContainersPane(Widget):
    DEFAULT_CSS = """
    ContainersPane { height: 1fr; }
    """

    def __init__(self, session: EngineSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._stream: EventStream | None = None

    def compose(self) -> ComposeResult:
        yield ContainersTable(id="containers-table")

    def on_mount(self) -> None:
        self.query_one(ContainersTable).focus()
        self.watch_engine()

    def on_unmount(self) -> None:
        if self._stream is not None:
            self._stream.close()

    @work(thread=True, exclusive=True, group="containers-watch")
    def watch_engine(self) -> None:
        client = self.session.stream_client()
        try:
            stream = EventStream(client, filters={"type": "container"})  # BEFORE listing
            self._stream = stream
            self.post_message(ContainersListed(list_containers(client)))
            for event in stream:
                action = event.action.split(":", 1)[0].strip()
                if action in REMOVE_ACTIONS:
                    self.post_message(ContainerGone(event.actor_id))
                elif action in REFRESH_ACTIONS:
                    container = get_container(client, event.actor_id)
                    if container is None:
                        self.post_message(ContainerGone(event.actor_id))
                    else:
                        self.post_message(ContainerChanged(container))
        except EngineError as error:
            self.app.call_from_thread(
                self.notify, error.message, title="Containers", severity="error", markup=False
            )
        finally:
            self.session.release(client)

    def on_containers_listed(self, message: ContainersListed) -> None:
        self.query_one(ContainersTable).show(message.containers)

    def on_container_changed(self, message: ContainerChanged) -> None:
        self.query_one(ContainersTable).put(message.container)

    def on_container_gone(self, message: ContainerGone) -> None:
        self.query_one(ContainersTable).discard(message.container_id)
