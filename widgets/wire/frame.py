"""What the terminal shows, cell by cell, and the fewest bytes that turn it into a new frame.

Textual repaints a widget's whole region when anything in it changes: a log view that gains
one line rewrites every row of its region (each row shifted by one), and every row carries the
full style codes of each run. Over SSH that was ~24 KB/s for a 1 line/s log. ``Frame`` keeps
the screen as the terminal has it (characters and interned styles, per row) and the screen as
Textual wants it; ``flush`` writes only the differences:

- rows that did not change are not written; in a changed row only the changed cells (spans
  split where an unchanged stretch is longer than a cursor move);
- a block of rows that moved up (a following log) is shifted by the terminal itself with a
  scroll region (DECSTBM + line feeds), when that costs fewer bytes than repainting: the
  decision compares both costs, so a shift that would force neighbours' cells to be redrawn
  falls back to the plain repaint;
- runs of one style are written with one SGR (Textual writes one per segment, e.g. one per
  cell of a footer's filler) and a style is not repeated while it holds.

Pure: no Textual imports (Rich styles only), so it is tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import ne
from unicodedata import normalize

from rich.cells import get_character_cell_size
from rich.style import Style

UNKNOWN = -1  # a style id no real style has: the cell's content on the terminal is unknown
TAIL = ""  # the second cell of a double-width character
MOVE_COST = 8  # bytes of a cursor move (ESC [ y ; x H): a gap shorter than this is rewritten
MAX_SHIFT = 12  # the largest vertical shift looked for (rows per frame)
MIN_SHIFT_ROWS = 3  # blocks shorter than this are simply repainted

Row = tuple[list[str], list[int]]  # characters, style ids


class Frame:
    """The terminal's cells and the wanted cells; ``flush()`` returns the bytes between them."""

    def __init__(self, width: int, height: int, sgr: Callable[[Style], str]) -> None:
        self.width = width
        self.height = height
        self._sgr_of = sgr  # style -> SGR parameters ("1;38;5;23"), "" for none
        self._ids: dict[Style, int] = {}
        self._looks: dict[tuple[str, str | None], int] = {}
        self._styles: list[Style] = []
        self._sgr: list[str] = []
        self._links: list[str | None] = []
        self.shown: list[Row] = [self._unknown_row() for _ in range(height)]
        self.wanted: list[Row] = [self._unknown_row() for _ in range(height)]
        self._touched: set[int] = set()
        self.scrolls = 0  # how many shifts were done by the terminal (tests, bench)

    # -- input: what Textual wants on screen ------------------------------------------------

    def _unknown_row(self) -> Row:
        return [" "] * self.width, [UNKNOWN] * self.width

    def forget(self) -> None:
        """The terminal's content is unknown (cleared, resumed, resized): write everything."""
        self.shown = [self._unknown_row() for _ in range(self.height)]
        self._touched = set(range(self.height))

    def style_id(self, style: Style | None) -> int:
        """One id per distinct look (SGR and link): styles that differ only in what the
        terminal never sees (Textual's meta: click offsets, widget ids) share it."""
        style = style or _PLAIN
        sid = self._ids.get(style)
        if sid is None:
            codes, link = self._sgr_of(style), style.link or None
            sid = self._looks.get((codes, link))
            if sid is None:
                sid = self._looks[codes, link] = len(self._styles)
                self._styles.append(style)
                self._sgr.append(codes)
                self._links.append(link)
            if len(self._ids) > 50_000:  # styles made per frame (colour fades): bounded
                self._ids.clear()
            self._ids[style] = sid
        return sid

    def put(self, x: int, y: int, text: str, style: Style | None) -> int:
        """Write text at (x, y) into the wanted frame; returns the x after it."""
        if not 0 <= y < self.height or not text:
            return x
        chars, sids = self.wanted[y]
        sid = self.style_id(style)
        width = self.width
        first = max(0, x)
        if 0 < first < width and chars[first] == TAIL:
            chars[first - 1] = " "  # half of a wide character is overwritten: the rest goes
        if text.isascii():
            end = min(width, x + len(text))
            if x < 0:
                text, x = text[-x:], 0
            if end > x:
                chars[x:end] = text[: end - x]
                sids[x:end] = [sid] * (end - x)
            x += len(text)
        else:
            for char in text:
                size = get_character_cell_size(char)
                if size == 0:
                    if 0 < x <= width:  # a combining mark joins the cell before it (composed
                        # when it can be: a terminal may wrap a lone mark at the last column)
                        chars[x - 1] = normalize("NFC", chars[x - 1] + char)
                    continue
                if 0 <= x < width:
                    if size == 2 and x + 1 >= width:
                        chars[x], sids[x] = " ", sid
                    else:
                        chars[x], sids[x] = char, sid
                        if size == 2:
                            chars[x + 1], sids[x + 1] = TAIL, sid
                x += size
        if 0 < x < width and chars[x] == TAIL:
            chars[x] = " "
        self._touched.add(y)
        return x

    def put_segments(self, x: int, y: int, segments: Iterable[tuple[str, Style | None]]) -> int:
        for text, style in segments:
            x = self.put(x, y, text, style)
        return x

    # -- output: the bytes ------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        return bool(self._touched)

    def flush(self) -> str:
        """The terminal sequence that makes the terminal show the wanted frame (may be "")."""
        touched = sorted(self._touched)
        self._touched = set()
        if not touched:
            return ""
        out: list[str] = []
        rows = set(touched)
        for top, bottom, shift in self._shifts(touched):
            out.append(self._scroll(top, bottom, shift))
            rows.update(range(top, bottom + 1))
        state = _Pen()
        for y in sorted(rows):
            self._write_row(y, out, state)
        if state.sid not in (None, 0) or state.link:
            out.append("\x1b[0m")
        return "".join(out)

    def _shifts(self, touched: list[int]) -> list[tuple[int, int, int]]:
        """Blocks of consecutive touched rows whose content moved up, where scrolling pays."""
        found = []
        start = 0
        for i in range(1, len(touched) + 1):
            if i == len(touched) or touched[i] != touched[i - 1] + 1:
                top, bottom = touched[start], touched[i - 1]
                if bottom - top + 1 >= MIN_SHIFT_ROWS:
                    best = self._best_shift(top, bottom)
                    if best is not None:
                        found.append(best)
                start = i
        return found

    def _best_shift(self, top: int, bottom: int) -> tuple[int, int, int] | None:
        """(first row, last row, rows) of the scroll that saves the most cells, if any.

        For each shift k, the gain of row y is how many fewer cells differ when it shows
        what row y + k shows now; the best run of rows (maximum sum) is the scroll region,
        whose last k rows become unknown (paid in full)."""
        shown, wanted = self.shown, self.wanted
        inplace = [_diff(shown[y], wanted[y]) for y in range(top, bottom + 1)]
        # No scroll can pay when the rows barely changed (a clock ticking in each row): a
        # row gains at most what it differs in place, and a scroll loses at least one row.
        if sum(inplace) - (2 * self.width - max(inplace)) - 3 * MOVE_COST <= 0:
            return None
        best: tuple[int, int, int] | None = None
        best_saving = 0
        for k in range(1, min(MAX_SHIFT, bottom - top) + 1):
            run_gain, run_start = 0, top
            top_gain, a, b = 0, top, top - 1
            for y in range(top, bottom - k + 1):
                gain = inplace[y - top] - _diff(shown[y + k], wanted[y])
                if run_gain <= 0:
                    run_gain, run_start = gain, y
                else:
                    run_gain += gain
                if run_gain > top_gain:
                    top_gain, a, b = run_gain, run_start, y
            if b < a:
                continue
            lost = sum(2 * self.width - inplace[y - top] for y in range(b + 1, b + k + 1))
            saving = top_gain - lost - 3 * MOVE_COST
            if saving > best_saving:
                best, best_saving = (a, b + k, k), saving
        return best

    def _scroll(self, top: int, bottom: int, shift: int) -> str:
        """Shift rows top..bottom up by ``shift`` on the terminal (a scroll region and line
        feeds at its bottom margin), and in the model."""
        self.scrolls += 1
        moved = self.shown[top + shift : bottom + 1]
        self.shown[top : bottom + 1] = moved + [self._unknown_row() for _ in range(shift)]
        # The new rows are blank in the terminal's current colours: unknown to the model.
        return f"\x1b[0m\x1b[{top + 1};{bottom + 1}r\x1b[{bottom + 1};1H" + "\n" * shift + "\x1b[r"

    def _write_row(self, y: int, out: list[str], pen: _Pen) -> None:
        s_chars, s_sids = self.shown[y]
        w_chars, w_sids = self.wanted[y]
        if s_chars == w_chars and s_sids == w_sids:
            return
        for x1, x2 in _spans(s_chars, s_sids, w_chars, w_sids):
            if x1 > 0 and w_chars[x1] == TAIL:
                x1 -= 1  # never start inside a double-width character
            if x2 < self.width and w_chars[x2] == TAIL:
                x2 += 1
            out.append(f"\x1b[{y + 1};{x1 + 1}H")
            self._write_cells(w_chars, w_sids, x1, x2, out, pen)
            s_chars[x1:x2] = w_chars[x1:x2]
            s_sids[x1:x2] = w_sids[x1:x2]

    def _write_cells(
        self, chars: list[str], sids: list[int], x1: int, x2: int, out: list[str], pen: _Pen
    ) -> None:
        x = x1
        while x < x2:
            sid = sids[x]
            end = x + 1
            while end < x2 and sids[end] == sid:
                end += 1
            if sid != pen.sid:
                link = self._links[sid] if sid >= 0 else None
                if pen.link and pen.link != link:
                    out.append("\x1b]8;;\x1b\\")
                    pen.link = None
                codes = self._sgr[sid] if sid >= 0 else ""
                out.append(f"\x1b[0;{codes}m" if codes else "\x1b[0m")
                if link and link != pen.link:
                    out.append(f"\x1b]8;id={self._styles[sid].link_id};{link}\x1b\\")
                    pen.link = link
                pen.sid = sid
            out.append("".join(chars[x:end]))
            x = end


class _Pen:
    """The terminal's current style while a flush writes (None: not known)."""

    __slots__ = ("sid", "link")

    def __init__(self) -> None:
        self.sid: int | None = None
        self.link: str | None = None


_PLAIN = Style()


def _spans(
    s_chars: list[str], s_sids: list[int], w_chars: list[str], w_sids: list[int]
) -> list[tuple[int, int]]:
    """Ranges [x1, x2) of cells that differ, merged across gaps shorter than a cursor move."""
    spans: list[tuple[int, int]] = []
    n = len(w_chars)
    x = 0
    while x < n:
        if s_chars[x] == w_chars[x] and s_sids[x] == w_sids[x] and s_sids[x] != UNKNOWN:
            x += 1
            continue
        start = last = x
        x += 1
        while x < n and x - last <= MOVE_COST:
            if s_chars[x] != w_chars[x] or s_sids[x] != w_sids[x] or s_sids[x] == UNKNOWN:
                last = x
            x += 1
        spans.append((start, last + 1))
    return spans


def _diff(shown: Row, wanted: Row) -> int:
    """How many cells differ (characters and styles counted apart: an estimate, C speed)."""
    return sum(map(ne, shown[0], wanted[0])) + sum(map(ne, shown[1], wanted[1]))
