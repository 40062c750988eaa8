"""The projects pane (key 8): every compose project the engine knows, and those in folders.

Rows come from container labels (stopped containers too) and compose files in the start
folder and the config's ``[compose] folders``. Drift (containers made from another
configuration than the files now hold) is checked with compose's ``config --hash`` for
projects whose files are reachable, again only when their files or containers changed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding

from tui.engine.compose.command_line import Options
from tui.engine.compose.projects import ComposeProject
from tui.engine.core.errors import EngineError
from tui.engine.core.model import EngineEvent
from tui.screens.compose.compose_actions import run_action
from tui.screens.shell.app_settings import settings_of
from tui.screens.shell.watched_pane import Loaded, WatchedPane
from widgets.compose_tables import ProjectsTable

CHANGING = frozenset(
    {
        "up",
        "up_build",
        "recreate",
        "down",
        "down_volumes",
        "stop",
        "start",
        "restart",
        "pull",
        "build",
    }  # fmt: skip
)


def drift_key(project: ComposeProject) -> tuple[Any, ...]:
    """What drift depends on: the files (and their times) and the containers' hashes."""
    stamps: list[tuple[str, int | None]] = []
    for name in project.config_files:
        try:
            stamps.append((name, os.stat(name).st_mtime_ns))
        except OSError:
            stamps.append((name, None))
    return (tuple(stamps), tuple((s.name, s.config_hash) for s in project.services))


class DriftChecked(Loaded):
    """Drift of some projects: {project: drifted services | why it could not be checked}."""


class ProjectsPane(WatchedPane):
    TITLE = "Projects"
    EVENT_FILTERS = {"type": ["container"]}
    BINDINGS = [
        Binding("enter", "services", "Services", id="projects.services"),
        Binding("u", "act('up')", "Up", id="projects.up"),
        Binding("U", "act('up_build')", "Up + build", id="projects.up_build"),
        Binding("R", "act('recreate')", "Recreate", id="projects.recreate"),
        Binding("d", "act('down')", "Down", id="projects.down"),
        Binding("D", "act('down_volumes')", "Down + volumes", id="projects.down_volumes"),
        Binding("s", "act('stop')", "Stop", id="projects.stop"),
        Binding("S", "act('start')", "Start", id="projects.start"),
        Binding("r", "act('restart')", "Restart", id="projects.restart"),
        Binding("p", "act('pull')", "Pull", id="projects.pull", show=False),
        Binding("b", "act('build')", "Build", id="projects.build", show=False),
        Binding("l", "logs", "Logs", id="projects.logs"),
        Binding("x", "recheck", "Check drift", id="projects.drift", show=False),
        Binding("o", "options", "Profiles / env file", id="projects.options", show=False),
    ]

    def __init__(self, session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.projects: dict[str, ComposeProject] = {}
        self.drift: dict[str, list[str] | str] = {}
        self._drift_keys: dict[str, tuple[Any, ...]] = {}
        self.options: dict[str, Options] = {}  # per project: profiles and env file chosen (o)

    def compose(self) -> ComposeResult:
        yield ProjectsTable(id="projects-table")

    def on_mount(self) -> None:
        self.session.compose.configured_command = settings_of(self).compose_command

    @property
    def folders(self) -> list[Path]:
        extra = [Path(f).expanduser() for f in settings_of(self).compose_folders]
        return [Path.cwd(), *extra]

    def relevant(self, event: EngineEvent) -> bool:
        return event.action in ("create", "destroy", "start", "die", "pause", "unpause", "rename")

    def fetch(self) -> list[ComposeProject]:
        return self.session.compose.projects(self.folders)

    def show(self, data: list[ComposeProject]) -> None:
        self.projects = {p.name: p for p in data}
        self._table.show(data, self.drift)
        self._check_drift([p for p in data if self._drift_keys.get(p.name) != drift_key(p)])

    @property
    def _table(self) -> ProjectsTable:
        return self.query_one(ProjectsTable)

    def _check_drift(self, projects: list[ComposeProject]) -> None:
        if not projects:
            return
        for project in projects:
            self._drift_keys[project.name] = drift_key(project)

        def work() -> None:
            found: dict[str, list[str] | str] = {}
            for project in projects:
                if not project.services:
                    found[project.name] = "-"
                    continue
                why_not = self.session.compose.files_here(project)
                if why_not:
                    found[project.name] = "files not here"
                    continue
                try:
                    found[project.name] = self.session.compose.drift(project)
                except EngineError:
                    found[project.name] = "cannot check"
            self.post_message(DriftChecked(found))

        self.run_worker(work, thread=True, exclusive=True, group=f"{self.id}-drift")

    def on_drift_checked(self, message: DriftChecked) -> None:
        message.stop()
        self.drift.update(message.data)
        self._table.show(self.projects.values(), self.drift)

    @property
    def current(self) -> ComposeProject | None:
        key = self._table.current_key
        return self.projects.get(key) if key else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "act" and self.read_only)

    def action_act(self, action: str) -> None:
        project = self.current
        if project is None:
            return
        options = self.options.get(project.name, Options())
        run_action(self, self.session, project, action, done=self.action_recheck, options=options)

    def action_recheck(self) -> None:
        self._drift_keys.clear()
        self.reload()

    def action_services(self) -> None:
        project = self.current
        if project is None:
            return
        from tui.screens.compose.services_screen import ServicesScreen

        options = self.options.get(project.name, Options())
        self.app.push_screen(
            ServicesScreen(self.session, project, self.drift.get(project.name), options)
        )

    def action_options(self) -> None:
        """Choose the profiles and env file the project's compose commands use."""
        project = self.current
        if project is None:
            return
        from widgets.prompt import PromptDialog

        now = self.options.get(project.name, Options())

        def got_profiles(profiles: str | None) -> None:
            if profiles is None:
                return
            chosen = tuple(p.strip() for p in profiles.split(",") if p.strip())

            def got_env(env_file: str | None) -> None:
                if env_file is None:
                    return
                self.options[project.name] = Options(chosen, env_file.strip() or None)
                self.notify(f"{project.name}: profiles {', '.join(chosen) or 'none'}, env file "
                            f"{env_file.strip() or 'the project default'}", markup=False)  # fmt: skip

            default_env = now.env_file or (project.env_files[0] if project.env_files else "")
            self.app.push_screen(
                PromptDialog(f"{project.name}: env file (empty: the project's own)", default_env),
                got_env,
            )

        self.app.push_screen(
            PromptDialog(f"{project.name}: profiles (comma-separated)", ", ".join(now.profiles)),
            got_profiles,
        )

    def on_data_table_row_selected(self, event: ProjectsTable.RowSelected) -> None:
        event.stop()
        self.action_services()

    def action_logs(self) -> None:
        project = self.current
        if project is None or not project.containers:
            return
        from tui.screens.containers.container_entry_points import open_logs

        open_logs(self.app, self.session, list(project.containers))
