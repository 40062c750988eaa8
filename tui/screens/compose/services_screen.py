"""One compose project's services: state, containers, image, drift; act on a service."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.engine.compose.command_line import Options
from tui.engine.compose.projects import ComposeProject
from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.screens.compose.compose_actions import run_action
from widgets.compose_tables import ServicesTable


class ServicesScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape", "back", "Back", id="services.back"),
        Binding("u", "act('up')", "Up", id="services.up"),
        Binding("R", "act('recreate')", "Recreate", id="services.recreate"),
        Binding("r", "act('restart')", "Restart", id="services.restart"),
        Binding("s", "act('stop')", "Stop", id="services.stop"),
        Binding("S", "act('start')", "Start", id="services.start"),
        Binding("l", "logs", "Logs", id="services.logs"),
    ]
    DEFAULT_CSS = """
    ServicesScreen #services-title { height: 1; text-style: bold; padding: 0 1; }
    """

    def __init__(
        self,
        session: EngineSession,
        project: ComposeProject,
        drift: list[str] | str | None,
        options: Options = Options(),
    ) -> None:
        super().__init__()
        self.options = options
        self.session = session
        self.project = project
        self.drift = drift

    def compose(self) -> ComposeResult:
        title = Text(f"Project {self.project.name}", style="bold")
        title.append(f"  {self.project.state}  {self.project.working_dir}", style="dim")
        yield Static(title, id="services-title")
        yield ServicesTable(id="services-table")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one(ServicesTable).focus()

    def _show(self) -> None:
        self.query_one(ServicesTable).show(self.project.services, self.drift)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "act" and self.session.read_only)

    def action_back(self) -> None:
        self.dismiss(None)

    @property
    def current(self) -> str | None:
        return self.query_one(ServicesTable).current_key

    def action_act(self, action: str) -> None:
        service = self.current
        if service is not None:
            run_action(
                self, self.session, self.project, action, [service], done=self.refresh_project
            )

    def refresh_project(self) -> None:
        def work() -> None:
            try:
                projects = self.session.compose.projects()
                found = next((p for p in projects if p.name == self.project.name), None)
                drift = self.session.compose.drift(found) if found else None
            except EngineError as error:
                self.app.call_from_thread(
                    self.notify, error.message, severity="error", markup=False
                )
                return
            if found is not None:
                self.app.call_from_thread(self._update, found, drift)

        self.run_worker(work, thread=True, exclusive=True, group="services-refresh")

    def _update(self, project: ComposeProject, drift: list[str] | None) -> None:
        self.project, self.drift = project, drift
        self._show()

    def action_logs(self) -> None:
        service = self.project.service(self.current or "")
        if service is None or not service.containers:
            return
        from tui.screens.containers.container_entry_points import open_logs

        open_logs(self.app, self.session, list(service.containers))
