"""Browse a volume's files: the files browser on a container that mounts the volume, or on
a short-lived helper container (removed when the screen closes)."""

from __future__ import annotations

import threading

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from tui.engine.containers.files_volume import (
    DEFAULT_HELPER_IMAGE,
    VolumeView,
)
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.details.files_tab import FilesTab
from tui.screens.shell.app_settings import settings_of
from widgets.footer import KeysFooter


class VolumeFilesScreen(Screen[None]):
    BINDINGS = [Binding("q,escape", "app.pop_screen", "Back", id="volume_files.back")]
    DEFAULT_CSS = "VolumeFilesScreen #volume-title { height: 1; padding: 0 1; background: $panel; }"

    def __init__(self, session: EngineSession, view: VolumeView) -> None:
        super().__init__()
        self.session = session
        self.view = view

    def compose(self) -> ComposeResult:
        yield Static(Text(self.view.describe()), id="volume-title")
        state = "running" if self.view.running else "created"
        container = Container(
            self.view.container_id, self.view.container_name, image="", state=state, status=""
        )
        yield FilesTab(self.session, container, root=self.view.root, id="files-tab")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(lambda: self.query_one("#files-tree").focus())

    def on_unmount(self) -> None:
        session, view = self.session, self.view
        if view.is_helper:  # not a daemon: quitting waits the moment its removal takes
            threading.Thread(
                target=session.volumes.close_files, args=(view,), name="files-helper"
            ).start()


def browse_volume(app: App, session: EngineSession, volume: str) -> None:
    """Open the files of ``volume`` (from the volumes pane): find or make a container first."""
    image = settings_of(app).files_helper_image

    def work() -> None:
        try:
            view = session.volumes.open_files(volume, image)
        except EngineError as error:
            app.call_from_thread(
                app.notify, error.message, title="Volume files", severity="error", markup=False
            )
            return
        app.call_from_thread(app.notify, view.describe(), title="Volume files", markup=False)
        app.call_from_thread(app.push_screen, VolumeFilesScreen(session, view))

    app.notify(
        f"opening volume {volume}: through a container that mounts it, else a helper"
        f" container from {image or DEFAULT_HELPER_IMAGE}",
        title="Volume files",
        markup=False,
    )
    app.run_worker(work, thread=True, exclusive=True, group="volume-files")
