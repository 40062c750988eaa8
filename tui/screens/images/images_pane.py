"""The images pane: a live table of images (events-driven) and the keys that act on them."""

from __future__ import annotations

import time
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.event_hub import HubState, Subscription
from tui.engine.core.model import EngineEvent
from tui.engine.core.session import EngineSession
from tui.engine.custom.commands import Row
from tui.engine.custom.fields import image_fields
from tui.engine.images.images import Image, ImageRow, image_rows
from tui.screens.custom.custom_keys import ACTION as CUSTOM_COMMAND
from tui.screens.custom.custom_keys import CustomCommandKeys
from tui.screens.images import image_actions
from tui.screens.shell.app_settings import settings_of
from widgets.images_table import SORTS, ImagesTable, visible_rows
from widgets.typeahead import focus_now, holds_focus, leaves_input, opens_input, typing

#: Container events that change how many containers use an image.
CONTAINER_ACTIONS = frozenset({"create", "destroy"})
#: Seconds between two /system/df calls (it walks every container's and volume's size).
DF_INTERVAL = 30.0
REFRESH_DELAY = 0.25


#: Actions that open an input (priority keys: see ``opens_input``).
OPENS_INPUT = frozenset(
    {
        "filter",
        "pull",
        "push",
        "tag",
        "build",
        "save",
        "load",
        "import_tar",
        "login",
        "logout",
        "search",
    }
)


class ImagesDirty(Message):
    """Something changed on the engine: list again (debounced)."""


class ImagesListed(Message):
    def __init__(self, images: list[Image]) -> None:
        super().__init__()
        self.images = images


class SharedSizes(Message):
    def __init__(self, sizes: dict[str, int]) -> None:
        super().__init__()
        self.sizes = sizes


