"""The volumes pane: name, driver, size, the containers using it; create, inspect, remove."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from tui.engine.core.model import EngineEvent
from tui.engine.core.session import EngineSession
from tui.engine.resources.disk_usage import human_size
from tui.engine.resources.prune import PruneKind
from tui.engine.resources.volumes import Volume, parse_labels
from tui.screens.resources.prune_screen import PruneScreen
from tui.screens.resources.resource_dialogs import FormModal, InspectModal
from tui.screens.shell.watched_pane import WatchedPane
from widgets.confirm import ConfirmDialog
from widgets.resource_tables import VolumesTable
from widgets.typeahead import opens_input

#: Sizes come from /system/df, which walks every volume: not more often than this (seconds).
SIZE_INTERVAL = 15.0
DESTRUCTIVE = frozenset({"prune", "create", "remove"})


class VolumesPane(WatchedPane):
    TITLE = "Volumes"
    EVENT_FILTERS = {"type": ["volume", "container"]}
    BINDINGS = [
        opens_input("n", "create", "New volume", id="volumes.create"),
        Binding("d", "remove", "Remove", id="volumes.remove"),
        Binding("P", "prune", "Prune volumes", id="volumes.prune"),
        Binding("i", "inspect", "Inspect", id="volumes.inspect"),
        Binding("r", "refresh", "Refresh sizes", id="volumes.refresh"),
        Binding("f", "browse_files", "Files", id="volumes.files"),
    ]

    def __init__(self, session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self._sizes: dict[str, int] = {}
        self._sizes_at = 0.0
        self._force_sizes = True
        self.volumes: dict[str, Volume] = {}

    def compose(self) -> ComposeResult:
        yield VolumesTable(id="volumes-table")

    def relevant(self, event: EngineEvent) -> bool:
        if event.type == "volume":
            return event.action in ("create", "destroy")
        return event.action in ("create", "destroy", "rename")

    def fetch(self) -> list[Volume]:
        stale = time.monotonic() - self._sizes_at > SIZE_INTERVAL
        if self._force_sizes or stale:
            self._force_sizes = False
            self._sizes = self.session.system.disk_usage().volume_sizes()
            self._sizes_at = time.monotonic()
        return self.session.volumes.list(self._sizes)

    def show(self, data: list[Volume]) -> None:
        self.volumes = {v.name: v for v in data}
        self.query_one(VolumesTable).show(sorted(data, key=lambda v: v.name))

    @property
    def current(self) -> Volume | None:
        key = self.query_one(VolumesTable).current_key
        return self.volumes.get(key) if key else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in DESTRUCTIVE and self.read_only)

    def action_refresh(self) -> None:
        self._force_sizes = True
        self.reload()

    def action_prune(self) -> None:
        """The prune menu, opened on volumes: the list and the sizes come before any ``y``."""
        self.app.push_screen(PruneScreen(self.session, highlight=PruneKind.VOLUMES_ANONYMOUS))

    def action_create(self) -> None:
        def submit(session: EngineSession, values: dict[str, str]) -> str:
            labels = parse_labels(values["labels"])
            volume = session.volumes.create(values["name"], values["driver"], labels)
            return volume.name

        form = FormModal(
            self.session,
            "New volume",
            [
                ("name", "Name (empty: the engine picks one)", ""),
                ("driver", "Driver", "local"),
                ("labels", "Labels (key=value, ...)", ""),
            ],
            submit,
        )

        def made(name: str | None) -> None:
            if name:
                self._force_sizes = True
                self.notify(f"Created volume {name}", title="Volumes", markup=False)

        self.app.push_screen(form, made)

    def on_data_table_row_selected(self, event: VolumesTable.RowSelected) -> None:
        event.stop()
        self.action_inspect()

    def action_inspect(self) -> None:
        volume = self.current
        if volume is None:
            return
        self.run_engine(
            "inspect",
            lambda session: session.volumes.inspect(volume.name),
            lambda data: self.app.push_screen(InspectModal(f"Volume {volume.name}", data)),
        )

    def action_remove(self) -> None:
        volume = self.current
        if volume is None:
            return
        if volume.used_by:
            self.notify(
                f"volume {volume.name} is in use by {', '.join(volume.used_by)}",
                title="Not removed",
                severity="error",
                markup=False,
            )
            return
        question = Text("Remove volume ")
        question.append(volume.name, style="bold")
        question.append("?\nIts data is lost for good")
        if volume.size is not None:
            question.append(f" ({human_size(volume.size)})")
        question.append(".")

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_engine(
                    "remove",
                    lambda session: session.volumes.remove(volume.name),
                    lambda _: self.notify(
                        f"Removed volume {volume.name}", title="Volumes", markup=False
                    ),
                )

        self.app.push_screen(ConfirmDialog("Remove volume?", [question], "remove"), answered)

    def action_browse_files(self) -> None:
        """Browse the selected volume's files (through a container that mounts it, or a
        helper container from the configured image)."""
        from tui.screens.details.files_volume import browse_volume

        if self.current is not None:
            browse_volume(self.app, self.session, self.current.name)
