"""The door's operations on compose projects (``session.compose``; see core/door.py).

Projects are found from container labels (plus compose files in folders); actions run the
user's own compose (runner.py); without one, start / stop / restart / remove of a project's
containers still work through the API.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.engine.compose.command_line import (
    CHANGING,
    Compose,
    Options,
    action_argv,
    drifted,
    parse_hashes,
)
from tui.engine.compose.projects import (
    PROJECT,
    ComposeProject,
    merge_projects,
    projects_from_containers,
    projects_in_folders,
)
from tui.engine.compose.runner import (
    INSTALL_HINT,
    ComposeRun,
    ComposeUnavailable,
    Place,
    find_compose,
    place_for,
)
from tui.engine.core.door import Operations
from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.sanitize import clean_text

#: Lifecycle actions that work through the API when no compose is installed.
API_ACTIONS = {"start": "start", "stop": "stop", "restart": "restart", "remove": "force_remove"}


class ComposeOps(Operations):
    """``session.compose``: projects, their actions through compose, drift."""

    configured_command: str | None = None
    _compose: Compose | None = None
    _place: Place | None = None

    @property
    def place(self) -> Place:
        if self._place is None:
            self._place = place_for(self.session.endpoint)
        return self._place

    @property
    def is_remote(self) -> bool:
        return bool(self.place.ssh)

    def command(self) -> Compose:
        """The user's compose (found once per session). Blocking; ComposeUnavailable if none."""
        if self._compose is None:
            self._compose = find_compose(self.place, self.configured_command)
        return self._compose

    def projects(self, folders: Sequence[Path] = ()) -> list[ComposeProject]:
        """Every project the engine knows (stopped ones too), plus those in ``folders``."""
        engine = projects_from_containers(self.session.containers.list(all=True))
        local = [] if self.is_remote else projects_in_folders(folders)
        return merge_projects(engine, local)

    def files_here(self, project: ComposeProject) -> str | None:
        """Why compose cannot run for ``project`` from this machine, or None when it can."""
        if self.place.why_not:
            return self.place.why_not
        if self.is_remote:
            return None  # the files are on the remote host, compose runs there
        if not project.config_files:
            return f"{project.name}: its containers do not say which compose files made them"
        missing = [f for f in project.config_files if not Path(f).is_file()]
        if missing:
            return (
                f"{project.name}: {missing[0]} is not on this machine (the engine is remote: "
                "compose runs where the files are)"
            )
        return None

    def start(
        self,
        project: ComposeProject,
        action: str,
        services: Sequence[str] = (),
        options: Options = Options(),
    ) -> ComposeRun:
        """Start compose ``action`` on ``project``; read it with ``.lines()``. Blocking start."""
        if action in CHANGING:
            self.writable(f"compose {action}")
        why_not = self.files_here(project)
        if why_not:
            raise ComposeUnavailable(why_not)
        argv = action_argv(self.command(), project, action, services, options)
        return ComposeRun(self.place, argv, cwd=project.working_dir or None)

    def drift(self, project: ComposeProject, options: Options = Options()) -> list[str]:
        """Services whose containers no longer match the compose files. Blocking."""
        outcome = self.start(project, "config_hash", options=options).lines()
        if not outcome.ok:
            tail = "; ".join(outcome.lines[-3:]) or "no output"
            raise EngineError(f"compose config failed (exit code {outcome.exit_code}): {tail}")
        return drifted(project, parse_hashes("\n".join(outcome.lines)))

    def down_preview(self, project: ComposeProject) -> tuple[list[str], list[str]]:
        """The volumes and networks `down --volumes` would remove (by the project label)."""
        filters = {"label": [f"{PROJECT}={project.name}"]}
        with engine_call():
            volumes = self.client.api.volumes(filters=filters).get("Volumes") or []
            networks = self.client.api.networks(filters=filters) or []
        return (
            sorted(clean_text(v.get("Name", "")) for v in volumes),
            sorted(clean_text(n.get("Name", "")) for n in networks),
        )

    def api_action(self, project: ComposeProject, action: str, services: Sequence[str] = ()) -> int:
        """start / stop / restart / remove the project's containers through the API (no compose)."""
        if action not in API_ACTIONS:
            raise ComposeUnavailable(f"{action} needs compose: {INSTALL_HINT}")
        self.writable(f"{action} of a project's containers")
        chosen = [s for s in project.services if not services or s.name in services]
        ids = [c.id for s in chosen for c in s.containers]
        if ids:
            self.session.containers.act(API_ACTIONS[action], *ids)
        return len(ids)
