"""Previews of a selected image, volume, network or swarm service (text, read in a worker).

Each preview shows what the list leaves out: an image's layers and the containers made from
it, a volume's size, mountpoint and users, a network's members with their addresses, a
service's tasks. Engine text is already clean (tui/engine); it is only ever put in Text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import humanize
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.engine.core.errors import EngineError
from tui.engine.core.previews import ImagePreview, User, image_preview, network_members
from tui.engine.core.previews import service_tasks as read_tasks
from tui.engine.core.session import EngineSession
from tui.engine.images.images import ImageRow
from tui.engine.resources.networks import Network
from tui.engine.resources.volumes import Volume
from tui.engine.swarm.swarm_model import Service, Task
from widgets.images_table import created_ago

STATE_STYLE = {"running": "green", "exited": "dim", "created": "dim", "paused": "yellow"}


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _users(title: str, users: list[User]) -> Text:
    text = _heading(f"\n{title} ({len(users)})\n")
    if not users:
        text.append("  none\n", style="dim")
    for user in users:
        text.append(f"  {user.name}")
        text.append(f"  {user.state}", style=STATE_STYLE.get(user.state, ""))
        if user.address:
            text.append(f"  {user.address}")
        text.append("\n")
    return text


def image_text(row: ImageRow, preview: ImagePreview | None) -> Text:
    image = row.image
    text = _heading(row.reference + "\n")
    text.append(f"id {image.short_id}  {humanize.naturalsize(image.size)}")
    text.append(f"  created {created_ago(image.created)}\n", style="dim")
    if preview is None:
        return text.append("\nreading layers...", style="dim")
    text.append_text(_users("Containers using it", preview.users))
    text.append_text(_heading(f"\nLayers ({len(preview.history)})\n"))
    for entry in preview.history:
        text.append(f"  {humanize.naturalsize(entry.size):>9}  ", style="dim")
        text.append(entry.instruction[:200] + "\n")
    return text


def volume_text(volume: Volume) -> Text:
    text = _heading(volume.name + "\n")
    size = humanize.naturalsize(volume.size, binary=True) if volume.size is not None else "?"
    text.append(f"driver {volume.driver}  scope {volume.scope}  size {size}\n")
    text.append("mountpoint ", style="dim")
    text.append(volume.mountpoint + "\n")
    for key, value in sorted(volume.labels.items()):
        text.append(f"  {key}={value}\n", style="dim")
    users = [User(name, "") for name in volume.used_by]
    return text.append_text(_users("Containers using it", users))


def network_text(network: Network, members: list[User] | None) -> Text:
    text = _heading(network.name + "\n")
    text.append(f"driver {network.driver}  scope {network.scope}")
    if network.internal:
        text.append("  internal", style="yellow")
    text.append("\n")
    if network.subnets:
        text.append(f"subnet {' '.join(network.subnets)}")
        text.append(f"  gateway {' '.join(network.gateways) or '-'}\n")
    if members is None:
        return text.append("\nreading members...", style="dim")
    return text.append_text(_users("Connected containers", members))


def service_text(service: Service, tasks: list[Task] | None) -> Text:
    text = _heading(service.name + "\n")
    replicas = "global" if service.desired is None else f"{service.running}/{service.desired}"
    text.append(f"{service.mode}  {replicas}  image {service.image}\n")
    if tasks is None:
        return text.append("\nreading tasks...", style="dim")
    text.append_text(_heading(f"\nTasks ({len(tasks)})\n"))
    for task in sorted(tasks, key=lambda t: (t.slot or 0, t.id)):
        text.append(f"  {service.name}.{task.slot if task.slot is not None else task.node_id[:8]}")
        text.append(f"  {task.state}", style=STATE_STYLE.get(task.state, ""))
        text.append(f" (wants {task.desired_state})", style="dim")
        if task.error:
            text.append(f"  {task.error}", style="red")
        text.append("\n")
    return text


class ResourcePreview(VerticalScroll):
    """A scrollable text preview; ``show_item`` reads what it needs in a worker."""

    DEFAULT_CSS = """
    ResourcePreview { height: 1fr; padding: 0 1; }
    ResourcePreview:focus { background-tint: $foreground 5%; }
    """

    def __init__(self, session: EngineSession, kind: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.kind = kind
        self.current: Any = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Nothing selected.", style="dim"), id="resource-preview-text")

    def _put(self, text: Text) -> None:
        self.query_one("#resource-preview-text", Static).update(text)

    def show_item(self, item: Any) -> None:
        self.current = item
        self.scroll_home(animate=False)
        if item is None:
            self._put(Text("Nothing selected.", style="dim"))
        elif self.kind == "images":
            self._put(image_text(item, None))
            self._read(item, lambda: image_preview(self.session, item.image.id), image_text)
        elif self.kind == "volumes":
            self._put(volume_text(item))
        elif self.kind == "networks":
            self._put(network_text(item, None))
            self._read(item, lambda: network_members(self.session, item.id), network_text)
        elif self.kind == "swarm":
            self._put(service_text(item, None))
            self._read(item, lambda: read_tasks(self.session, item.id), service_text)

    def _read(self, item: Any, job: Callable[[], Any], render: Callable[[Any, Any], Text]) -> None:
        def work() -> None:
            try:
                result = job()
            except EngineError as error:
                self.app.call_from_thread(self._failed, item, error.message)
                return
            self.app.call_from_thread(self._done, item, render(item, result))

        self.run_worker(work, thread=True, exclusive=True, group=f"preview-{self.kind}")

    def _done(self, item: Any, text: Text) -> None:
        if item is self.current and self.is_attached:
            self._put(text)

    def _failed(self, item: Any, message: str) -> None:
        if item is self.current and self.is_attached:
            self._put(Text(message, style="red"))
