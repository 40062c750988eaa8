"""Lifecycle actions of the containers pane: run in a worker, report the engine's answer.

Every action applies to a list of containers (the marked rows, else the row under the cursor),
runs them through ``session.containers.act_all`` in one thread worker (the engine layer's small
pool: stop waits up to its timeout), shows "stopping…" in the rows meanwhile, and ends with one
notification of what the engine did and one per error (made safe). A container that vanished
is reported and dropped from the table. This module holds the messages and the words.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from tui.engine.containers.container_events import ContainerUpdate
from tui.engine.containers.containers import ACTIONS, RemovalItem
from tui.engine.containers.ops_bulk import BulkResult
from tui.engine.core.errors import EngineError, NotFound
from tui.engine.core.model import Container

#: Names listed in one notification before "and N more".
MAX_NAMES = 6


class ContainersListed(Message):
    def __init__(self, containers: list[Container]) -> None:
        super().__init__()
        self.containers = containers


class ContainersChanged(Message):
    """A batch of changes from the engine (one per events batch or fresh list)."""

    def __init__(self, updates: list[ContainerUpdate]) -> None:
        super().__init__()
        self.updates = updates


class ActionsDone(Message):
    def __init__(
        self, action: str, done: list[Container], failed: list[tuple[Container, EngineError]]
    ) -> None:
        super().__init__()
        self.action = action
        self.done = done
        self.failed = failed

    @classmethod
    def of(cls, result: BulkResult) -> ActionsDone:
        return cls(result.action, result.done, result.failed)


class ActionFinished(Message):
    """One container of a (bulk) action is done: its row stops showing "stopping…"."""

    def __init__(self, container: Container) -> None:
        super().__init__()
        self.container = container


class RemovalPlanned(Message):
    def __init__(self, action: str, items: list[RemovalItem], error: EngineError | None) -> None:
        super().__init__()
        self.action = action
        self.items = items
        self.error = error


def names(containers: list[Container]) -> str:
    shown = ", ".join(c.name for c in containers[:MAX_NAMES])
    more = len(containers) - MAX_NAMES
    return f"{shown} and {more} more" if more > 0 else shown


def success_text(message: ActionsDone) -> str:
    return f"{ACTIONS[message.action].done} {names(message.done)}"


def failure_text(action: str, container: Container, error: EngineError) -> str:
    if isinstance(error, NotFound):
        return f"{container.name} no longer exists (removed outside dockpit?)"
    return f"could not {action.replace('_', ' ')} {container.name}: {error.message}"


def removal_lines(items: list[RemovalItem], force: bool) -> list[Text]:
    """What the confirmation dialog lists: every container, and what goes with it."""
    lines: list[Text] = []
    for item in items:
        line = Text("• ")
        line.append(item.name, style="bold")
        line.append(f"  {item.id[:12]}  {item.state}")
        if item.gone:
            line.append("  (already gone)", style="dim")
        elif item.state in ("running", "paused", "restarting"):
            line.append(
                "  will be killed first" if force else "  running: the engine will refuse (use D)",
                style="yellow",
            )
        lines.append(line)
        for volume in item.volumes:
            lines.append(Text(f"    volume {volume} (removed)", style="red"))
        for kept in item.kept_volumes:
            lines.append(Text(f"    {kept} (kept)", style="dim"))
    return lines
