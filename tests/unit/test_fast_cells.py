"""KeyedTable's fast paths (widgets/fast_cells.py) give exactly what Textual's DataTable gives.

Each check renders or measures the same cell both ways in a live table: DataTable's own
method (called on the class) against KeyedTable's override, segment by segment (text, style,
control) and cache key by cache key.
"""

from __future__ import annotations

from typing import Literal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.render import measure
from textual.widgets import DataTable

from widgets import fast_cells
from widgets.keyed_table import Cell, KeyedTable

#: Characters of every width: ASCII, CJK (2 cells), emoji, combining marks, zero-width, and
#: the odd ones out the fast path must decline (line breaks, tabs).
CHARS = st.sampled_from(
    list("ab xyz-_.:/0129") + list("日本語漢字") + ["😀", "👍", "é", "\u0301", "\u200b", "…"]
)
RARE = st.sampled_from(["\n", "\t", "\r", "\x1b"])
COLORS = st.sampled_from([None, "red", "green", "#123456", "bright_blue", "default"])
STYLES = st.builds(
    Style,
    color=COLORS,
    bgcolor=COLORS,
    bold=st.sampled_from([None, True, False]),
    italic=st.sampled_from([None, True]),
    underline=st.sampled_from([None, True]),
    dim=st.sampled_from([None, True]),
    link=st.sampled_from([None, None, None, "https://example.test/"]),
)
STYLE_OR_TEXT = st.one_of(STYLES, st.sampled_from(["", "bold magenta", "dim", "italic yellow"]))


@st.composite
def texts(draw: st.DrawFn) -> Text:
    chars = draw(st.lists(st.one_of(*[CHARS] * 19, RARE), max_size=30))
    plain = "".join(chars)
    text = Text(
        plain,
        style=draw(STYLE_OR_TEXT),
        justify=draw(st.sampled_from([None, "default", "left", "center", "right", "full"])),
        overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis", "ignore"])),
        no_wrap=draw(st.sampled_from([None, None, True, False])),
        end=draw(st.sampled_from(["\n", "", "\n"])),
    )
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(plain)))
        end = draw(st.integers(start, len(plain) + 2))
        text.stylize(draw(STYLE_OR_TEXT) or "bold", start, end)
    return text


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable([("a", "A"), ("b", "B")], id="table")


def stock_render(table: KeyedTable, *args: object) -> list:
    return DataTable._render_cell(table, *args)  # type: ignore[arg-type]


def as_tuples(lines: list) -> list:
    return [[(s.text, s.style, s.control) for s in line] for line in lines]


async def test_fast_cell_render_is_textuals() -> None:
    app = TableApp()
    async with app.run_test(size=(100, 20)):
        table = app.query_one(KeyedTable)
        table.upsert("row0", [Text("x"), Text("y")])
        table.upsert("row1", [Text("x"), Text("y")])
        fast_runs = 0

        @settings(
            max_examples=400,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(
            cell=texts(),
            width=st.integers(0, 40),
            padding=st.integers(0, 2),
            base=STYLES,
            cursor=st.booleans(),
            hover=st.booleans(),
            show_hover=st.booleans(),
            row_index=st.integers(0, 1),
            fixed=st.booleans(),
            css_priority=st.booleans(),
        )
        def check(
            cell: Text,
            width: int,
            padding: int,
            base: Style,
            cursor: bool,
            hover: bool,
            show_hover: bool,
            row_index: int,
            fixed: bool,
            css_priority: bool,
        ) -> None:
            nonlocal fast_runs
            width += 2 * padding  # DataTable's render width includes both paddings
            table.cell_padding = padding
            table._show_hover_cursor = show_hover
            table.fixed_columns = 1 if fixed else 0
            priority: Literal["css", "renderable"] = "css" if css_priority else "renderable"
            table.cursor_foreground_priority = priority
            table.cursor_background_priority = priority
            table.update_cell(f"row{row_index}", "b", cell)
            args = (row_index, 1, base, width, cursor, hover)
            table._cell_render_cache.clear()
            expected = stock_render(table, *args)
            got = table._render_cell(*args)
            assert as_tuples(got) == as_tuples(expected)
            assert table._render_cell(*args) is got  # the second call is the cached lines
            fast = fast_cells.is_plain_line(cell) and width - 2 * padding >= 1
            if fast:  # another cell changed: this one stays cached
                table.invalidate_rendered_rows()
                assert table._render_cell(*args) is got
            fast_runs += fast

        check()
        assert fast_runs > 80  # a good share of the examples took the fast path


@given(cell=texts())
def test_fast_measure_is_textuals(cell: Text) -> None:
    from rich.console import Console

    console = Console(width=120)
    assert fast_cells.measure_width(console, cell) == measure(console, cell, 1)


class Stock(KeyedTable):
    """KeyedTable without its fast paths: DataTable's own methods."""

    _render_cell = DataTable._render_cell
    _update_dimensions = DataTable._update_dimensions


ROWS: list[tuple[str, list[Cell]]] = [
    (
        f"k{i}",
        [
            Text("●" if i % 3 else " ", style="bold magenta"),
            Text(f"svc-{i}-日本" if i % 2 else f"name-{i}-😀", style="green" if i % 4 else ""),
            Text.assemble(("running", "bold green"), (" (healthy)", "dim")),
            Text(f"{i * 1.5:.1f}%", justify="right"),
        ],
    )
    for i in range(30)
]
ROWS.append(("odd", [Text("two\nlines"), Text("tab\there"), "[b]markup[/b]", Text("")]))


async def draw(table_class: type[KeyedTable]) -> tuple[list[int], list[list]]:
    class OneTable(App[None]):
        def compose(self) -> ComposeResult:
            yield table_class([(k, k.title()) for k in "abcd"])

    app = OneTable()
    async with app.run_test(size=(100, 40)) as pilot:
        table = app.query_one(KeyedTable)
        table.sync(ROWS)
        # Rows the fast paths leave to DataTable: a label, two lines high, automatic height.
        table.add_row(*[Text(f"tall {k}\nsecond") for k in "abcd"], key="tall", height=2)
        table.add_row(*[Text(f"auto {k}\n") for k in "abcd"], key="auto", height=None)
        table.add_row(*[Text("x")] * 4, key="labelled", label=Text("label"))
        table.move_cursor(row=0)
        await pilot.pause()
        table.move_cursor(row=3)
        await pilot.hover(KeyedTable, offset=(5, 6))
        await pilot.pause()
        widths = [column.content_width for column in table.ordered_columns]
        region = Region(0, 0, table.size.width, table.size.height)
        return widths, [list(strip) for strip in table.render_lines(region)]


async def test_table_screen_and_widths_unchanged() -> None:
    """A KeyedTable draws the same lines, with the same column widths, as DataTable does."""
    assert await draw(KeyedTable) == await draw(Stock)
