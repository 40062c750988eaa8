"""Cheaper rendering and measuring of one-line Text cells, same output as Textual's DataTable.

Why: the first frame of the containers table renders ~400 cells and measures every cell of
every new row. Textual renders each cell through
``console.render_lines(Styled(Padding(text, (0, pad)), pre_style, post_style), options)``:
five layers of generators, option copies and line splitting around a few Text operations
(~150 us a cell), and measures each cell with ``textual.render.measure`` (which builds a
ConsoleOptions per call). For the usual cell (a ``rich.text.Text`` of one line in a row of
height 1) this module does the same Text operations directly.

Checked against Textual 8.2.8 (DataTable._render_cell, DataTable._update_dimensions,
textual.render.measure, textual.renderables.styled.Styled) and Rich 15.0.0 (Padding,
Console.render_lines, Text.__rich_console__, Text.wrap, Text.join, Text.__rich_measure__).
tests/unit/test_fast_cells.py compares both paths segment by segment: run it after upgrading.
"""

from __future__ import annotations

from typing import TypeGuard

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.containers import Lines
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.render import measure

#: Padding's default style, as Padding.__rich_console__ resolves it.
PADDING_STYLE = "none"


def is_plain_line(cell: object) -> TypeGuard[Text]:
    """A cell the fast path renders exactly as Textual does in a row of height 1.

    Anything else takes Textual's own path: other renderables, Text subclasses, text with a
    line break or a tab, a Text that asks to wrap (``no_wrap=False`` beats the row's
    no-wrap) and an ``end`` other than the usual ones.
    """
    if type(cell) is not Text or cell.no_wrap is False or cell.end not in ("\n", ""):
        return False
    plain = cell.plain
    return "\n" not in plain and "\t" not in plain


def render_line(
    console: Console,
    text: Text,
    width: int,
    padding: int,
    pre_style: Style,
    post_style: Style,
) -> list[Segment]:
    """The one line of segments Textual renders for ``text`` in a cell ``width`` wide.

    ``text`` must pass ``is_plain_line`` and ``width - 2 * padding`` must be at least 1.
    """
    return styled(cell_content(console, text, width, padding), pre_style, post_style)


def cell_content(console: Console, text: Text, width: int, padding: int) -> list[Segment]:
    """A cell's segments before the row's styles: what does not depend on where the row is
    (a table keeps these while rows move). Each step names the Rich code it stands for."""
    inner = width - 2 * padding
    # Text.__rich_console__: App.console_options sets neither justify nor overflow.
    justify = text.justify or "default"
    overflow = text.overflow or "fold"
    if (
        justify == "default"
        and not text.style
        and (overflow == "ignore" or cell_len(text.plain) <= inner)
    ):
        # Nothing to justify, truncate or move: the joined line renders as ``text`` does.
        segments = list(text.render(console))
    else:
        # Text.wrap with no_wrap (the row is one line high): split() of one line is a copy.
        line = text.copy()
        if overflow != "ignore":
            if justify != "default":  # Lines.justify does nothing for "default"
                Lines([line]).justify(console, inner, justify=justify, overflow=overflow)
            line.truncate(inner, overflow=overflow)
        # Text("\n").join([line]): the line's own style becomes the first span (on an empty
        # line a span of no length, which renders as no segment at all).
        if line.style and not line.plain:
            segments = []
        else:
            if line.style:
                line.stylize_before(line.style)
                line.style = ""
            segments = list(line.render(console))
    # Text.render, then Console.render_lines inside Padding: crop or pad to the width.
    pad_style = console.get_style(PADDING_STYLE)
    content = Segment.adjust_line_length(segments, inner, style=pad_style, pad=True)
    # Padding's left and right cells (the line is now exactly ``width`` cells: the outer
    # render_lines has nothing to crop or pad).
    if padding:
        edge = Segment(" " * padding, pad_style)
        content = [edge, *content, edge]
    return content


def styled(content: list[Segment], pre_style: Style, post_style: Style) -> list[Segment]:
    """Styled's style sandwich: Segment.apply_style(content, pre_style, post_style), unrolled.
    (pre_style + None or + a null style is pre_style itself, unless it holds a link: then
    Style.__add__ returns a copy.)"""
    if pre_style:
        link = pre_style.link
        content = [
            Segment(
                chars,
                None if control else (pre_style + style if style or link else pre_style),
                control,
            )
            for chars, style, control in content
        ]
    if post_style:
        content = [
            Segment(
                chars, None if control else (style + post_style if style else post_style), control
            )
            for chars, style, control in content
        ]
    return content


def measure_width(console: Console, renderable: RenderableType) -> int:
    """``textual.render.measure(console, renderable, 1)``, without a ConsoleOptions for Text.

    Text.__rich_measure__'s maximum is the cell length of its longest line.
    """
    if type(renderable) is Text:
        return max(map(cell_len, renderable.plain.splitlines()), default=0)
    return measure(console, renderable, 1)
