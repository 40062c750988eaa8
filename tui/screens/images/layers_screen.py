"""The layer explorer: an image's layers (instruction, size, share), the file tree of the
selected layer or of the image up to it, wasted space and efficiency (issue 22).

The image is read in a thread worker from its export stream (progress, escape cancels) or
from the disk cache; trees are computed in a worker too. Actions: layers_actions.py.
"""

from __future__ import annotations

import humanize
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.images.layers_merge import Analysis, MergedTree, merged_upto
from tui.engine.images.layers_model import ADDED, MODIFIED, REMOVED, ImageLayers
from tui.engine.images.layers_read import AnalysisCancelled, Watch, read_analysis
from tui.engine.images.layers_view import TreeView, tree_view
from tui.screens.images import layers_actions
from tui.screens.shell.app_settings import settings_of
from widgets.file_tree import FileTree
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys, focus_now

HELP = (
    "efficiency = 1 - wasted / total, total: bytes of the files stored in all layers, wasted: "
    "copies the image does not show (overwritten or deleted later; w lists them)"
)


class LayersProgress(Message):
    def __init__(self, bytes_read: int) -> None:
        super().__init__()
        self.bytes_read = bytes_read


class LayersLoaded(Message):
    def __init__(self, image: ImageLayers, analysis: Analysis) -> None:
        super().__init__()
        self.image = image
        self.analysis = analysis


class TreeReady(Message):
    def __init__(self, index: int, tree: MergedTree, view: TreeView, counts: dict) -> None:
        super().__init__()
        self.index, self.tree, self.view, self.counts = index, tree, view, counts


class LayersScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("q,escape", "back", "Back", id="layers.back"),
        Binding("a", "toggle_merged", "Layer/merged", id="layers.merged"),
        Binding("c", "toggle_changes", "Changes only", id="layers.changes"),
        Binding("slash", "filter", "Filter", id="layers.filter"),
        Binding("v", "view", "View file", id="layers.view"),
        Binding("x", "extract", "Extract", id="layers.extract"),
        Binding("e", "export", "Export layer", id="layers.export"),
        Binding("w", "waste", "Wasted", id="layers.waste"),
        Binding("D", "diff", "Diff image", id="layers.diff"),
    ]
    DEFAULT_CSS = """
    LayersScreen #layers-title { height: 3; background: $panel; padding: 0 1; }
    LayersScreen #layers-body { height: 1fr; }
    LayersScreen #layers-table { width: 1fr; height: 1fr; }
    LayersScreen FileTree { width: 1fr; height: 1fr; border-left: solid $panel; }
    LayersScreen #layers-filter { display: none; height: 3; dock: bottom; }
    LayersScreen #layers-filter.shown { display: block; }
    """

    def __init__(self, session: EngineSession, reference: str, image_id: str) -> None:
        super().__init__()
        self.session = session
        self.reference = reference
        self.image_id = image_id
        self.reading = Watch(self._progress)
        self.image: ImageLayers | None = None
        self.analysis: Analysis | None = None
        self.index = 0
        self.merged = True
        self.changes_only = False
        self.filter_text = ""
        self.tree_shown: MergedTree | None = None
        self.view_index = -1
        self.last_extract: Worker[None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._title("reading the image export..."), id="layers-title")
        with Horizontal(id="layers-body"):
            yield DataTable(cursor_type="row", id="layers-table")
            yield FileTree(id="layers-tree")
        yield Input(placeholder="filter paths (enter: keep)", id="layers-filter", disabled=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#layers-table", DataTable)
        for key, label in (("n", "#"), ("size", "Size"), ("share", "Share"), ("by", "Instruction")):
            table.add_column(label, key=key)
        focus_now(table)
        self.load()

    def _title(self, second: str) -> Text:
        text = Text("Layers of ")
        text.append(self.reference, style="bold")
        text.append(f"\n{second}")
        text.append(f"\n{HELP}", style="dim")
        return text

    def set_status(self, text: str) -> None:
        if not self.is_mounted:
            return
        self.query_one("#layers-title", Static).update(self._title(text))

    # -- engine -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="layers-read")
    def load(self) -> None:
        try:
            image, analysis = self.session.images.streaming(
                read_analysis, self.image_id, self.reading
            )
            self.post_message(LayersLoaded(image, analysis))
        except AnalysisCancelled:
            pass  # the screen was closed
        except EngineError as error:
            self.app.call_from_thread(self.set_status, error.message)

    def _progress(self, bytes_read: int) -> None:
        self.post_message(LayersProgress(bytes_read))

    def on_layers_progress(self, message: LayersProgress) -> None:
        read = humanize.naturalsize(message.bytes_read, binary=True)
        self.set_status(f"reading the image export: {read} (escape: cancel)")

    def on_layers_loaded(self, message: LayersLoaded) -> None:
        self.image, self.analysis = message.image, message.analysis
        table = self.query_one("#layers-table", DataTable)
        total = sum(layer.size for layer in message.image.layers) or 1
        for index, layer in enumerate(message.image.layers):
            table.add_row(
                Text(str(index), justify="right"),
                Text(humanize.naturalsize(layer.size, binary=True), justify="right"),
                Text(f"{100 * layer.size / total:5.1f}%", justify="right"),
                Text(layer.instruction or "(no history)"),
                key=str(index),
            )
        self.summary()
        self.show_tree()

    def summary(self, counts: dict | None = None) -> None:
        if self.analysis is None:
            return
        a = self.analysis
        text = (
            f"efficiency {100 * a.efficiency:.2f}%  wasted "
            f"{humanize.naturalsize(a.wasted_bytes, binary=True)} ({a.wasted_percent:.1f}%, "
            f"{len(a.waste)} paths)  total {humanize.naturalsize(a.total_bytes, binary=True)}"
        )
        if counts is not None:
            text += (
                f"   layer {self.index}: +{counts[ADDED]} ~{counts[MODIFIED]} -{counts[REMOVED]}"
                f"   view: {'merged' if self.merged else 'layer'} (a)"
                f"{'  changes only (c)' if self.changes_only else ''}"
            )
        self.set_status(text)

    def show_tree(self) -> None:
        if self.image is not None:
            self.tree_worker(
                self.image, self.index, self.merged, self.changes_only, self.filter_text
            )

    @work(thread=True, exclusive=True, group="layers-tree")
    def tree_worker(
        self, image: ImageLayers, index: int, merged: bool, changes_only: bool, text: str
    ) -> None:
        tree, change = merged_upto(image.layers, index)
        view = tree_view(tree, change, index, merged=merged, changes_only=changes_only, text=text)
        counts = {ADDED: 0, MODIFIED: 0, REMOVED: 0}
        for status in change.status.values():
            counts[status] += 1
        self.post_message(TreeReady(index, tree, view, counts))

    def on_tree_ready(self, message: TreeReady) -> None:
        self.tree_shown, self.view_index = message.tree, message.index
        self.query_one(FileTree).show_view(message.view)
        self.summary(message.counts)

    @on(DataTable.RowHighlighted, "#layers-table")
    def layer_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None and int(event.row_key.value) != self.index:
            self.index = int(event.row_key.value)
            self.show_tree()

    # -- keys ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("extract", "export"):  # like docker cp: gone in read-only mode
            return not settings_of(self).read_only
        return True

    def on_unmount(self) -> None:
        self.reading.cancel()

    def action_back(self) -> None:
        box = self.query_one("#layers-filter", Input)
        if box.has_focus:
            self.filter_done()
            return
        self.reading.cancel()
        self.app.pop_screen()

    def action_toggle_merged(self) -> None:
        self.merged = not self.merged
        self.show_tree()

    def action_toggle_changes(self) -> None:
        self.changes_only = not self.changes_only
        self.show_tree()

    def action_filter(self) -> None:
        box = self.query_one("#layers-filter", Input)
        box.disabled = False
        box.add_class("shown")
        focus_now(box)

    @on(Input.Submitted, "#layers-filter")
    def filter_done(self) -> None:
        box = self.query_one("#layers-filter", Input)
        self.filter_text = box.value.strip()
        if not self.filter_text:
            box.remove_class("shown")
            box.disabled = True
        focus_now(self.query_one(FileTree))
        self.show_tree()

    def action_view(self) -> None:
        layers_actions.view(self)

    @on(FileTree.NodeSelected)
    def node_selected(self) -> None:
        row = self.query_one(FileTree).current
        if row is not None and row.entry.kind == "file":
            layers_actions.view(self)

    def action_extract(self) -> None:
        layers_actions.extract(self)

    def action_export(self) -> None:
        layers_actions.export(self)

    def action_waste(self) -> None:
        layers_actions.waste(self)

    def action_diff(self) -> None:
        layers_actions.diff(self)
