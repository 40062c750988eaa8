"""A row added from another widget's handler: a frame drawn before the table measures it must
not stay on screen with the old column widths (DataTable keys its rendered lines by an update
counter, not by the widths)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from widgets.keyed_table import KeyedTable

COLUMNS = [("name", "Name"), ("subnet", "Subnet")]


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS)


def screen_lines(app: App) -> list[str]:
    table = app.query_one(KeyedTable)
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_a_frame_drawn_before_the_table_measured_a_new_row_is_not_kept() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(KeyedTable)
        table.upsert("host", (Text("host"), Text("-")))
        await pilot.pause()
        # As a pane's handler does: add the row, and a frame is drawn at once, before the
        # table's own idle moment measures the new cells.
        table.upsert("net", (Text("net-0123456789"), Text("10.223.56.0/24")))
        early = screen_lines(app)
        assert not any("net-0123456789" in line for line in early)  # the race, reproduced
        await pilot.pause()
        await pilot.pause()
        lines = screen_lines(app)
        assert any("net-0123456789" in line and "10.223.56.0/24" in line for line in lines), lines


async def test_a_cell_that_grows_widens_its_column_on_screen() -> None:
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(KeyedTable)
        table.upsert("a", (Text("a"), Text("-")))
        await pilot.pause()
        table.upsert("a", (Text("a"), Text("172.30.0.0/16, fd00::/64")))
        screen_lines(app)  # a frame before the table's idle moment
        await pilot.pause()
        await pilot.pause()
        assert any("172.30.0.0/16, fd00::/64" in line for line in screen_lines(app))
