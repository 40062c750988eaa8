"""A KeyedTable whose columns grow when a cell's new text is wider (probe results, statuses)."""

from __future__ import annotations

from typing import Any

from widgets.keyed_table import KeyedTable


class GrowingTable(KeyedTable):
    def update_cell(
        self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False
    ) -> None:
        super().update_cell(row_key, column_key, value, update_width=True)
