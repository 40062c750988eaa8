"""Newer images for running containers: checked at start and then rarely ([updates]
check_minutes), marked ⬆ in the Image cell; ``u`` pulls and recreates (compose services
through compose). A re-armed timer, never an interval: one check at a time."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.widget import Widget

from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.engine.images.updates import ImageUpdate
from tui.screens.shell.app_settings import settings_of
from widgets.containers_table import ContainersTable

FIRST_CHECK_SECONDS = 3.0  # after start: the list first, the registries after


class UpdatesChecked(Message):
    def __init__(self, answers: list[ImageUpdate]) -> None:
        super().__init__()
        self.answers = answers


class UpdateDone(Message):
    def __init__(self, text: str, error: bool) -> None:
        super().__init__()
        self.text = text
        self.error = error


class ImageUpdates(Widget):
    """Mix into the containers pane (it has ``session`` and ``table``)."""

    session: EngineSession
    image_updates: dict[str, ImageUpdate]

    @property
    def table(self) -> ContainersTable:
        return self.query_one(ContainersTable)

    @on(events.Mount)
    def _arm_update_check(self) -> None:
        self.image_updates = {}
        if settings_of(self.app).update_check_minutes > 0:
            self.set_timer(FIRST_CHECK_SECONDS, self.check_image_updates)

    def check_image_updates(self) -> None:
        running = [r.container for r in self.table.known.values() if r.container.state == "running"]

        def work() -> None:
            try:
                answers = self.session.containers.image_updates(running)
            except EngineError:
                answers = []
            self.post_message(UpdatesChecked(answers))

        self.run_worker(work, thread=True, exclusive=True, group="containers-image-updates")

    def on_updates_checked(self, message: UpdatesChecked) -> None:
        self.image_updates = {a.container_id: a for a in message.answers}
        self.table.set_updates({a.container_id for a in message.answers if a.available})
        minutes = settings_of(self.app).update_check_minutes
        if minutes > 0:
            self.set_timer(minutes * 60, self.check_image_updates)

    def action_update_image(self) -> None:
        container = self.table.current_container()
        if container is None:
            return
        from widgets.confirm import ConfirmDialog

        known = self.image_updates.get(container.id)
        reference = known.reference if known is not None else container.image
        if known is not None and known.available:
            what = Text(f"{reference} has a newer image ({known.remote[:19]}).")
        elif known is not None and known.error:
            what = Text(f"{reference}: {known.error}; pull it anyway.")
        else:
            what = Text(f"No newer image of {reference} is known; pull it anyway.")
        lines: list[Text | str] = [
            what,
            Text(f"{container.name} will be pulled and recreated on it (its volumes kept)."),
        ]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._pull_and_recreate(container)

        self.app.push_screen(ConfirmDialog(f"Update {container.name}?", lines, "update"), confirmed)

    def _pull_and_recreate(self, container: Container) -> None:
        self.notify(f"updating {container.name}...", title="Update", markup=False)

        def work() -> None:
            try:
                text = self.session.containers.pull_and_recreate(container)
            except EngineError as error:
                self.post_message(UpdateDone(f"{container.name}: {error.message}", True))
            else:
                self.post_message(UpdateDone(text, False))

        self.run_worker(work, thread=True, exclusive=True, group=f"update-image-{container.id}")

    def on_update_done(self, message: UpdateDone) -> None:
        self.notify(
            message.text,
            title="Update",
            severity="error" if message.error else "information",
            markup=False,
        )
        if not message.error:
            self.check_image_updates()
