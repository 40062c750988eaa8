"""The swarm pane (key 6): services grouped by stack, the tasks of one, and the nodes.

Read through the manager's API, so the same views serve a multi-node swarm. Swarm objects
change without events for tasks, so the pane re-reads on a re-armed timer while it is shown
(timer -> worker -> render -> timer), never overlapping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.engine.core.errors import EngineError, Unsupported
from tui.engine.core.session import EngineSession
from tui.engine.swarm import swarm
from tui.engine.swarm.swarm_model import Node, Service, SwarmState, Task
from tui.screens.shell.app_settings import settings_of
from tui.screens.shell.messages import EngineBack, EngineLost
from widgets.confirm import ConfirmDialog
from widgets.prompt import PromptDialog
from widgets.swarm_tables import NodesTable, ServicesTable, TasksTable
from widgets.typeahead import opens_input

REFRESH_SECONDS = 1.5


@dataclass
class SwarmSnapshot:
    state: SwarmState
    services: list[Service]
    tasks: list[Task]
    nodes: list[Node]


class SwarmRead(Message):
    def __init__(self, snapshot: SwarmSnapshot | None, error: EngineError | None = None) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.error = error


class SwarmPane(Widget):
    DEFAULT_CSS = """
    SwarmPane { height: 1fr; }
    SwarmPane #swarm-help { padding: 1 2; }
    SwarmPane .swarm-title { background: $panel; padding: 0 1; text-style: bold; }
    SwarmPane #services-table { height: 2fr; }
    SwarmPane #tasks-table { height: 1fr; }
    SwarmPane #nodes-table { height: auto; max-height: 10; }
    """

    BINDINGS = [
        opens_input("s", "scale", "Scale", id="swarm.scale"),
        opens_input("u", "update_image", "Update image", id="swarm.update_image"),
        Binding("r", "rolling_restart", "Rolling restart", id="swarm.restart"),
        Binding("b", "rollback", "Roll back", id="swarm.rollback"),
        Binding("d", "remove", "Remove", id="swarm.remove"),
        Binding("l", "logs", "Service logs", id="swarm.logs"),
        Binding("a", "availability('active')", "Activate node", id="swarm.node_activate"),
        Binding("p", "availability('pause')", "Pause node", id="swarm.node_pause"),
        Binding("x", "availability('drain')", "Drain node", id="swarm.node_drain"),
        Binding("m", "demote", "Demote node", id="swarm.node_demote"),
    ]

    def __init__(self, session: EngineSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.snapshot: SwarmSnapshot | None = None
        self.selected_service: str | None = None
        self.engine_lost = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Reading the swarm..."), id="swarm-help")
        with Vertical(id="swarm-views"):
            yield Static("Services", classes="swarm-title", id="services-title")
            yield ServicesTable(id="services-table")
            yield Static("Tasks", classes="swarm-title", id="tasks-title")
            yield TasksTable(id="tasks-table")
            yield Static("Nodes", classes="swarm-title")
            yield NodesTable(id="nodes-table")

    def on_mount(self) -> None:
        self.query_one("#swarm-views").display = False
        self.refresh_swarm()

    # ------------------------------------------------------------------ reading
    @work(thread=True, exclusive=True, group="swarm-read")
    def refresh_swarm(self) -> None:
        ops = self.session.swarm
        try:
            state = ops.state()
            if not state.usable:
                self.post_message(SwarmRead(SwarmSnapshot(state, [], [], [])))
                return
            services = ops.services()
            nodes = ops.nodes()
            ids = [s.id for s in services]
            selected = self.selected_service if self.selected_service in ids else None
            selected = selected or (ids[0] if ids else None)
            tasks = ops.tasks(selected) if selected else []
            self.post_message(SwarmRead(SwarmSnapshot(state, services, tasks, nodes)))
        except EngineError as error:
            self.post_message(SwarmRead(None, error))

    def on_swarm_read(self, message: SwarmRead) -> None:
        if isinstance(message.error, Unsupported):  # podman: no swarm API; say so, stop asking
            engine = f"{self.session.engine_name} {self.session.server_version}".strip()
            self.query_one("#swarm-help", Static).update(Text(f"{engine}: {message.error}."))
            return
        if message.error is not None and not self.engine_lost:
            if self.snapshot is None:
                self.query_one("#swarm-help", Static).update(Text(message.error.message))
            elif self.display:
                self.notify(message.error.message, title="Swarm", severity="error", markup=False)
        elif message.snapshot is not None:
            self.show(message.snapshot)
        if self.is_mounted and not self.engine_lost:  # re-arm once shown: never overlapping
            self.set_timer(REFRESH_SECONDS, self._tick)

    def on_engine_lost(self, message: EngineLost) -> None:
        self.engine_lost = True  # keep the last state; the banner says why

    def on_engine_back(self, message: EngineBack) -> None:
        self.engine_lost = False
        self.refresh_swarm()

    def _tick(self) -> None:
        if self.engine_lost:
            return  # re-armed by EngineBack
        if self.display and self.is_attached:
            self.refresh_swarm()
        else:
            self.set_timer(REFRESH_SECONDS, self._tick)

    def show(self, snapshot: SwarmSnapshot) -> None:
        self.snapshot = snapshot
        help_text = self.query_one("#swarm-help", Static)
        views = self.query_one("#swarm-views")
        if not snapshot.state.usable:
            text = swarm.NOT_IN_SWARM_HELP
            if snapshot.state.local_state == "active":
                text = (
                    "This engine is a swarm worker: connect dockpit to a manager to see the swarm."
                )
            help_text.update(Text(text))
            help_text.display, views.display = True, False
            return
        help_text.display, views.display = False, True
        services = self.query_one(ServicesTable)
        services.show(snapshot.services)
        if self.selected_service not in {s.id for s in snapshot.services}:
            self.selected_service = snapshot.services[0].id if snapshot.services else None
        names = {n.id: n.hostname for n in snapshot.nodes}
        self.query_one(TasksTable).show(snapshot.tasks, names)
        self.query_one(NodesTable).show(snapshot.nodes)
        service = self._service(self.selected_service)
        title = f"Tasks of {service.name}" if service else "Tasks"
        self.query_one("#tasks-title", Static).update(Text(title))
        focused = self.screen.focused
        if self.display and (focused is None or self not in focused.ancestors):
            services.focus()

    def on_data_table_row_highlighted(self, event: ServicesTable.RowHighlighted) -> None:
        if event.data_table.id == "services-table" and event.row_key.value != self.selected_service:
            self.selected_service = event.row_key.value
            self.refresh_swarm()

    # ------------------------------------------------------------------ helpers
    def _service(self, service_id: str | None) -> Service | None:
        if self.snapshot is None or service_id is None:
            return None
        return next((s for s in self.snapshot.services if s.id == service_id), None)

    def _current_service(self) -> Service | None:
        return self._service(self.query_one(ServicesTable).current_key)

    def _current_node(self) -> Node | None:
        key = self.query_one(NodesTable).current_key
        nodes = self.snapshot.nodes if self.snapshot else []
        return next((n for n in nodes if n.id == key), None)

    def _allowed(self) -> bool:
        if settings_of(self).read_only:
            self.notify("Read-only mode: nothing can be changed", severity="warning")
            return False
        return True

    @work(thread=True, group="swarm-change")
    def change(self, done: str, call: Callable[[], None]) -> None:
        """Run one change in a worker; report the engine's answer; re-read."""
        try:
            call()
        except EngineError as error:
            self.app.call_from_thread(
                self.notify, error.message, title="Swarm", severity="error", markup=False
            )
        else:
            self.app.call_from_thread(self.notify, done, title="Swarm", markup=False)
        self.app.call_from_thread(self.refresh_swarm)

    def _ask(self, title: str, lines: list[str], verb: str, then: Callable[[], object]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmDialog(title, [Text(line) for line in lines], verb), answered)

    # ------------------------------------------------------------------ service actions
    def action_scale(self) -> None:
        service = self._current_service()
        if service is None or not self._allowed():
            return
        ops = self.session.swarm

        def answered(text: str | None) -> None:
            if text is None:
                return
            try:
                count = swarm.parse_replicas(text)
            except ValueError as error:
                self.notify(
                    f"{error}: {service.name} left as it was", severity="error", markup=False
                )
                return
            self.change(
                f"scaled {service.name} to {count}",
                lambda: ops.scale(service.id, count),
            )

        current = "" if service.desired is None else str(service.desired)
        self.app.push_screen(PromptDialog(f"Replicas of {service.name}", current), answered)

    def action_update_image(self) -> None:
        service = self._current_service()
        if service is None or not self._allowed():
            return
        ops = self.session.swarm

        def answered(image: str | None) -> None:
            if image:
                self.change(
                    f"updating {service.name} to {image.strip()}",
                    lambda: ops.update_image(service.id, image),
                )

        self.app.push_screen(PromptDialog(f"New image for {service.name}", service.image), answered)

    def action_rolling_restart(self) -> None:
        service = self._current_service()
        if service is None or not self._allowed():
            return
        ops = self.session.swarm
        self._ask(
            f"Restart every task of {service.name}, one after another?",
            [f"{service.name}: {service.replicas_label} tasks will be replaced"],
            "restart",
            lambda: self.change(
                f"rolling restart of {service.name} started",
                lambda: ops.force_restart(service.id),
            ),
        )

    def action_rollback(self) -> None:
        service = self._current_service()
        if service is None or not self._allowed():
            return
        ops = self.session.swarm
        self._ask(
            f"Roll {service.name} back to its previous version?",
            [f"{service.name} (now {service.image})"],
            "roll back",
            lambda: self.change(f"rolling back {service.name}", lambda: ops.rollback(service.id)),
        )

    def action_remove(self) -> None:
        service = self._current_service()
        if service is None or not self._allowed():
            return
        ops = self.session.swarm
        self._ask(
            f"Remove service {service.name}? Its tasks and their containers will be stopped.",
            [f"{service.name}  {service.replicas_label}  {service.image}"],
            "remove",
            lambda: self.change(f"removed {service.name}", lambda: ops.remove_service(service.id)),
        )

    def action_logs(self) -> None:
        service = self._current_service()
        if service is not None:
            from tui.screens.swarm.service_logs import ServiceLogsScreen

            self.app.push_screen(ServiceLogsScreen(self.session, service))

    # ------------------------------------------------------------------ node actions
    def action_availability(self, availability: str) -> None:
        node = self._current_node()
        if node is None or not self._allowed():
            return
        ops = self.session.swarm
        effect = {
            "drain": "its tasks will be moved away (on a single node: stopped)",
            "pause": "no new tasks will be placed on it",
            "active": "it will take tasks again",
        }[availability]
        self._ask(
            f"Set node {node.hostname} to {availability}?",
            [f"{node.hostname} ({node.role}, now {node.availability}): {effect}"],
            availability,
            lambda: self.change(
                f"{node.hostname} is now {availability}",
                lambda: ops.set_availability(node.id, availability),
            ),
        )

    def action_demote(self) -> None:
        node = self._current_node()
        if node is None or not self._allowed():
            return
        ops = self.session.swarm
        self._ask(
            f"Demote {node.hostname} to a worker?",
            [f"{node.hostname} ({node.role})"],
            "demote",
            lambda: self.change(f"{node.hostname} is now a worker", lambda: ops.demote(node.id)),
        )

    def on_data_table_row_selected(self, event: TasksTable.RowSelected) -> None:
        """enter on a task: its container's details, when it runs on the connected node."""
        if event.data_table.id == "services-table":
            self.query_one(TasksTable).focus()
            return
        if event.data_table.id != "tasks-table" or self.snapshot is None:
            return
        task = next((t for t in self.snapshot.tasks if t.id == event.row_key.value), None)
        if task is None:
            return
        if not task.container_id or task.node_id != self.snapshot.state.node_id:
            self.notify("That task's container is not on the connected node", severity="warning")
            return
        self.open_container(task.container_id)

    @work(thread=True, group="swarm-open-container")
    def open_container(self, container_id: str) -> None:
        try:
            container = self.session.swarm.task_container(container_id)
        except EngineError as error:
            self.app.call_from_thread(self.notify, error.message, severity="error", markup=False)
            return
        if container is None:
            self.app.call_from_thread(self.notify, "That container is gone", severity="warning")
            return
        from tui.screens.details.details import ContainerDetailsScreen

        self.app.call_from_thread(
            self.app.push_screen, ContainerDetailsScreen(self.session, container)
        )
