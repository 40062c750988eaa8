"""Issue 17: screens and widgets reach the engine through the door (``session.containers``,
``session.images``...), never through a docker-py client of their own."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLIENT_USE = re.compile(r"\bsession\.(client|stream_client|connection)\b|\bstream_client\(")


def test_no_screen_or_widget_takes_a_client():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("tui/screens", "widgets", "themes")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if CLIENT_USE.search(line)
    ]
    assert offenders == []
