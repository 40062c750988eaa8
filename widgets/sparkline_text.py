"""A tiny trend drawn with block characters, as a Text for a table cell or a label."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

BARS = "▁▂▃▄▅▆▇█"


def sparkline(
    values: Sequence[float],
    width: int = 10,
    top: float | None = None,
    style: str = "",
    floor: float = 0.0,
) -> Text:
    """The last ``width`` values, right-aligned, scaled from ``floor`` to ``top``.

    ``top`` defaults to the values' maximum; a value at or below ``floor`` is the lowest bar.
    """
    recent = [max(floor, v) for v in values[-width:]] if width > 0 else []
    ceiling = max(top or 0.0, max(recent, default=floor))
    span = ceiling - floor
    chars = []
    for value in recent:
        level = int((value - floor) / span * (len(BARS) - 1) + 0.5) if span > 0 else 0
        chars.append(BARS[min(len(BARS) - 1, level)])
    return Text(" " * (width - len(chars)) + "".join(chars), style=style, no_wrap=True)
