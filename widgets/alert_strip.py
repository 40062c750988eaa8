"""The alert strip: how many containers need attention, by kind, most severe first.

Readable without colour: every kind is spelled out with its count and a mark (``!!`` errors,
``!`` warnings); colour only adds to it. Nothing wrong: a quiet "all clear".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from tui.engine.health.attention import KINDS, SEVERITY

MARKS = {"error": "!!", "warning": "!", "information": "i"}
STYLES = {"error": "bold red", "warning": "bold yellow", "information": "cyan"}


def strip_text(counts: Mapping[str, Sequence[str]], incidents: int = 0) -> Text:
    text = Text()
    parts = [(kind, len(counts.get(kind, ()))) for kind in KINDS]
    parts = [(kind, n) for kind, n in parts if n]
    if not parts:
        text.append("all clear", style="dim")
    for index, (kind, count) in enumerate(parts):
        if index:
            text.append(" · ", style="dim")
        severity = SEVERITY.get(kind, "warning")
        text.append(f"{MARKS[severity]} {kind} {count}", style=STYLES[severity])
    if incidents:
        text.append(f"   {incidents} incident(s) this session (I)", style="dim")
    return text


class AlertStrip(Static):
    DEFAULT_CSS = """
    AlertStrip { height: 1; padding: 0 1; display: none; }
    AlertStrip.-known { display: block; }
    """

    def show(self, counts: Mapping[str, Sequence[str]], incidents: int = 0) -> None:
        """Hidden until the first counts arrive (no empty line while nothing is known)."""
        self.update(strip_text(counts, incidents))
        self.add_class("-known")
