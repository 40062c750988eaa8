"""Every private name of Textual (and of the Rich console it owns) that dockpit relies on.

Nothing else in tui/, widgets/ or themes/ reaches a leading-underscore name on a Textual or
Rich object: it goes through a function or a hook class here. Checked against Textual 8.2.8
and Rich 15.0.0; tests/unit/test_textual_compat.py has one test per hook, so an upgrade that
renames or changes one breaks one named test instead of the app.

Hook classes turn a private method Textual calls into a public one a subclass overrides
(``handle_exception``, ``forward_event_hook``, ``render_cell_lines`` ...), with a ``stock_*``
method for Textual's own behaviour.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style
from textual import events
from textual._styles_cache import StylesCache
from textual._two_way_dict import TwoWayDict
from textual._types import SegmentLines
from textual.app import App
from textual.cache import LRUCache
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer
from textual.widgets._footer import FooterKey
from textual.widgets.data_table import CellKey, ColumnKey, RowKey

__all__ = [
    "SegmentLines",
    "FooterKey",
    "TwoWayDict",
    "AppExceptionHook",
    "ScreenForwardHook",
    "DataTableHooks",
    "app_exiting",
    "write_to_terminal",
    "record_fatal_exception",
    "refresh_truecolor_filter",
    "colour_system",
    "set_colour_system",
    "propagation_stopped",
    "forward_event",
    "is_closing",
    "reactive_watchers",
    "mark_bindings_ready",
    "set_switcher_initial",
    "clear_styles_cache",
]


# ---- App -------------------------------------------------------------------------------


def app_exiting(app: App[Any]) -> bool:
    """``App.exit()`` was called (the app is on its way out)."""
    return bool(app._exit)


def write_to_terminal(app: App[Any], text: str) -> bool:
    """Write ``text`` as is to the app's terminal, through its driver (as ``App.bell()`` does);
    False when there is none (headless, web)."""
    driver = app._driver
    if driver is None or app.is_headless:
        return False
    driver.write(text)
    driver.flush()
    return True


def record_fatal_exception(app: App[Any], error: Exception) -> None:
    """Keep the error that stops the app, as ``App._handle_exception`` does (Pilot's
    ``run_test`` re-raises it at the end of the test); the first one wins."""
    if app._exception is None:
        app._exception = error
        app._exception_event.set()


def refresh_truecolor_filter(app: App[Any]) -> None:
    """Make the ANSI-to-truecolor filter follow ``app.ansi_theme`` (as a theme change does)."""
    app._refresh_truecolor_filter(app.ansi_theme)


class AppExceptionHook(App[Any]):
    """Textual calls ``_handle_exception`` for every unhandled error (a widget's or a
    failed worker's); here it calls :meth:`handle_exception`."""

    def _handle_exception(self, error: Exception) -> None:
        self.handle_exception(error)

    def handle_exception(self, error: Exception) -> None:
        self.stock_handle_exception(error)

    def stock_handle_exception(self, error: Exception) -> None:
        super()._handle_exception(error)


# ---- Rich console ----------------------------------------------------------------------


def colour_system(console: Console) -> ColorSystem | None:
    """The console's colour depth (Rich's public ``color_system`` is only its name)."""
    return console._color_system


def set_colour_system(console: Console, system: ColorSystem | None) -> None:
    console._color_system = system


# ---- Messages and the message pump ---------------------------------------------------


def propagation_stopped(message: Message) -> bool:
    """``message.stop()`` was called (it bubbles no further)."""
    return bool(message._stop_propagation)


def forward_event(node: MessagePump, event: events.Event) -> None:
    """Hand an event to a node the way the App does (keys: to the focused widget)."""
    node._forward_event(event)  # type: ignore[attr-defined]


def is_closing(node: object) -> bool:
    """The node's message pump is closing (it is being removed)."""
    return bool(getattr(node, "_closing", False))


def reactive_watchers(node: object) -> dict[str, list[tuple[Any, Any]]] | None:
    """The ``(watcher, callback)`` lists of a node's reactives, by reactive name, that
    ``watch``/``data_bind`` fill (None when nothing watches the node)."""
    watchers = getattr(node, "__watchers", None)
    return watchers if isinstance(watchers, dict) else None


class ScreenForwardHook(Screen[Any]):
    """Textual hands keys (and mouse events) to a screen through ``_forward_event``; here
    through :meth:`forward_event_hook`."""

    def _forward_event(self, event: events.Event) -> None:
        self.forward_event_hook(event)

    def forward_event_hook(self, event: events.Event) -> None:
        self.stock_forward_event(event)

    def stock_forward_event(self, event: events.Event) -> None:
        super()._forward_event(event)


# ---- Widgets ---------------------------------------------------------------------------


def mark_bindings_ready(footer: Footer) -> None:
    """What ``Footer.bindings_changed`` records before it recomposes (a Footer that
    replaces that method sets it too, or the footer composes no keys)."""
    footer._bindings_ready = True


def set_switcher_initial(switcher: ContentSwitcher, current: str | None) -> None:
    """The child ``ContentSwitcher``'s mount handler shows (it shows ``initial`` and
    resets ``current`` to it)."""
    switcher._initial = current


def clear_styles_cache() -> None:
    """Clear the class-wide memo of ``StylesCache.get_inner_outer`` (it keeps every
    widget's StylesCache alive, rendered lines and all, until 1024 newer entries)."""
    get_inner_outer = getattr(StylesCache, "get_inner_outer", None)
    cache_clear = getattr(get_inner_outer, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


# ---- DataTable -------------------------------------------------------------------------


class DataTableHooks(DataTable[Any]):
    """DataTable's rendering and measuring internals, under public names.

    Textual calls ``_render_cell``, ``_update_dimensions`` and ``_update_column_widths``;
    here they call :meth:`render_cell_lines`, :meth:`update_dimensions_hook` and
    :meth:`update_column_widths_hook`, which default to DataTable's own (``stock_*``).
    """

    # -- hooks --
    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        return self.render_cell_lines(row_index, column_index, base_style, width, cursor, hover)

    def render_cell_lines(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        return self.stock_render_cell(row_index, column_index, base_style, width, cursor, hover)

    def stock_render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        self.update_dimensions_hook(new_rows)

    def update_dimensions_hook(self, new_rows: Iterable[RowKey]) -> None:
        self.stock_update_dimensions(new_rows)

    def stock_update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Measure these rows' cells (and their auto heights), then set the virtual size."""
        super()._update_dimensions(new_rows)

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        self.update_column_widths_hook(updated_cells)

    def update_column_widths_hook(self, updated_cells: set[CellKey]) -> None:
        self.stock_update_column_widths(updated_cells)

    def stock_update_column_widths(self, updated_cells: set[CellKey]) -> None:
        super()._update_column_widths(updated_cells)

    # -- internals read by the fast paths --
    def size_render_caches(self, cells: int, rows: int) -> None:
        """DataTable's render caches, resized (and emptied)."""
        self._cell_render_cache = LRUCache(cells)
        self._row_render_cache = LRUCache(rows)
        self._row_renderable_cache = LRUCache(rows)
        self._line_cache = LRUCache(rows)

    def render_state_key(self) -> tuple[Any, ...]:
        """What else a cell's rendering depends on besides its content, place, width and
        styles (the hover setting, the focus): DataTable's cache key without the update
        count."""
        return (
            self._show_hover_cursor,
            self._pseudo_class_state,
            self.cell_padding,
            self.fixed_rows,
            self.fixed_columns,
            self.cursor_foreground_priority,
            self.cursor_background_priority,
        )

    def raw_cell(self, row_key: RowKey, column_key: ColumnKey) -> Any:
        """The value stored in a cell (before DataTable's formatting), or None."""
        row = self._data.get(row_key)
        return None if row is None else row.get(column_key)

    def row_key_at(self, row_index: int) -> RowKey | None:
        return self._row_locations.get_key(row_index)

    def column_key_at(self, column_index: int) -> ColumnKey | None:
        return self._column_locations.get_key(column_index)

    def row_index_of(self, row_key: RowKey) -> int | None:
        return self._row_locations.get(row_key)

    def row_cells(self, row_index: int) -> list[Any]:
        """The renderables of a row's cells, as DataTable renders them (cached)."""
        return self._get_row_renderables(row_index).cells

    def cell_styles(
        self, row_index: int, column_index: int, hover: bool, cursor: bool
    ) -> tuple[Style, Style]:
        """The (component, post) styles DataTable renders a body cell with."""
        return self._get_styles_to_render_cell(
            False,
            False,
            row_index < self.fixed_rows or column_index < self.fixed_columns,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )

    def set_cell_quietly(
        self, row_key: RowKey, column_key: ColumnKey, value: Any, update_width: bool
    ) -> None:
        """``DataTable.update_cell`` for a cell known to exist, without its refresh (the
        caller refreshes once for many cells: each refresh marks the whole table dirty)."""
        self._data[row_key][column_key] = value
        self._update_count += 1
        if update_width:
            self._updated_cells.add(CellKey(row_key, column_key))
            self._require_update_dimensions = True

    def invalidate_rendered_rows(self) -> None:
        """Make every cached cell and line stale (they are keyed by ``_update_count``)."""
        self._update_count += 1

    def set_row_order(self, ordered: Iterable[RowKey]) -> None:
        """Show the rows in this order, as ``DataTable.sort`` does (rows keep their keys)."""
        self._row_locations = TwoWayDict({key: index for index, key in enumerate(ordered)})
        self._update_count += 1
