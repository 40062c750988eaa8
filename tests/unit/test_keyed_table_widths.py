"""A row added (or a cell grown) from another widget's handler: a frame drawn before the table
measures it must not stay on screen with the old column widths (DataTable keys its rendered
lines by an update counter, not by the widths)."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize(
    ("key", "cells"),
    [
        ("net", ("net-0123456789", "10.223.56.0/24")),  # a new row
        ("host", ("host", "172.30.0.0/16, fd00::/64")),  # a cell of a row that grows
    ],
)
async def test_a_frame_drawn_before_the_table_measured_is_not_kept(key, cells) -> None:
    app = TableApp()
    async with app.run_test(size=(80, 10)) as pilot:
        table = app.query_one(KeyedTable)
        table.upsert("host", (Text("host"), Text("-")))
        await pilot.pause()
        # As a pane's handler does: change the table, and a frame is drawn at once, before
        # the table's own idle moment measures the new cells.
        table.upsert(key, tuple(Text(c) for c in cells))
        early = screen_lines(app)
        assert not any(cells[1] in line for line in early)  # the race, reproduced
        await pilot.pause()
        await pilot.pause()
        lines = screen_lines(app)
        assert any(cells[0] in line and cells[1] in line for line in lines), lines


async def test_columns_narrow_when_their_widest_value_goes() -> None:
    """A long value (an intermediate build container's sha256 name, a huge label) widens
    its column; when that row goes or the value gets shorter, the column narrows again."""
    app = TableApp()
    async with app.run_test(size=(200, 10)) as pilot:
        table = app.query_one(KeyedTable)
        name, subnet = (table.columns[key] for key in table.column_keys)
        table.upsert("a", (Text("web"), Text("10.0.0.0/24")))
        await pilot.pause()
        short = (name.content_width, subnet.content_width)
        table.upsert("b", (Text("sha256:" + "f" * 64), Text("10.0.0.0/24")))
        await pilot.pause()
        assert name.content_width == 71
        table.discard("b")  # the row goes
        await pilot.pause()
        assert (name.content_width, subnet.content_width) == short
        table.upsert("a", (Text("x" * 90), Text("10.0.0.0/24")))
        await pilot.pause()
        assert name.content_width == 90
        table.upsert("a", (Text("web"), Text("10.0.0.0/24")))  # the value gets shorter
        await pilot.pause()
        assert (name.content_width, subnet.content_width) == short
        assert any("web" in line and "10.0.0.0/24" in line for line in screen_lines(app))
        # a column never gets narrower than its label or its widest remaining cell
        table.upsert("c", (Text("n"), Text("1")))
        table.discard("a")
        await pilot.pause()
        assert name.content_width == len("Name") and subnet.content_width == len("Subnet")
