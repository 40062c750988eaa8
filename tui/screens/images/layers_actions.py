"""What the layer explorer's keys do: view a file, extract, export a layer, wasted paths, diff.

Each action asks what it needs in a dialog, then runs the engine part in a thread worker of
its own group and reports with a notification (never a traceback).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.worker import Worker

from tui.engine.core.errors import EngineError
from tui.engine.images.layers_fetch import export_layer
from tui.engine.images.layers_fetch import extract as extract_paths
from tui.engine.images.layers_model import DIR, FILE, REMOVED, parent_of, shown
from tui.screens.images.image_dialogs import FormDialog, FormField
from tui.screens.images.layers_file import LayerFileScreen
from tui.screens.images.layers_tables import DiffScreen, WasteScreen

if TYPE_CHECKING:
    from tui.screens.images.layers_screen import LayersScreen


def _in_thread(screen: LayersScreen, group: str, job: Callable[[], str]) -> Worker[None]:
    """Run ``job`` in a worker (it streams the whole export through the door); its
    sentence (or the error's) becomes a notification."""

    def run() -> None:
        try:
            said, severity = job(), "information"
        except EngineError as error:
            said, severity = error.message, "error"
        screen.app.call_from_thread(
            screen.notify, said, title="Layers", severity=severity, markup=False
        )

    return screen.run_worker(run, thread=True, exclusive=True, group=group)


def _current(screen: LayersScreen):
    from widgets.file_tree import FileTree

    return screen.query_one(FileTree).current


def view(screen: LayersScreen) -> None:
    row = _current(screen)
    if screen.image is None or row is None:
        return
    if row.entry.kind != FILE:
        screen.notify("only regular files have contents to show", title="Layers")
        return
    key = screen.image.layers[row.layer].key
    screen.app.push_screen(
        LayerFileScreen(screen.session, screen.image.image_id, key, row.path, row.entry.size)
    )


def extract(screen: LayersScreen, destination: str | None = None) -> None:
    row, image, tree = _current(screen), screen.image, screen.tree_shown
    if row is None or image is None or tree is None or row.status == REMOVED:
        return
    target = row.path
    wanted: dict[str, set[str]] = {}
    for path, placed in tree.paths.items():
        if path == target or (row.entry.kind == DIR and path.startswith(target + "/")):
            wanted.setdefault(image.layers[placed.layer].key, set()).add(path)

    def chosen(values: dict[str, str] | None) -> None:
        folder = (values or {}).get("folder", "").strip()
        if not folder:
            return

        def job() -> str:
            written = screen.session.images.streaming(
                extract_paths, image.image_id, wanted, parent_of(target), Path(folder)
            )
            return f"extracted {len(written)} entries of {shown(target)} to {folder}"

        screen.last_extract = _in_thread(screen, "layers-extract", job)

    screen.app.push_screen(
        FormDialog(
            f"Extract {shown(target)} to a folder on this machine",
            [FormField("folder", "Folder", destination or str(Path.cwd()), "/tmp/out")],
        ),
        chosen,
    )


def export(screen: LayersScreen) -> None:
    image = screen.image
    if image is None:
        return
    index = screen.index
    key = image.layers[index].key

    def chosen(values: dict[str, str] | None) -> None:
        target = (values or {}).get("file", "").strip()
        if not target:
            return

        def job() -> str:
            try:
                size = screen.session.images.streaming(
                    export_layer, image.image_id, key, Path(target)
                )
            except OSError as error:
                raise EngineError(f"could not write {target}: {error.strerror}") from error
            return f"layer {index} written to {target} ({size} bytes)"

        _in_thread(screen, "layers-export", job)

    default = str(Path.cwd() / f"layer-{index}.tar")
    screen.app.push_screen(
        FormDialog(f"Export layer {index} as a tar", [FormField("file", "File", default)]),
        chosen,
    )


def waste(screen: LayersScreen) -> None:
    if screen.analysis is not None:
        screen.app.push_screen(WasteScreen(screen.analysis))


def diff(screen: LayersScreen) -> None:
    def chosen(values: dict[str, str] | None) -> None:
        other = (values or {}).get("reference", "").strip()
        if other:
            screen.app.push_screen(DiffScreen(screen.session, screen.reference, other))

    screen.app.push_screen(
        FormDialog(
            f"Compare {screen.reference} with",
            [FormField("reference", "Image", "", "repository:tag or id")],
        ),
        chosen,
    )
