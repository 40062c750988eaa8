"""Tables of the swarm pane: services (grouped by stack), tasks of a service, nodes."""

from __future__ import annotations

from datetime import datetime, timezone

import humanize
from rich.text import Text

from tui.engine.swarm.swarm_model import Node, Service, Task
from widgets.keyed_table import Cell, KeyedTable

TASK_STATE_STYLES = {
    "running": "bold green",
    "failed": "bold red",
    "rejected": "bold red",
    "shutdown": "dim",
    "complete": "dim",
    "preparing": "cyan",
    "starting": "cyan",
    "pending": "yellow",
}


def _ago(when: datetime | None) -> str:
    if when is None:
        return ""
    return humanize.naturaltime(datetime.now(timezone.utc) - when)


class ServicesTable(KeyedTable):
    COLUMNS = [
        ("stack", "Stack"),
        ("name", "Service"),
        ("mode", "Mode"),
        ("replicas", "Replicas"),
        ("image", "Image"),
        ("ports", "Ports"),
        ("update", "Update"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(self.COLUMNS, **kwargs)

    @staticmethod
    def cells(service: Service) -> tuple[Cell, ...]:
        full = service.desired is not None and service.running >= service.desired
        return (
            Text(service.stack or "-", style="dim" if not service.stack else ""),
            Text(service.name, style="bold"),
            Text(service.mode),
            Text(service.replicas_label, style="green" if full else "yellow"),
            Text(service.image),
            Text(service.ports),
            Text(service.update_state.replace("_", " ")),
        )

    def show(self, services: list[Service]) -> None:
        self.sync((s.id, self.cells(s)) for s in services)


class TasksTable(KeyedTable):
    COLUMNS = [
        ("slot", "Slot"),
        ("node", "Node"),
        ("desired", "Desired"),
        ("state", "Current"),
        ("error", "Error"),
        ("age", "Since"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(self.COLUMNS, **kwargs)

    def show(self, tasks: list[Task], node_names: dict[str, str]) -> None:
        ordered = sorted(tasks, key=lambda t: (t.slot or 0, t.desired_state != "running"))
        self.sync(
            (
                t.id,
                (
                    Text(str(t.slot) if t.slot is not None else "-"),
                    Text(node_names.get(t.node_id, t.node_id[:12])),
                    Text(t.desired_state),
                    Text(t.state, style=TASK_STATE_STYLES.get(t.state, "")),
                    Text(t.error, style="red"),
                    Text(_ago(t.updated)),
                ),
            )
            for t in ordered
        )


class NodesTable(KeyedTable):
    COLUMNS = [
        ("hostname", "Node"),
        ("role", "Role"),
        ("availability", "Availability"),
        ("state", "State"),
        ("engine", "Engine"),
        ("cpus", "CPUs"),
        ("memory", "Memory"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(self.COLUMNS, **kwargs)

    def show(self, nodes: list[Node]) -> None:
        self.sync(
            (
                n.id,
                (
                    Text(n.hostname + (" (leader)" if n.leader else ""), style="bold"),
                    Text(n.role),
                    Text(n.availability, style="" if n.availability == "active" else "yellow"),
                    Text(n.state, style="green" if n.state == "ready" else "red"),
                    Text(n.engine_version),
                    Text(f"{n.cpus:g}"),
                    Text(humanize.naturalsize(n.memory, binary=True)),
                ),
            )
            for n in nodes
        )
