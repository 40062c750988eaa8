"""The lifecycle keys of the containers pane (s r p K d D): base class of ContainersPane.

Each action runs in a thread worker (one pool for a bulk action), shows "stopping…" in its rows,
then one notification with the engine's answer and one per error (made safe). Removals ask
first, listing exactly what goes (an inspect per container, in a worker).
"""

from __future__ import annotations

from textual import work
from textual.widget import Widget

from tui.engine.containers.container_view import is_stopped
from tui.engine.containers.containers import ACTIONS
from tui.engine.core.errors import EngineError, NotFound
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.containers.container_actions import (
    ActionFinished,
    ActionsDone,
    RemovalPlanned,
    failure_text,
    removal_lines,
    success_text,
)
from tui.screens.shell.app_settings import settings_of
from tui.settings import Settings
from widgets.confirm import ConfirmDialog
from widgets.containers_table import ContainersTable


class ContainerLifecycle(Widget):
    session: EngineSession

    @property
    def settings(self) -> Settings:
        return settings_of(self)

    @property
    def table(self) -> ContainersTable:
        return self.query_one(ContainersTable)

    # ---- lifecycle actions ---------------------------------------------------------------

    def _targets(self) -> list[Container]:
        targets = self.table.targets()
        if not targets:
            self.notify("No container selected", severity="warning")
        return targets

    def action_start_stop(self) -> None:
        targets = self._targets()
        if targets and all(is_stopped(c) for c in targets):
            self.run_lifecycle("start", targets)
        elif targets:
            self.run_lifecycle("stop", [c for c in targets if not is_stopped(c)])

    def action_restart(self) -> None:
        self.run_lifecycle("restart", self._targets())

    def action_pause(self) -> None:
        targets = self._targets()
        if targets and all(c.state == "paused" for c in targets):
            self.run_lifecycle("unpause", targets)
        elif targets:
            running = [c for c in targets if c.state == "running"]
            if not running:
                self.notify("Only running containers can be paused", severity="warning")
            self.run_lifecycle("pause", running)

    def action_kill(self) -> None:
        """Kill with a signal chosen from a short menu (SIGKILL first, as `docker kill`)."""
        from tui.screens.containers.kill_dialog import KillDialog

        targets = self._targets()
        if not targets or self.settings.read_only:
            return

        def chosen(signal: str | None) -> None:
            if signal:
                self.run_lifecycle("kill", targets, signal=signal)

        self.app.push_screen(KillDialog(targets), chosen)

    def action_remove(self) -> None:
        self._plan_removal("remove", self._targets())

    def action_force_remove(self) -> None:
        self._plan_removal("force_remove", self._targets())

    def run_lifecycle(
        self, action: str, containers: list[Container], signal: str | None = None
    ) -> None:
        if self.settings.read_only:
            self.notify("Read-only mode: nothing can be changed", severity="warning")
            return
        if not containers:
            return
        spec = ACTIONS[action]
        for container in containers:
            self.table.set_pending(container.id, spec.doing)
        if self.table.marked:
            self.table.clear_marks()
        if spec.slow or len(containers) > 1:
            wait = f" (waits up to {self.settings.stop_timeout} s)" if spec.slow else ""
            what = containers[0].name if len(containers) == 1 else f"{len(containers)} containers"
            self.notify(f"{spec.doing.capitalize()} {what}{wait}…", markup=False, timeout=3)
        self._run_actions(action, containers, signal)

    @work(thread=True, group="containers-actions")
    def _run_actions(
        self, action: str, containers: list[Container], signal: str | None = None
    ) -> None:
        def finished(container: Container) -> None:
            self.post_message(ActionFinished(container))

        try:
            result = self.session.containers.act_all(
                action, containers, self.settings.stop_timeout, finished, signal
            )
        except EngineError as error:  # read-only mode (the keys are off then): all refused
            self.post_message(ActionsDone(action, [], [(c, error) for c in containers]))
        else:
            self.post_message(ActionsDone.of(result))

    def on_action_finished(self, message: ActionFinished) -> None:
        self.table.set_pending(message.container.id, "")

    def on_actions_done(self, message: ActionsDone) -> None:
        for container in message.done:
            self.table.set_pending(container.id, "")
        if message.done:
            self.notify(success_text(message), markup=False)
        for container, error in message.failed:
            self.table.set_pending(container.id, "")
            if isinstance(error, NotFound):
                self.table.drop(container.id)
            self.notify(
                failure_text(message.action, container, error),
                severity="error",
                markup=False,
                timeout=8,
            )

    def _plan_removal(self, action: str, containers: list[Container]) -> None:
        if self.settings.read_only or not containers:
            return
        self._inspect_for_removal(action, containers)

    @work(thread=True, exclusive=True, group="containers-removal-plan")
    def _inspect_for_removal(self, action: str, containers: list[Container]) -> None:
        try:
            items = self.session.containers.removal_plan(containers, action == "force_remove")
        except EngineError as error:
            self.post_message(RemovalPlanned(action, [], error))
        else:
            self.post_message(RemovalPlanned(action, items, None))

    def on_removal_planned(self, message: RemovalPlanned) -> None:
        if message.error is not None:
            self.notify(message.error.message, severity="error", markup=False)
            return
        for item in message.items:
            if item.gone:
                self.table.drop(item.id)
                self.notify(f"{item.name} no longer exists", severity="warning", markup=False)
        present = [item for item in message.items if not item.gone]
        if not present:
            return
        force = message.action == "force_remove"
        count = f"{len(present)} container{'s' if len(present) > 1 else ''}"
        title = f"{'Force remove' if force else 'Remove'} {count}?"
        if force:
            title += " Running ones are killed; their anonymous volumes are removed."
        by_id = {row.id: row.container for row in self.table.known.values()}
        targets = [by_id.get(item.id) or _stub(item.id, item.name) for item in present]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_lifecycle(message.action, targets)

        self.app.push_screen(
            ConfirmDialog(title, removal_lines(present, force), verb="remove"), confirmed
        )


def _stub(container_id: str, name: str) -> Container:
    return Container(id=container_id, name=name, image="", state="", status="")
