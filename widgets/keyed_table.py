"""A DataTable updated by key: rows are added, changed and removed in place.

Never clear-and-refill: the cursor and the focus stay where the user left them.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets.data_table import CellKey, ColumnKey, RowDoesNotExist, RowKey

from widgets import fast_cells
from widgets.textual_compat import DataTableHooks, SegmentLines, TwoWayDict

Cell = Text | str
T = TypeVar("T")

#: Render caches sized for a screenful, not DataTable's defaults (10,000 cells, 1,000 rows and
#: 1,000 lines): every update renders the rows on screen anew, so the defaults filled with
#: entries never read again (~10 MB for the containers table within a minute of live stats).
CELL_CACHE = 2_000
ROW_CACHE = 200


class KeptRenders(Generic[T]):
    """Renders kept by key for as long as the value they were made from is the same object
    (compared by identity: a changed cell is a new object), least recently used dropped
    first. (Textual's LRUCache never replaces the value of a key it holds.)"""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, tuple[object, T]] = OrderedDict()

    def get(self, key: Hashable, source: object) -> T | None:
        kept = self._items.get(key)
        if kept is None or kept[0] is not source:
            return None
        self._items.move_to_end(key)
        return kept[1]

    def put(self, key: Hashable, source: object, value: T) -> None:
        self._items[key] = (source, value)
        self._items.move_to_end(key)
        if len(self._items) > self._size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class KeyedTable(DataTableHooks):
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
        self.size_render_caches(CELL_CACHE, ROW_CACHE)
        #: rendered cells that outlive table updates (render_cell_lines)
        self._placed: KeptRenders[SegmentLines] = KeptRenders(CELL_CACHE)
        self._contents: KeptRenders[list[Segment]] = KeptRenders(CELL_CACHE)
        self._column_spec = list(columns)
        self._column_index = {key: index for index, (key, _) in enumerate(self._column_spec)}
        self._column_keys = [ColumnKey(key) for key, _ in self._column_spec]
        self._cells: dict[str, tuple[Cell, ...]] = {}
        # per column: how many cells have each width, so that a column narrows when its
        # widest cells go (a removed row, a shorter value) without measuring the column
        self._widths: list[Counter[int]] = [Counter() for _ in self._column_spec]
        self._narrow_due = False

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
        return list(self._column_index)

    def has_key(self, key: str) -> bool:
        return key in self._cells

    def keys(self) -> list[str]:
        return list(self._cells)

    def upsert(self, key: str, cells: Sequence[Cell]) -> None:
        """Add a row, or update only the cells of an existing row that changed.

        A column widens at once when a cell outgrows it. It narrows (at the table's next
        idle moment) when no cell is as wide as it any more: the widths of the cells are
        counted per column, so neither way measures the whole column again (live figures
        change width all the time: a batch of 40 stats rows at 300 rows cost 12,000
        measurements when DataTable did it).
        """
        new = tuple(cells)
        old = self._cells.get(key)
        if old is None:
            self.add_row(*new, key=key)
            self._count(new, 1)
        else:
            row_key = RowKey(key)
            changed = False
            for index, (column, before, after) in enumerate(
                zip(self._column_keys, old, new, strict=True)
            ):
                if before != after:
                    width_before, width_after = _width(before), _width(after)
                    self.set_cell_quietly(row_key, column, after, width_after > width_before)
                    changed = True
                    if width_before != width_after:
                        self._uncount(index, width_before)
                        self._widths[index][width_after] += 1
            if changed:
                self.refresh()
        self._cells[key] = new

    def change_cells(self, key: str, changes: Mapping[str, Cell]) -> None:
        """Change some cells of a row the table holds (by column key); the others stay."""
        cells = list(self._cells[key])
        for column, cell in changes.items():
            cells[self._column_index[column]] = cell
        self.upsert(key, cells)

    def discard(self, key: str) -> None:
        old = self._cells.pop(key, None)
        if old is not None:
            for index, cell in enumerate(old):
                self._uncount(index, _width(cell))
            try:
                self.remove_row(key)
            except RowDoesNotExist:
                pass

    def clear(self, columns: bool = False) -> KeyedTable:
        self._cells.clear()
        for counts in self._widths:
            counts.clear()
        super().clear(columns)
        return self

    def _count(self, cells: Sequence[Cell], step: int) -> None:
        for counts, cell in zip(self._widths, cells, strict=False):
            counts[_width(cell)] += step

    def _uncount(self, index: int, width: int) -> None:
        counts = self._widths[index]
        counts[width] -= 1
        if counts[width] <= 0:
            del counts[width]
            if not self._narrow_due:  # the widest may have gone: look when next idle
                self._narrow_due = True
                self._require_update_dimensions = True
                self.check_idle()

    def _narrow_columns(self) -> None:
        """Columns wider than their widest cell (and label) take that width."""
        self._narrow_due = False
        if len(self.rows) != len(self._cells):  # rows added past upsert: widths unknown
            return
        for counts, column in zip(self._widths, self.ordered_columns, strict=False):
            if not column.auto_width:
                continue
            widest = max(counts, default=0)
            target = max(widest, _width(column.label))
            if column.content_width > target:
                column.content_width = target

    def discard_many(self, keys: Iterable[str]) -> None:
        """Remove many rows at once. DataTable.remove_row renumbers every row on each call:
        removing thousands of rows one by one froze the app for minutes."""
        gone: set[str] = set()
        for key in keys:
            old = self._cells.pop(key, None)
            if old is not None:
                gone.add(key)
                for index, cell in enumerate(old):
                    self._uncount(index, _width(cell))
        if len(gone) <= 1:
            for key in gone:
                try:
                    self.remove_row(key)
                except RowDoesNotExist:
                    pass
            return
        locations = self._row_locations
        in_order = (locations.get_key(index) for index in range(len(self.rows)))
        kept = [key for key in in_order if key is not None and key.value not in gone]
        self._row_locations = TwoWayDict({key: index for index, key in enumerate(kept)})
        for key in gone:
            row_key = RowKey(key)
            for column_key in self._data.get(row_key, {}):
                self._updated_cells.discard(CellKey(row_key, column_key))
            self.rows.pop(row_key, None)
            self._data.pop(row_key, None)
            self._new_rows.discard(row_key)
        self._require_update_dimensions = True
        self.check_idle()
        self.cursor_coordinate = self.cursor_coordinate
        self.hover_coordinate = self.hover_coordinate
        self._update_count += 1
        self.refresh(layout=True)

    def sync(self, rows: Iterable[tuple[str, Sequence[Cell]]]) -> None:
        """Make the table hold exactly these rows (in place, by key)."""
        seen: set[str] = set()
        for key, cells in rows:
            seen.add(key)
            self.upsert(key, cells)
        self.discard_many([k for k in self._cells if k not in seen])

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

    # ---- fast paths (DataTable internals through widgets/textual_compat.py) --------------
    # The first frame of a table renders every visible cell and measures every cell of every
    # new row; Textual does both through generic Rich layers (widgets/fast_cells.py says
    # why that is slow). These overrides take the usual cell, a one-line Text in a row of
    # height 1, the short way and hand everything else to DataTable. Same output, same cache
    # (tests/unit/test_fast_cells.py compares both paths).

    def render_cell_lines(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        stock = self.stock_render_cell
        if row_index < 0 or column_index < 0:  # the header row, the row labels
            return stock(row_index, column_index, base_style, width, cursor, hover)
        row_key = self.row_key_at(row_index)
        column_key = self.column_key_at(column_index)
        if row_key is None or column_key is None:  # DataTable raises its own error
            return stock(row_index, column_index, base_style, width, cursor, hover)
        # Kept across table updates (DataTable keys its cell cache by an update count that
        # every change bumps, so one changed cell rendered every cell on screen again): the
        # stored value itself is compared, by identity, on the way out. The whole render is
        # kept by place and styles; its content (text, padding) by row and column only, so
        # rows that move (a sort, a row added above) only take their new styles.
        raw = self.raw_cell(row_key, column_key)
        placed_key = (
            row_key,
            column_key,
            row_index,
            column_index,
            width,
            base_style,
            cursor,
            hover,
            self.render_state_key(),
        )
        lines = self._placed.get(placed_key, raw)
        if lines is not None:
            return lines
        padding = self.cell_padding
        content_key = (row_key, column_key, width, padding)
        content = self._contents.get(content_key, raw)
        if content is None:
            cell = self.row_cells(row_index)[column_index]
            if (
                self.rows[row_key].height != 1
                or width - 2 * padding < 1
                or not fast_cells.is_plain_line(cell)
            ):
                return stock(row_index, column_index, base_style, width, cursor, hover)
            content = fast_cells.cell_content(self.app.console, cell, width, padding)
            self._contents.put(content_key, raw, content)
        component_style, post_style = self.cell_styles(row_index, column_index, hover, cursor)
        pre_style = (
            base_style + Style.from_meta({"row": row_index, "column": column_index})
        ) + component_style
        lines = [fast_cells.styled(content, pre_style, post_style)]
        self._placed.put(placed_key, raw, lines)
        return lines

    def notify_style_update(self) -> None:
        self._placed.clear()
        self._contents.clear()
        super().notify_style_update()

    def update_dimensions_hook(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable's column widths for new rows. Rows with a label or an automatic height
        (DataTable renders those here) go to DataTable, which then sets the virtual size."""
        before = self._content_widths()
        if self._narrow_due:
            self._narrow_columns()
        self._measure_new_rows(new_rows)
        self._after_width_change(before)

    def update_column_widths_hook(self, updated_cells: set[CellKey]) -> None:
        """Cells that grew (upsert asks DataTable to measure only those): their columns widen.

        DataTable measures the changed cell and, when it is narrower than its column, every
        cell of that column again: a live figure going from "0.51%" to "0.5%" cost a whole
        column's measurements, per cell per tick (a third of the UI thread during a burst of
        creations at 600 rows). The widths are counted per column here, so narrowing is
        left to :meth:`_narrow_columns` and this only widens.
        """
        before = self._content_widths()
        if len(self.rows) != len(self._cells):  # rows added past upsert: widths unknown
            self.stock_update_column_widths(updated_cells)
        else:
            columns = self.columns
            for cell_key in updated_cells:
                cells = self._cells.get(cell_key.row_key.value or "")
                index = self._column_index.get(cell_key.column_key.value or "")
                column = columns.get(cell_key.column_key)
                if cells is None or index is None or column is None:
                    continue
                width = _width(cells[index])
                if width > column.content_width:
                    column.content_width = width
            self._require_update_dimensions = True
        self._keep_min_widths()
        self._after_width_change(before)

    def _content_widths(self) -> list[int]:
        return [column.content_width for column in self.columns.values()]

    def _after_width_change(self, before: list[int]) -> None:
        """DataTable (Textual 8.2.8) measures new and changed cells when the table is next
        idle, but keys its rendered lines by an update count only: a frame drawn between a
        change made from another widget's handler and that idle moment stays cached with the
        old widths (a new network's row showed "net-" and "10.223" until something else
        changed, seen under load). A width change therefore invalidates those caches."""
        if self._content_widths() != before:
            self.invalidate_rendered_rows()
            self.refresh()

    def _measure_new_rows(self, new_rows: Iterable[RowKey]) -> None:
        console = self.app.console
        columns = self.ordered_columns
        rest: list[RowKey] = []
        for row_key in new_rows:
            row_index = self.row_index_of(row_key)
            if row_index is None:  # removed since (DataTable skips these too)
                continue
            row = self.rows[row_key]
            if row.label is not None or row.auto_height:
                rest.append(row_key)
                continue
            cells = self.row_cells(row_index)
            for column, renderable in zip(columns, cells, strict=False):
                width = fast_cells.measure_width(console, renderable)
                if width > column.content_width:
                    column.content_width = width
        self.stock_update_dimensions(rest)  # those rows, then the virtual size


def _width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)
