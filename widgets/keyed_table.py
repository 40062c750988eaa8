"""A DataTable updated by key: rows are added, changed and removed in place.

Never clear-and-refill: the cursor and the focus stay where the user left them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.binding import Binding
from textual.cache import LRUCache
from textual.widgets import DataTable
from textual.widgets.data_table import CellKey, RowDoesNotExist, RowKey

from widgets import fast_cells

Cell = Text | str

#: Render caches sized for a screenful, not DataTable's defaults (10,000 cells, 1,000 rows and
#: 1,000 lines): every update renders the rows on screen anew, so the defaults filled with
#: entries never read again (~10 MB for the containers table within a minute of live stats).
CELL_CACHE = 2_000
ROW_CACHE = 200


class KeyedTable(DataTable[Cell]):
    """A DataTable whose rows are addressed by a stable key (an object id)."""

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """
    # A list of rows: home/end go to the first/last row (DataTable's own home/end only
    # scroll sideways when the cursor selects rows).
    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False, id="table.first"),
        Binding("end", "scroll_bottom", "Last row", show=False, id="table.last"),
    ]

    #: column key -> cells the column is at least wide: room for a live figure's usual range
    #: from the start, so that its growing ("up 9 seconds" -> "up 10 seconds", a sparkline
    #: filling up) does not move every column to its right (a re-layout of the whole table:
    #: every row rewritten on the terminal).
    MIN_WIDTHS: dict[str, int] = {}

    def __init__(self, columns: Sequence[tuple[str, str]], **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._cell_render_cache = LRUCache(CELL_CACHE)
        self._row_render_cache = LRUCache(ROW_CACHE)
        self._row_renderable_cache = LRUCache(ROW_CACHE)
        self._line_cache = LRUCache(ROW_CACHE)
        self._column_spec = list(columns)
        self._cells: dict[str, tuple[Cell, ...]] = {}

    def on_mount(self) -> None:
        for key, label in self._column_spec:
            self.add_column(label, key=key)
        self._keep_min_widths()

    def _keep_min_widths(self) -> None:
        for key, width in self.MIN_WIDTHS.items():
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.content_width < width:
                column.content_width = width

    @property
    def column_keys(self) -> list[str]:
        return [key for key, _ in self._column_spec]

    def has_key(self, key: str) -> bool:
        return key in self._cells

    def keys(self) -> list[str]:
        return list(self._cells)

    def upsert(self, key: str, cells: Sequence[Cell]) -> None:
        """Add a row, or update only the cells of an existing row that changed.

        A column widens when a cell outgrows it but never narrows on an update: narrowing
        makes the DataTable measure every cell of the column again, and live figures change
        width all the time (a batch of 40 stats rows at 300 rows cost 12,000 measurements).
        """
        new = tuple(cells)
        old = self._cells.get(key)
        if old is None:
            self.add_row(*new, key=key)
        else:
            for column, before, after in zip(self.column_keys, old, new, strict=True):
                if before != after:
                    wider = _width(after) > _width(before)
                    self.update_cell(key, column, after, update_width=wider)
        self._cells[key] = new

    def discard(self, key: str) -> None:
        if self._cells.pop(key, None) is not None:
            try:
                self.remove_row(key)
            except RowDoesNotExist:
                pass

    def sync(self, rows: Iterable[tuple[str, Sequence[Cell]]]) -> None:
        """Make the table hold exactly these rows (in place, by key)."""
        seen: set[str] = set()
        for key, cells in rows:
            seen.add(key)
            self.upsert(key, cells)
        for key in [k for k in self._cells if k not in seen]:
            self.discard(key)

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if not self._cells or self.row_count == 0:
            return None
        try:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:  # noqa: BLE001 - cursor outside the table
            return None
        return row_key.value

    # ---- fast paths (private DataTable API, checked against Textual 8.2.8) ---------------
    # The first frame of a table renders every visible cell and measures every cell of every
    # new row; Textual does both through generic Rich layers (widgets/fast_cells.py says
    # why that is slow). These overrides take the usual cell, a one-line Text in a row of
    # height 1, the short way and hand everything else to DataTable. Same output, same cache
    # (tests/unit/test_fast_cells.py compares both paths).

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        if row_index < 0 or column_index < 0:  # the header row, the row labels
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:  # DataTable raises its own error
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # DataTable._render_cell's cache key, unchanged.
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        lines = cache.get(cache_key)
        if lines is not None:
            return lines
        padding = self.cell_padding
        cell = self._get_row_renderables(row_index).cells[column_index]
        if (
            self.rows[row_key].height != 1
            or width - 2 * padding < 1
            or not fast_cells.is_plain_line(cell)
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
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
        pre_style = (
            base_style + Style.from_meta({"row": row_index, "column": column_index})
        ) + component_style
        lines = [
            fast_cells.render_line(self.app.console, cell, width, padding, pre_style, post_style)
        ]
        cache[cache_key] = lines
        return lines

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable's column widths for new rows. Rows with a label or an automatic height
        (DataTable renders those here) go to DataTable, which then sets the virtual size."""
        before = self._content_widths()
        self._measure_new_rows(new_rows)
        self._after_width_change(before)

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        before = self._content_widths()
        super()._update_column_widths(updated_cells)
        self._keep_min_widths()
        self._after_width_change(before)

    def _content_widths(self) -> list[int]:
        return [column.content_width for column in self.columns.values()]

    def _after_width_change(self, before: list[int]) -> None:
        """DataTable (Textual 8.2.8) measures new and changed cells when the table is next
        idle, but keys its rendered lines by ``_update_count`` only: a frame drawn between a
        change made from another widget's handler and that idle moment stays cached with the
        old widths (a new network's row showed "net-" and "10.223" until something else
        changed, seen under load). A width change therefore invalidates those caches."""
        if self._content_widths() != before:
            self._update_count += 1
            self.refresh()

    def _measure_new_rows(self, new_rows: Iterable[RowKey]) -> None:
        console = self.app.console
        columns = self.ordered_columns
        rest: list[RowKey] = []
        for row_key in new_rows:
            row_index = self._row_locations.get(row_key)
            if row_index is None:  # removed since (DataTable skips these too)
                continue
            row = self.rows[row_key]
            if row.label is not None or row.auto_height:
                rest.append(row_key)
                continue
            cells = self._get_row_renderables(row_index).cells
            for column, renderable in zip(columns, cells, strict=False):
                width = fast_cells.measure_width(console, renderable)
                if width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(rest)  # those rows, then the virtual size


def _width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)
