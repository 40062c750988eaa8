"""The dashboard: the pane bar, the current pane's list and a preview of its selection.

Side by side from ``SIDE_COLUMNS`` columns, stacked (list above previews) from
``STACK_COLUMNS``, the list alone below that or below ``MIN_ROWS`` rows; the config file's
[layout] section chooses the mode, the split and where the previews go. The previews follow
the list's cursor once it rests (``REST_SECONDS``): holding a key down opens no stream.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.previews import object_counts
from tui.engine.core.session import EngineSession
from tui.screens.dashboard.pane_bar import PaneBar
from tui.screens.dashboard.selection import PREVIEWED, count_of, selection_of, selection_token
from tui.screens.shell.app_settings import settings_of
from tui.settings import Settings
from widgets.textual_compat import app_exiting
from widgets.typeahead import focus_now, typing

SIDE_COLUMNS = 120
STACK_COLUMNS = 80
MIN_ROWS = 24
REST_SECONDS = 0.15
TICK_SECONDS = 1.0
#: The tick catches selections that change without a cursor move (first rows, a state), not
#: keys still arriving: it leaves the selection alone this long after a move.
SETTLED_SECONDS = 0.5
SPLIT_STEP = 0.05


def size_class(width: int, height: int, settings: Settings) -> str:
    """ "side", "stacked" or "list" for a terminal of this size and the [layout] settings."""
    if settings.layout_mode == "list" or width < STACK_COLUMNS or height < MIN_ROWS:
        return "list"
    at = settings.layout_previews_at
    if at == "bottom" or width < SIDE_COLUMNS:
        return "stacked"
    return "side"


class Dashboard(Container):
    DEFAULT_CSS = """
    Dashboard { height: 1fr; }
    Dashboard > #dash-main { height: 1fr; layout: horizontal; }
    Dashboard.-stacked > #dash-main { layout: vertical; }
    Dashboard #panes { height: 1fr; }
    Dashboard #previews { border-left: vkey $foreground 20%; }
    Dashboard.-stacked #previews { border-left: none; border-top: hkey $foreground 20%; }
    Dashboard.-list #previews, Dashboard.-no-preview #previews,
    Dashboard.-zoom-list #previews { display: none; }
    Dashboard.-zoom-preview #panes { display: none; }
    Dashboard.-zoom-preview #previews { border-left: none; border-top: none; }
    Dashboard .-zoom-logs #preview-stats { display: none; }
    Dashboard.-stacked ContainerPreview { layout: horizontal; }
    Dashboard.-stacked ContainerPreview > * { width: 1fr; height: 1fr; }
    Dashboard #preview-empty-engine { height: 1fr; content-align: center middle; padding: 1 2; }
    """
    BINDINGS = [
        Binding("tab", "cycle_focus(1)", "Next region", show=False, id="dashboard.next_region"),
        Binding(
            "shift+tab", "cycle_focus(-1)", "Prev region", show=False, id="dashboard.prev_region"
        ),
        Binding("z", "zoom", "Zoom", id="dashboard.zoom"),
        Binding("less_than_sign", "split(-1)", "Narrower list", show=False, id="dashboard.narrow"),
        Binding("greater_than_sign", "split(1)", "Wider list", show=False, id="dashboard.widen"),
        Binding("R", "run_new", "Run new container", show=False, id="dashboard.run"),
    ]

    def __init__(self, session: EngineSession, switcher: ContentSwitcher, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.switcher = switcher
        self.size_class = ""
        self.zoomed = ""  # "", "list" or "preview"
        self._rest: Any = None
        self._shown: dict[str, Any] = {}  # pane id -> token of the item its preview shows
        self._engine_counts: dict[str, int] = {}
        self._last_containers: tuple[int, int] | None = None
        self._moved_at = 0.0

    @property
    def settings(self) -> Settings:
        return settings_of(self)

    def compose(self) -> ComposeResult:
        yield PaneBar(id="pane-bar")
        with Container(id="dash-main"):
            yield self.switcher
            yield ContentSwitcher(id="previews")

    def on_mount(self) -> None:
        self.set_class(True, "-no-preview")
        self.relayout()
        current = self.switcher.current or "containers"
        self.query_one(PaneBar).set_state(current=current)
        # The previews (their imports, streams) come after the list's first paint.
        self.call_after_refresh(self._first_previews)
        self.set_interval(TICK_SECONDS, self.tick)

    async def _first_previews(self) -> None:
        if self.is_attached and not app_exiting(self.app):
            await self.pane_shown(self.switcher.current or "containers")
            self.tick()

    # ---- layout --------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.relayout()

    def relayout(self) -> None:
        if not self.query("#previews"):
            return  # a resize before the children are mounted: on_mount lays out
        size = self.app.size
        wanted = size_class(size.width, size.height, self.settings)
        if wanted != self.size_class:
            for name in ("side", "stacked", "list"):
                self.set_class(name == wanted, f"-{name}")
            self.size_class = wanted
            if wanted == "list" and self.zoomed == "preview":
                self._set_zoom("")
            focused = self.screen.focused
            previews = self.query_one("#previews")
            if wanted == "list" and focused is not None and previews in focused.ancestors:
                self._focus_region(0)  # the previews went: the keys go to the list
        self._apply_split()

    def _apply_split(self) -> None:
        panes, previews = self.switcher, self.query_one("#previews")
        share = round(self.settings.layout_split * 100)
        if self.size_class == "side":
            panes.styles.width, previews.styles.width = f"{share}fr", f"{100 - share}fr"
            panes.styles.height = previews.styles.height = "1fr"
        elif self.size_class == "stacked":
            panes.styles.height, previews.styles.height = f"{share}fr", f"{100 - share}fr"
            panes.styles.width = previews.styles.width = "1fr"
        else:
            panes.styles.width = panes.styles.height = "1fr"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("zoom", "split", "run_new") and typing(self.app):
            return False
        if action == "run_new":
            return not self.settings.read_only
        return True

    def action_split(self, direction: int) -> None:
        settings = self.settings
        value = settings.layout_split + direction * SPLIT_STEP
        settings.layout_split = round(min(0.8, max(0.2, value)), 2)
        self._apply_split()

    def action_zoom(self) -> None:
        if self.zoomed:
            self._set_zoom("")
            return
        focused = self.screen.focused
        previews = self.query_one("#previews")
        in_preview = focused is not None and previews in focused.ancestors
        if in_preview and previews.display:
            self._set_zoom("preview")
        else:
            self._set_zoom("list")

    def _set_zoom(self, zoom: str) -> None:
        self.zoomed = zoom
        self.set_class(zoom == "list", "-zoom-list")
        self.set_class(zoom == "preview", "-zoom-preview")
        focused = self.screen.focused
        for preview in self.query("ContainerPreview"):
            logs_focused = focused is not None and preview in focused.ancestors
            preview.set_class(zoom == "preview" and logs_focused, "-zoom-logs")
        if not zoom and focused is None:
            self._focus_region(0)

    def action_run_new(self) -> None:
        from tui.screens.containers.run_palette import open_run_form

        open_run_form(self.app)

    # ---- focus between regions -----------------------------------------------------------

    def _regions(self) -> list[Widget]:
        regions: list[Widget] = []
        pane = self.current_pane()
        if pane is not None and pane.display and self.zoomed != "preview":
            regions.append(pane)
        previews = self.query_one("#previews", ContentSwitcher)
        if previews.display and previews.current and self.zoomed != "list":
            preview = previews.get_child_by_id(previews.current)
            regions += [w for w in preview.query("LogView, ResourcePreview") if w.display]
        return regions

    def _focus_region(self, index: int) -> None:
        regions = self._regions()
        if not regions:
            return
        region = regions[index % len(regions)]
        if region.can_focus:
            focus_now(region)
            return
        tables: list[Widget] = [w for w in region.query(DataTable) if w.display]
        targets = tables or [w for w in region.query("*") if w.can_focus and w.display]
        if targets:
            focus_now(targets[0])

    def action_cycle_focus(self, step: int) -> None:
        regions = self._regions()
        focused = self.screen.focused
        here = next(
            (
                i
                for i, r in enumerate(regions)
                if focused is not None and (focused is r or r in focused.ancestors)
            ),
            -1,
        )
        self._focus_region(here + step if here >= 0 else 0)

    # ---- the previews follow the cursor --------------------------------------------------

    def current_pane(self) -> Widget | None:
        current = self.switcher.current
        if not current:
            return None
        try:
            return self.switcher.get_child_by_id(current)
        except Exception:  # noqa: BLE001 - not mounted yet
            return None

    async def pane_shown(self, pane_id: str) -> None:
        """The main screen switched panes: the bar, the preview region, the selection."""
        self.query_one(PaneBar).set_state(current=pane_id)
        previews = self.query_one("#previews", ContentSwitcher)
        has_preview = pane_id in PREVIEWED
        self.set_class(not has_preview, "-no-preview")
        if has_preview:
            preview_id = f"preview-{pane_id}"
            if not self._has_preview(previews, preview_id):
                await previews.mount(self._make_preview(pane_id))
            # the app may be closing while the preview mounted (its children then go away)
            if (
                not self.is_attached
                or app_exiting(self.app)
                or not self._has_preview(previews, preview_id)
            ):
                return
            previews.current = preview_id
        self.schedule_follow()

    @staticmethod
    def _has_preview(previews: ContentSwitcher, preview_id: str) -> bool:
        return any(child.id == preview_id for child in previews.children)

    def _make_preview(self, pane_id: str) -> Widget:
        if pane_id == "containers":
            from tui.screens.dashboard.container_preview import ContainerPreview

            return ContainerPreview(
                self.session, list(self.settings.layout_previews), id="preview-containers"
            )
        from tui.screens.dashboard.resource_previews import ResourcePreview

        return ResourcePreview(self.session, pane_id, id=f"preview-{pane_id}")

    @on(DataTable.RowHighlighted)
    def _cursor_moved(self, event: DataTable.RowHighlighted) -> None:
        self.schedule_follow()

    def schedule_follow(self) -> None:
        """Follow the selection once the cursor rests: the previous wait starts over."""
        if self._rest is not None:
            self._rest.stop()
        self._moved_at = time.monotonic()
        self._rest = self.set_timer(REST_SECONDS, self.follow_selection)

    def follow_selection(self) -> None:
        self._rest = None
        pane = self.current_pane()
        if pane is None or pane.id not in PREVIEWED or self.has_class("-list"):
            return
        previews = self.query_one("#previews", ContentSwitcher)
        try:
            preview = previews.get_child_by_id(f"preview-{pane.id}")
        except Exception:  # noqa: BLE001 - not mounted yet
            return
        item = selection_of(pane)
        token = selection_token(item)
        if token == self._shown.get(pane.id) and self._shown.get(pane.id) is not None:
            return
        self._shown[pane.id] = token
        self._show_empty(pane, item, preview)
        preview.show_item(item)  # type: ignore[attr-defined]

    def _show_empty(self, pane: Widget, item: Any, preview: Widget) -> None:
        """An engine without containers says so, with the key that runs a first one."""
        if pane.id != "containers":
            return
        known = getattr(getattr(pane, "table", None), "known", None)
        empty = item is None and known is not None and not known
        notes = list(preview.query("#preview-empty-engine"))
        if empty and not notes:
            text = Text("No containers on this engine yet.\n\n", style="bold")
            text.append("Press ")
            text.append("R", style="bold reverse")
            text.append(" to run a first container (or ctrl+p: Run a new container...).")
            preview.mount(Static(text, id="preview-empty-engine"), before=0)
        elif not empty and notes:
            notes[0].remove()

    # ---- the bar's counts ----------------------------------------------------------------

    def tick(self) -> None:
        """Once a second: the pane bar's counts (in memory), and the selection if it changed
        without a cursor move (first rows, a state change)."""
        counts: dict[str, str] = {k: str(v) for k, v in self._engine_counts.items()}
        for pane in self.switcher.children:
            count = count_of(pane)
            if count is not None and pane.id:
                counts[pane.id] = count
        self.query_one(PaneBar).set_state(counts=counts)
        containers = self.switcher.children[0] if self.switcher.children else None
        known = getattr(getattr(containers, "table", None), "known", None)
        if known is not None:
            running = sum(1 for r in known.values() if r.container.state == "running")
            shape = (running, len(known))
            if shape != self._last_containers:
                self._last_containers = shape
                self._read_counts()  # containers came or went: the others may have too
        shown = self.current_pane()
        settled = time.monotonic() - self._moved_at > SETTLED_SECONDS
        if shown is not None and shown.id in PREVIEWED and self._rest is None and settled:
            token = selection_token(selection_of(shown))
            if token != self._shown.get(shown.id):
                self.follow_selection()

    def _read_counts(self) -> None:
        def work() -> None:
            try:
                counts = object_counts(self.session)
            except EngineError:
                return
            self.app.call_from_thread(self._counts_read, counts)

        self.run_worker(work, thread=True, exclusive=True, group="dashboard-counts")

    def _counts_read(self, counts: dict[str, int]) -> None:
        self._engine_counts = counts
