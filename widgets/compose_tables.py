"""Tables of compose projects and of one project's services: cells as Text, keyed by name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.text import Text

from tui.engine.compose.projects import ComposeProject, ComposeService
from widgets.keyed_table import Cell, KeyedTable

PROJECT_COLUMNS = [
    ("project", "Project"),
    ("state", "State"),
    ("services", "Services"),
    ("folder", "Folder"),
    ("drift", "Drift"),
]
SERVICE_COLUMNS = [
    ("service", "Service"),
    ("state", "State"),
    ("containers", "Containers"),
    ("image", "Image"),
    ("drift", "Drift"),
]


def state_cell(running: int, total: int, text: str) -> Text:
    if total == 0:
        return Text(text, style="dim")
    if running == total:
        return Text(text, style="green")
    return Text(text, style="yellow" if running else "red")


def drift_cell(drift: list[str] | str | None) -> Text:
    """None: not checked; a str: why it cannot be; a list: the drifted services (empty: none)."""
    if drift is None:
        return Text("…", style="dim")
    if isinstance(drift, str):
        return Text(drift, style="dim")
    if not drift:
        return Text("in sync", style="dim")
    return Text("changed: " + ", ".join(drift), style="bold yellow")


def project_cells(project: ComposeProject, drift: list[str] | str | None) -> tuple[Cell, ...]:
    names = [s.name for s in project.services]
    services = ", ".join(names[:5]) + (f" +{len(names) - 5}" if len(names) > 5 else "")
    folder = project.working_dir
    if len(folder) > 48:
        folder = "…" + folder[-47:]
    return (
        Text(project.name, style="bold" if project.running else ""),
        state_cell(project.running, project.total, project.state),
        Text(services or "-", style="" if names else "dim"),
        Text(folder or "?", style="dim"),
        drift_cell(drift),
    )


def service_cells(service: ComposeService, drifted: bool | None) -> tuple[Cell, ...]:
    total = len(service.containers)
    text = f"{service.running}/{total} running" if total else "not created"
    images = sorted({c.image for c in service.containers})
    return (
        Text(service.name, style="bold"),
        state_cell(service.running, total, text),
        Text(", ".join(c.name for c in service.containers) or "-"),
        Text(", ".join(images) or "-", style="dim"),
        Text("…", style="dim")
        if drifted is None
        else Text("changed", style="bold yellow")
        if drifted
        else Text("in sync", style="dim"),
    )


class ProjectsTable(KeyedTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(PROJECT_COLUMNS, **kwargs)

    def show(
        self, projects: Iterable[ComposeProject], drift: Mapping[str, list[str] | str]
    ) -> None:
        self.sync((p.name, project_cells(p, drift.get(p.name))) for p in projects)


class ServicesTable(KeyedTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(SERVICE_COLUMNS, **kwargs)

    def show(self, services: Iterable[ComposeService], drift: list[str] | str | None) -> None:
        def drifted(name: str) -> bool | None:
            return None if drift is None or isinstance(drift, str) else name in drift

        self.sync((s.name, service_cells(s, drifted(s.name))) for s in services)
