"""Escape and a character in one terminal read are two keys (widgets/key_parser.py)."""

from __future__ import annotations

import time

import pytest

from widgets.key_parser import EscapeSplittingParser


def keys(data: str) -> list[str]:
    parser = EscapeSplittingParser(debug=False)
    out = list(parser.feed(data))
    time.sleep(0.15)  # past ESCDELAY: a lone escape is let out
    out += list(parser.tick())
    return [getattr(token, "key", "") for token in out]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\x1b7", ["escape", "7"]),  # Textual alone: one key, "¶"
        ("\x1bq", ["escape", "q"]),  # Textual alone: "alt+q"
        ("\x1b7q", ["escape", "7", "q"]),
        ("\x1b\x1b7", ["escape", "escape", "7"]),
        ("\x1b[A7", ["up", "7"]),  # arrow keys untouched
        ("\x1bOP", ["f1"]),
        ("\x1b", ["escape"]),
    ],
)
def test_escape_and_a_character_are_two_keys(data: str, expected: list[str]) -> None:
    assert keys(data) == expected
