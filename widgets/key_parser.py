"""Escape and the key typed right behind it are two keys, even in one terminal read.

A terminal sends Alt+x as ESC x, so Textual's parser reads ESC followed by a printable
character as ONE key: "alt+x", or for a digit a macOS Option symbol ("ESC 7" is "¶"). People
type Escape then a pane key ("7") quickly, and over SSH both bytes arrive together: the
escape was lost and the pane never changed. dockpit binds no Alt key, so this parser reads
ESC + a printable character as the escape key and then that character's key. Left alone:
ESC [ and ESC O (the arrow and function keys), ESC ] P _ \\ ^ (terminal replies), ESC f and
ESC b (word moves in text fields), and everything that is not ESC + one character.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser

#: Second characters that begin a longer sequence, or that Textual maps on purpose.
KEEP = frozenset("[O]P_\\^fb")


class EscapeSplittingParser(XTermParser):
    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if len(sequence) == 2 and sequence[0] == "\x1b":
            second = sequence[1]
            if second.isprintable() and second not in KEEP:
                yield events.Key("escape", "\x1b")
                yield from super()._sequence_to_key_events(second)
                return
        yield from super()._sequence_to_key_events(sequence, alt)


def install() -> None:
    """Make the Linux driver (the terminal one) read keys with this parser."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = EscapeSplittingParser  # type: ignore[misc]
