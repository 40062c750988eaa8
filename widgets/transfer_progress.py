"""Progress of a pull / push / load / save: an overall bar and one bar per layer."""

from __future__ import annotations

import humanize
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, ProgressBar, Static

from tui.engine.images.transfer import LayerView, ProgressView

MAX_LAYER_ROWS = 128  # an image has at most 127 layers


def layer_status(layer: LayerView) -> Text:
    text = Text(layer.status, style="green" if layer.done else "")
    if layer.total and not layer.done:
        text.append(
            f"  {humanize.naturalsize(layer.current)} / {humanize.naturalsize(layer.total)}",
            style="dim",
        )
    return text


class LayerRow(Horizontal):
    DEFAULT_CSS = """
    LayerRow { height: 1; }
    LayerRow > .layer-id { width: 14; }
    LayerRow > ProgressBar { width: 50; }
    LayerRow > .layer-status { width: 1fr; }
    """

    def __init__(self, layer: LayerView, **kwargs) -> None:
        super().__init__(**kwargs)
        self.layer_view = layer

    def compose(self) -> ComposeResult:
        yield Label(Text(self.layer_view.id), classes="layer-id")
        yield ProgressBar(total=100, show_eta=False)
        yield Label(layer_status(self.layer_view), classes="layer-status")

    def on_mount(self) -> None:
        self.show(self.layer_view)

    def show(self, layer: LayerView) -> None:
        self.layer_view = layer
        self.query_one(ProgressBar).update(progress=round(layer.fraction * 100, 1))
        self.query_one(".layer-status", Label).update(layer_status(layer))


class TransferProgressView(Widget):
    DEFAULT_CSS = """
    TransferProgressView { height: auto; max-height: 100%; }
    TransferProgressView > #overall-row { height: 1; }
    TransferProgressView > #overall-row > .overall-label { width: 14; text-style: bold; }
    TransferProgressView > #overall-row > ProgressBar { width: 1fr; }
    TransferProgressView > #headline { height: auto; max-height: 3; color: $text-muted; }
    TransferProgressView > #layers { height: auto; max-height: 20; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: dict[str, LayerRow] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="overall-row"):
            yield Label("Overall", classes="overall-label")
            yield ProgressBar(total=None, show_eta=True, id="overall")
        yield Static("", id="headline")
        yield VerticalScroll(id="layers")

    def show(self, view: ProgressView) -> None:
        overall = self.query_one("#overall", ProgressBar)
        if view.overall is None:
            overall.update(total=None)
        else:
            overall.update(total=100, progress=round(view.overall * 100, 1))
        self.query_one("#headline", Static).update(Text(view.headline))
        container = self.query_one("#layers", VerticalScroll)
        new_rows = []
        for layer in view.layers[:MAX_LAYER_ROWS]:
            row = self._rows.get(layer.id)
            if row is None:
                row = LayerRow(layer, classes="layer-row")
                self._rows[layer.id] = row
                new_rows.append(row)
            elif row.layer_view != layer:
                if row.is_mounted:
                    row.show(layer)
                else:
                    row.layer_view = layer  # on_mount shows the latest
        if new_rows:
            container.mount_all(new_rows)

    def finish(self, ok: bool) -> None:
        """The operation ended: no bar pulses on (full when it went well, else still)."""
        overall = self.query_one("#overall", ProgressBar)
        if ok:
            overall.update(total=100, progress=100)
        elif overall.total is None:
            overall.update(total=100, progress=0)
        for row in self._rows.values():
            if row.is_mounted:
                bar = row.query_one(ProgressBar)
                if bar.total is None:
                    bar.update(total=100, progress=0)

    def layer_statuses(self) -> dict[str, str]:
        """Layer id -> its last status (what a test or a copy wants)."""
        return {key: row.layer_view.status for key, row in self._rows.items()}