class ImagesPane(CustomCommandKeys, Widget):
    COMMAND_SCOPE = "images"

    BINDINGS = [
        opens_input("p", "pull", "Pull", id="images.pull"),
        opens_input("u", "push", "Push", id="images.push"),
        opens_input("t", "tag", "Tag", id="images.tag"),
        Binding("d", "remove", "Remove", id="images.remove"),
        Binding("h", "history", "History", id="images.history"),
        Binding("L", "layers", "Layers", id="images.layers"),
        opens_input("b", "build", "Build", id="images.build"),
        opens_input("ctrl+n", "run_new", "Run", id="images.run_new"),
        opens_input("s", "save", "Save", id="images.save"),
        opens_input("l", "load", "Load", id="images.load"),
        opens_input("I", "import_tar", "Import", id="images.import"),
        opens_input("g", "login", "Login", id="images.login"),
        opens_input("G", "logout", "Logout", id="images.logout", show=False),
        opens_input("F", "search", "Registry search", id="images.search"),
        opens_input("slash", "filter", "Filter", id="images.filter"),
        leaves_input("enter", "filter_done", "Apply filter", id="images.filter_done"),
        leaves_input("escape", "filter_cancel", "Close filter", id="images.filter_cancel"),
        Binding("o", "cycle_sort", "Sort", id="images.sort"),
        Binding("n", "toggle_dangling", "Dangling", id="images.dangling", show=False),
        Binding("a", "toggle_intermediate", "All", id="images.intermediate", show=False),
    ]
    DEFAULT_CSS = """
    ImagesPane { height: 1fr; }
    ImagesPane > #images-status { height: 1; color: $text-muted; padding: 0 1; }
    ImagesPane > #images-filter { display: none; height: 3; dock: bottom; }
    ImagesPane > #images-filter.shown { display: block; }
    """

    def __init__(self, session: EngineSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._events: Subscription | None = None
        self._unmounting = False
        self._images: list[Image] = []
        self._shared: dict[str, int] = {}
        self._last_df = 0.0
        self._refresh_timer: Timer | None = None
        self.filter_text = ""
        self.sort = "created"
        self.show_dangling = True
        self.show_intermediate = False
        self.select_after_refresh: str | None = None
        self._watching = False

    def compose(self) -> ComposeResult:
        yield Static("", id="images-status")
        yield ImagesTable(id="images-table")
        # Disabled while hidden: a hidden focusable Input would swallow every key.
        yield Input(
            placeholder="filter images (enter: keep, escape: clear)",
            id="images-filter",
            disabled=True,
        )

    def on_show(self) -> None:
        """Watch the engine from the first time the pane is shown (not while it is hidden)."""
        if not self._watching:
            self._watching = True
            self.watch_engine()

    def on_unmount(self) -> None:
        self._unmounting = True
        if self._events is not None:
            self._events.close()

    # -- engine -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="images-watch")
    def watch_engine(self) -> None:
        """Subscribe (the session's one events stream), then list; list again on changes and
        when the hub is back after the engine went away (events may have been missed)."""

        def changed(event: EngineEvent) -> None:  # on the hub's thread
            if event.type == "image" or event.action in CONTAINER_ACTIONS:
                self.post_message(ImagesDirty())

        def state(hub_state: HubState) -> None:
            if hub_state.kind == "back":
                self.post_message(ImagesDirty())

        try:
            events = self.session.events.subscribe({"type": ["image", "container"]}, changed, state)
            self._events = events
            if self._unmounting:  # gone while the stream was opening: never leave it open
                events.close()
                return
            self.post_message(ImagesListed(self.session.images.list()))
        except EngineError as error:
            self.app.call_from_thread(
                self.notify, error.message, title="Images", severity="error", markup=False
            )

    def on_images_dirty(self, _: ImagesDirty) -> None:
        if self._refresh_timer is None:
            self._refresh_timer = self.set_timer(REFRESH_DELAY, self.refresh_images)

    def refresh_images(self) -> None:
        self._refresh_timer = None
        self.list_worker()

    @work(thread=True, exclusive=True, group="images-list")
    def list_worker(self) -> None:
        try:
            self.post_message(ImagesListed(self.session.images.list()))
        except EngineError as error:
            self.app.call_from_thread(
                self.notify, error.message, title="Images", severity="error", markup=False
            )

    @work(thread=True, exclusive=True, group="images-df")
    def df_worker(self) -> None:
        try:
            self.post_message(SharedSizes(self.session.images.shared_sizes()))
        except EngineError:
            pass  # the shared column just stays unknown

    def on_images_listed(self, message: ImagesListed) -> None:
        self._images = message.images
        self.render_rows()
        if time.monotonic() - self._last_df > DF_INTERVAL:
            self._last_df = time.monotonic()
            self.df_worker()

    def on_shared_sizes(self, message: SharedSizes) -> None:
        self._shared = message.sizes
        self.render_rows()

    # -- view ---------------------------------------------------------------------------

    @property
    def table(self) -> ImagesTable:
        return self.query_one(ImagesTable)

    def render_rows(self) -> None:
        images = [
            replace(i, shared_size=self._shared.get(i.id, i.shared_size)) for i in self._images
        ]
        rows = visible_rows(
            image_rows(images),
            text=self.filter_text,
            show_dangling=self.show_dangling,
            show_intermediate=self.show_intermediate,
            sort=self.sort,
        )
        self.table.show(rows)
        if self.select_after_refresh and self.table.select_image(self.select_after_refresh):
            self.select_after_refresh = None
        self.update_status(len(rows))

    def update_status(self, shown: int) -> None:
        status = Text(f"{len(self._images)} images, {shown} rows shown   sort: {self.sort} (o)   ")
        status.append(f"dangling: {'shown' if self.show_dangling else 'hidden'} (n)   ")
        status.append(f"intermediate: {'shown' if self.show_intermediate else 'hidden'} (a)")
        if self.filter_text:
            status.append("   filter: ")
            status.append(self.filter_text, style="bold")
        self.query_one("#images-status", Static).update(status)

    @property
    def current(self) -> ImageRow | None:
        return self.table.current_row

    def focus_table(self) -> None:
        focus_now(self.table)

    # -- keys ---------------------------------------------------------------------------

    def command_rows(self) -> list[Row]:
        row = self.current
        return [image_fields(row.image.id, row.reference)] if row is not None else []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == CUSTOM_COMMAND:
            return self.custom_command_allowed(parameters) and not typing(self.app)
        if action in OPENS_INPUT and typing(self.app):
            return False  # the key is text for the filter that has the focus
        if action in ("filter_done", "filter_cancel"):
            return holds_focus(self.query_one("#images-filter", Input))
        return not (action in ("remove", "run_new") and settings_of(self).read_only)

    def action_filter(self) -> None:
        box = self.query_one("#images-filter", Input)
        box.disabled = False
        box.add_class("shown")
        focus_now(box)  # keys typed behind the / go to the input

    @on(Input.Changed, "#images-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.render_rows()

    @on(Input.Submitted, "#images-filter")
    def filter_submitted(self, _: Input.Submitted) -> None:
        self.action_filter_done()

    def action_filter_done(self) -> None:
        box = self.query_one("#images-filter", Input)
        if self.filter_text != box.value:
            self.filter_text = box.value
            self.render_rows()
        if not box.value:
            self.hide_filter()
        self.focus_table()

    def action_filter_cancel(self) -> None:
        box = self.query_one("#images-filter", Input)
        box.value = ""
        if self.filter_text:
            self.filter_text = ""
            self.render_rows()
        self.hide_filter()
        self.focus_table()

    def hide_filter(self) -> None:
        box = self.query_one("#images-filter", Input)
        box.remove_class("shown")
        box.disabled = True

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.render_rows()

    def action_toggle_dangling(self) -> None:
        self.show_dangling = not self.show_dangling
        self.render_rows()

    def action_toggle_intermediate(self) -> None:
        self.show_intermediate = not self.show_intermediate
        self.render_rows()

    @on(DataTable.RowSelected, "#images-table")
    def row_selected(self, _: DataTable.RowSelected) -> None:
        self.action_history()

    def action_run_new(self) -> None:
        """The run form, starting from the highlighted image."""
        from tui.screens.containers.run_palette import open_run_form

        row = self.current
        image = "" if row is None else (row.reference if row.image.repo_tags else row.image.id)
        open_run_form(self.app, image=image)

    def action_history(self) -> None:
        image_actions.history(self)

    def action_layers(self) -> None:
        row = self.current
        if row is not None:
            from tui.screens.images.layers_screen import LayersScreen

            self.app.push_screen(LayersScreen(self.session, row.reference, row.image.id))

    def action_pull(self) -> None:
        image_actions.pull(self)

    def action_push(self) -> None:
        image_actions.push(self)

    def action_tag(self) -> None:
        image_actions.tag(self)

    def action_remove(self) -> None:
        image_actions.remove(self)

    def action_build(self) -> None:
        image_actions.build(self)

    def action_save(self) -> None:
        image_actions.save(self)

    def action_load(self) -> None:
        image_actions.load(self)

    def action_import_tar(self) -> None:
        image_actions.import_tar(self)

    def action_login(self) -> None:
        image_actions.login(self)

    def action_logout(self) -> None:
        image_actions.logout(self)

    def action_search(self) -> None:
        image_actions.search(self)
