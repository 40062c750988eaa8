"""The wire's frame model: what it writes, fed to a VT emulator (pyte), shows exactly the
wanted frame, with fewer bytes: unchanged rows and cells are not written, moved rows are
scrolled by the terminal, one SGR per run of a style."""

from __future__ import annotations

import random
import unicodedata

import pyte
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

from widgets.wire.frame import Frame

STYLES = [
    Style(),
    Style(color="red"),
    Style(color="green", bgcolor="blue"),
    Style(bold=True, color="yellow"),
    Style(reverse=True),
    Style(color="cyan", bgcolor="magenta", underline=True),
]
PYTE_COLOUR = {"red": "red", "green": "green", "yellow": "brown", "cyan": "cyan",
               "blue": "blue", "magenta": "magenta"}  # fmt: skip


def sgr(style: Style) -> str:
    return Strip.render_ansi(style, ColorSystem.STANDARD)


class Terminal:
    def __init__(self, width: int, height: int) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.Stream(self.screen)
        self.written = 0

    def feed(self, data: str) -> None:
        self.written += len(data.encode())
        self.stream.feed(data)

    def cells(self, y: int) -> list[tuple[str, str, str, bool]]:
        row = self.screen.buffer[y]
        return [
            (unicodedata.normalize("NFC", row[x].data), row[x].fg, row[x].bg, row[x].bold)
            for x in range(self.screen.columns)
        ]


def expected(frame: Frame, y: int) -> list[tuple[str, str, str, bool]]:
    chars, sids = frame.wanted[y]
    out = []
    for x, (char, sid) in enumerate(zip(chars, sids, strict=True)):
        style = frame._styles[sid]
        fg = PYTE_COLOUR.get(style.color.name, "default") if style.color else "default"
        bg = PYTE_COLOUR.get(style.bgcolor.name, "default") if style.bgcolor else "default"
        if style.reverse:
            fg, bg = bg, fg
        if char == "":  # the right half of a wide character: pyte keeps ""
            out.append(("", out[x - 1][1], out[x - 1][2], out[x - 1][3]))
            continue
        out.append((unicodedata.normalize("NFC", char), fg, bg, bool(style.bold)))
    return out


def fill(frame: Frame, rows: list[str], style: Style | None = None) -> None:
    for y, text in enumerate(rows):
        frame.put(0, y, text.ljust(frame.width)[: frame.width], style)


def same_screen(frame: Frame, term: Terminal) -> None:
    for y in range(frame.height):
        assert term.cells(y) == expected(frame, y), f"row {y}"


def test_random_frames_show_exactly_what_is_wanted():
    rng = random.Random(7)
    frame, term = Frame(50, 14, sgr), Terminal(50, 14)
    words = ["alpha", "β-beta", "日本語", "e\u0301t\u00e9", "x", "   ", "GET /api 200", "中"]
    fill(frame, [""] * 14)
    term.feed(frame.flush())
    for _ in range(60):
        for _ in range(rng.randint(1, 12)):
            y, x = rng.randrange(14), rng.randrange(50)
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
            frame.put(x, y, text, rng.choice(STYLES))
        if rng.random() < 0.3:  # a log region moving up by some rows
            k = rng.randint(1, 4)
            rows = [("".join(frame.wanted[y + k][0])) for y in range(2, 12 - k)]
            for y, text in enumerate(rows, 2):
                frame.put(0, y, text, None)
        term.feed(frame.flush())
        same_screen(frame, term)


def test_nothing_changed_writes_nothing():
    frame = Frame(40, 5, sgr)
    fill(frame, ["hello"] * 5, STYLES[2])
    assert frame.flush()
    fill(frame, ["hello"] * 5, STYLES[2])
    assert frame.flush() == ""


def test_one_changed_cell_writes_a_few_bytes_and_one_style_per_run():
    frame, term = Frame(120, 10, sgr), Terminal(120, 10)
    fill(frame, ["status  " * 15] * 10, STYLES[4])
    term.feed(frame.flush())
    # Textual's footer filler: one segment per cell, all of one style -> one SGR.
    for x in range(120):
        frame.put(x, 9, " ", STYLES[2])
    out = frame.flush()
    assert out.count("\x1b[0;") == 1
    term.feed(out)
    frame.put(5, 3, "X", STYLES[4])
    out = frame.flush()
    term.feed(out)
    assert len(out) < 30
    same_screen(frame, term)


def test_a_following_log_is_scrolled_by_the_terminal():
    width, height = 160, 45
    frame, term = Frame(width, height, sgr), Terminal(width, height)
    rng = random.Random(3)  # lines that differ all along (not only in a counter's digits)
    log = [" ".join(rng.choice(["GET", "POST", "/api/items", "200", "404", "rt=0.012",
                                "upstream=app-3", "HTTP/1.1", "-"]) for _ in range(8))
           for i in range(100)]  # fmt: skip
    fill(frame, ["title"] + log[:43] + ["footer " * 10], STYLES[1])
    term.feed(frame.flush())
    start = term.written
    for new in range(43, 63):  # one new line each frame: the region 1..43 moves up by one
        for y, text in enumerate(log[new - 42 : new + 1], 1):
            frame.put(0, y, text.ljust(width), STYLES[1])
        term.feed(frame.flush())
        same_screen(frame, term)
    assert frame.scrolls == 20
    assert (term.written - start) / 20 < 260  # the new row (160 cells) and a few sequences


def test_a_shift_beside_a_still_column_is_repainted_when_cheaper():
    frame, term = Frame(60, 12, sgr), Terminal(60, 12)
    left = [f"container-{i:02d}".ljust(30) for i in range(12)]
    right = [f"log {i}".ljust(30) for i in range(20)]
    for y in range(12):
        frame.put(0, y, left[y] + right[y], None)
    term.feed(frame.flush())
    for y in range(12):  # only the right half moves up
        frame.put(30, y, right[y + 1], None)
    term.feed(frame.flush())
    same_screen(frame, term)


def test_forget_repaints_everything():
    frame, term = Frame(30, 4, sgr), Terminal(30, 4)
    fill(frame, ["abc"] * 4)
    term.feed(frame.flush())
    term.screen.reset()
    frame.forget()
    term.feed(frame.flush())
    same_screen(frame, term)
