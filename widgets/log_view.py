"""A fast, bounded log view (Line API): only the rows on screen are ever rendered.

Lines are :class:`tui.engine.logs.log_lines.LogLine` objects whose ``text`` is already safe (SGR
colour kept, every other control made visible); they become ``Text.from_ansi`` only when
shown, and never go through markup. The view keeps at most ``max_lines`` lines, follows the
end while the user is at the bottom, wraps (by cells) or scrolls sideways, shows timestamps,
marks stderr, prefixes merged lines with a coloured container name, highlights every search
match and shows only the lines that pass a filter.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from time import perf_counter

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.engine.logs.log_lines import MARKER, STDERR, LogLine
from tui.engine.logs.log_query import find_spans, line_matches

NAME_COLOURS = ["cyan", "magenta", "green", "yellow", "bright_blue", "bright_red", "bright_cyan"]
_HIT = Style(reverse=True)
_CURRENT = Style(bgcolor="yellow", color="black", bold=True)
_STDERR = Style(color="red", bold=True)
_TS = Style(dim=True)
_MARKER = Style(color="yellow", bold=True)
_NOTE = Style(italic=True, dim=True)
_NAME_STYLES = [Style(color=colour) for colour in NAME_COLOURS]


def display_ts(ts: str) -> str:
    return f"{ts[:10]} {ts[11:23]}" if ts else " " * 23


class LogView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    LogView { background: $surface; color: $text; overflow: auto; }
    LogView:focus { background-tint: $foreground 3%; }
    """
    BINDINGS = [
        Binding("g,home", "top", "Top", show=False, id="logs.top"),
        Binding("G,end", "bottom", "Bottom/follow", show=False, id="logs.bottom"),
    ]

    def __init__(
        self,
        max_lines: int = 10_000,
        *,
        names: list[str] | None = None,
        merged: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.max_lines = max(10, max_lines)
        self.names = names or []
        self.merged = merged
        self.wrap = False
        self.show_timestamps = False
        self._all: list[LogLine] = []
        self._shown: list[LogLine] = []
        self._starts: list[int] = []  # wrap: absolute first row of each shown line
        self._rows_end = 0
        self._filter: re.Pattern[str] | None = None
        self._inverse = False
        self._search: re.Pattern[str] | None = None
        self._hits: list[tuple[int, int]] = []  # (absolute shown index, matches in the line)
        self._shown_base = 0  # absolute index of _shown[0]
        self.match_count = 0
        self._current: tuple[int, int] | None = None  # (absolute shown index, match number)
        # Strips are heavy (each holds seven caches): keep about a few screens' worth.
        self._cache: LRUCache[LogLine, Strip] = LRUCache(512)
        # final rows (not wrapped): line -> ((scroll x, width, style), strip)
        self._rows: LRUCache[LogLine, tuple[tuple[int, int, Style], Strip]] = LRUCache(256)
        self._frame_style: Style | None = None
        self._wrap_width = 0
        self._seen_width = 0
        self.dropped = 0
        self._follow = True  # stick to the end; off when the user scrolls up
        self._auto = False  # True while the view scrolls itself
        self._end_pending = False  # a scroll to the end waits for the next layout
        #: How long one render of the view takes (wall clock, moving average): what a
        #: flood of new rows costs the UI thread per frame on this machine, now.
        self.render_seconds = 0.0

    # -- queries

    @property
    def line_count(self) -> int:
        return len(self._all)

    @property
    def shown_lines(self) -> list[LogLine]:
        return list(self._shown)

    @property
    def following(self) -> bool:
        return self._follow

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self._auto:  # the user scrolled: follow again only at the very end
            self._follow = new_value >= self.max_scroll_y

    def _scroll_self(self, y: float | None = None) -> None:
        self._auto = True
        try:
            if y is None:
                self.scroll_end(animate=False, immediate=True, x_axis=False)
            else:
                self.scroll_to(y=max(0, y), animate=False, immediate=True)
        finally:
            self._auto = False
        if y is None and self.scroll_y < self.max_scroll_y and not self._end_pending:
            # Before the layout that follows the first overflow, the view cannot scroll
            # yet (no scrollbar): go to the end once it can, if still following then.
            self._end_pending = True
            self.call_after_refresh(self._end_after_layout)

    def _end_after_layout(self) -> None:
        self._end_pending = False
        if self._follow:
            self._scroll_self()

    @property
    def current_match(self) -> int:
        """1-based number of the current match among all matches (0: none)."""
        if self._current is None:
            return 0
        index, k = self._current
        pos = bisect_left(self._hits, (index, 0))
        return sum(count for _, count in self._hits[:pos]) + k + 1

    def current_line(self) -> LogLine | None:
        """The line of the current match, else the last line on screen."""
        if self._current is not None:
            pos = self._current[0] - self._shown_base
            if 0 <= pos < len(self._shown):
                return self._shown[pos]
        if not self._shown:
            return None
        bottom = int(self.scroll_y) + max(1, self.scrollable_content_region.height) - 1
        index, _ = self._row_to_line(min(bottom, self._total_rows() - 1))
        return self._shown[index] if 0 <= index < len(self._shown) else None

    def prefix_text(self, line: LogLine) -> str:
        parts = []
        if self.merged:
            parts.append(self._source_name(line).ljust(self._name_width()) + " ")
        if self.show_timestamps:
            parts.append(display_ts(line.ts) + " ")
        return "".join(parts)

    def plain_line(self, line: LogLine) -> str:
        """A line as saved or copied: prefix, plain text, truncation note."""
        note = f" ... [{line.length:,} bytes, truncated]" if line.truncated else ""
        err = "E " if line.stream == STDERR else ""
        return f"{self.prefix_text(line)}{err}{line.plain}{note}"

    # -- feeding

    def clear(self) -> None:
        self._all.clear()
        self._rebuild()

    def add_lines(self, lines: Iterable[LogLine], dropped: int = 0) -> None:
        batch = list(lines)
        self.dropped += dropped
        if not batch:
            return
        if self.merged:
            batch.sort(key=_ts_key)
            if self._all and batch[0].ts and self._all[-1].ts > batch[0].ts:
                batch = self._retract_after(batch[0].ts) + batch
                batch.sort(key=_ts_key)
        self._append(batch)
        evicted_rows = self._evict()
        self._update_virtual_size()
        if self._follow:
            self._scroll_self()
        elif evicted_rows:
            self._scroll_self(self.scroll_y - evicted_rows)
        self.refresh()

    def _append(self, batch: list[LogLine]) -> None:
        self._all.extend(batch)
        shown = self._shown
        filt, inverse, search = self._filter, self._inverse, self._search
        wrap = self.wrap
        for line in batch:
            if filt is not None and not line_matches(filt, line.plain, inverse):
                continue
            if search is not None:
                count = len(find_spans(search, line.plain))
                if count:
                    self._hits.append((self._shown_base + len(shown), count))
                    self.match_count += count
            if wrap:
                self._starts.append(self._rows_end)
                self._rows_end += self._height(line)
            shown.append(line)

    def _retract_after(self, ts: str) -> list[LogLine]:
        """Take back the lines later than ts (merged logs: an older line arrived late)."""
        cut = bisect_right(self._all, ts, key=_ts_key)
        taken = self._all[cut:]
        del self._all[cut:]
        taken_ids = {id(line) for line in taken}
        keep = len(self._shown)
        while keep and id(self._shown[keep - 1]) in taken_ids:
            keep -= 1
        self._truncate_shown(keep)
        return taken

    def _truncate_shown(self, keep: int) -> None:
        del self._shown[keep:]
        limit = self._shown_base + keep
        while self._hits and self._hits[-1][0] >= limit:
            self.match_count -= self._hits.pop()[1]
        if self._current is not None and self._current[0] >= limit:
            self._current = None
        if self.wrap:
            if keep < len(self._starts):
                self._rows_end = self._starts[keep]
            del self._starts[keep:]

    def _evict(self) -> int:
        """Drop the oldest lines over the cap; the number of rows that went away."""
        excess = len(self._all) - self.max_lines
        if excess <= 0:
            return 0
        gone = self._all[:excess]
        del self._all[:excess]
        if self._filter is None:
            count = min(excess, len(self._shown))
        else:
            ids = {id(line) for line in gone}
            count = 0
            while count < len(self._shown) and id(self._shown[count]) in ids:
                count += 1
        if not count:
            return 0
        rows = count
        if self.wrap:
            rows = (self._starts[count] if count < len(self._starts) else self._rows_end) - (
                self._starts[0]
            )
            del self._starts[:count]
        del self._shown[:count]
        self._shown_base += count
        gone_hits = bisect_left(self._hits, (self._shown_base, 0))
        if gone_hits:
            self.match_count -= sum(count for _, count in self._hits[:gone_hits])
            del self._hits[:gone_hits]
        if self._current is not None and self._current[0] < self._shown_base:
            self._current = None
        return rows

    # -- settings

    def set_filter(self, pattern: re.Pattern[str] | None, inverse: bool = False) -> None:
        self._filter, self._inverse = pattern, inverse
        self._rebuild()

    def set_search(self, pattern: re.Pattern[str] | None) -> None:
        self._search = pattern
        self._rebuild()
        if self._hits:
            self.next_match(forward=False)

    def set_wrap(self, wrap: bool) -> None:
        """Wrap on or off: the shown lines stay, only their rows change."""
        if wrap == self.wrap:
            return
        self.wrap = wrap
        self._restyle()

    def set_timestamps(self, show: bool) -> None:
        """Timestamps on or off: only the rendering changes (and the rows when wrapping)."""
        if show == self.show_timestamps:
            return
        self.show_timestamps = show
        self._restyle()

    def _restyle(self) -> None:
        """The lines are the same but they look different: new rows (when wrapping), new
        strips. Costs the screen, plus one height per line when wrapping."""
        self._cache.clear()
        self._rows.clear()
        self._recount_rows()
        self._update_virtual_size()
        if self._follow:
            self._scroll_self()
        self.refresh()

    def _recount_rows(self) -> None:
        self._starts = []
        self._rows_end = 0
        if not self.wrap:
            return
        self._wrap_width = self._content_width()
        starts = self._starts
        row = 0
        height = self._height
        for line in self._shown:
            starts.append(row)
            row += height(line)
        self._rows_end = row

    def _rebuild(self) -> None:
        lines = self._all
        self._all = []
        self._shown = []
        self._starts = []
        self._rows_end = 0
        self._hits = []
        self._shown_base = 0
        self.match_count = 0
        self._current = None
        self._cache.clear()
        self._rows.clear()
        self._seen_width = 0
        self._wrap_width = self._content_width()
        self._append(lines)
        self._update_virtual_size()
        if self._follow:
            self._scroll_self()
        self.refresh()

    # -- search navigation

    def next_match(self, forward: bool = True) -> bool:
        """Go to the next (or previous) match and scroll it into view."""
        if not self._hits:
            self._current = None
            return False
        if self._current is None:
            top_index, _ = self._row_to_line(int(self.scroll_y))
            pos = bisect_left(self._hits, (self._shown_base + top_index, 0))
            if forward:
                pos = min(pos, len(self._hits) - 1)
            else:
                pos = len(self._hits) - 1 if self._follow else max(0, pos - 1)
            index, count = self._hits[pos]
            self._current = (index, 0 if forward else count - 1)
        else:
            index, k = self._current
            pos = bisect_left(self._hits, (index, 0))
            count = self._hits[pos][1] if pos < len(self._hits) else 0
            if forward and k + 1 < count:
                self._current = (index, k + 1)
            elif not forward and k > 0:
                self._current = (index, k - 1)
            else:
                pos = (pos + (1 if forward else -1)) % len(self._hits)
                index, count = self._hits[pos]
                self._current = (index, 0 if forward else count - 1)
        self._cache.clear()
        self._rows.clear()
        self._scroll_to_line(self._current[0] - self._shown_base)
        self.refresh()
        return True

    def _scroll_to_line(self, index: int) -> None:
        row = self._line_row(index)
        height = max(1, self.scrollable_content_region.height)
        if not (self.scroll_y <= row < self.scroll_y + height):
            self.scroll_to(y=max(0, row - height // 2), animate=False, immediate=True)

    def action_top(self) -> None:
        self.scroll_home(animate=False, immediate=True)
        self._follow = False  # even when already at the top (a view not yet scrolled)

    def action_bottom(self) -> None:
        self._scroll_self()
        self._follow = True

    # -- geometry

    def _content_width(self) -> int:
        return max(10, self.scrollable_content_region.width or self.size.width or 80)

    def _prefix_width(self) -> int:
        width = 2
        if self.merged:
            width += self._name_width() + 1
        if self.show_timestamps:
            width += 24
        return width

    def _height(self, line: LogLine) -> int:
        cells = self._prefix_width() + cell_len(line.plain)
        if line.truncated:
            cells += 40
        width = self._wrap_width or self._content_width()
        return max(1, -(-cells // width))

    def _total_rows(self) -> int:
        if self.wrap:
            return self._rows_end - (self._starts[0] if self._starts else 0)
        return len(self._shown)

    def _line_row(self, index: int) -> int:
        if self.wrap and self._starts:
            return self._starts[index] - self._starts[0]
        return index

    def _row_to_line(self, row: int) -> tuple[int, int]:
        if not self.wrap:
            return row, 0
        if not self._starts:
            return 0, 0
        absolute = row + self._starts[0]
        index = bisect_right(self._starts, absolute) - 1
        return index, absolute - self._starts[index]

    def _virtual_width(self) -> int:
        if self.wrap:
            return self._content_width()
        # Only lines wider than the view need a horizontal range; a width that follows
        # every narrower line would cost a layout (a full repaint) each time it changes.
        return self._seen_width if self._seen_width > self._content_width() else 1

    def _update_virtual_size(self) -> None:
        size = Size(self._virtual_width(), self._total_rows())
        if size != self.virtual_size:
            self.virtual_size = size

    def on_resize(self) -> None:
        if self.wrap and self._content_width() != self._wrap_width:
            self._restyle()

    def refresh_width(self) -> None:
        """Widen the horizontal scroll range to the widest line rendered so far."""
        if not self.wrap and self._virtual_width() != self.virtual_size.width:
            self._update_virtual_size()

    # -- rendering

    def _source_name(self, line: LogLine) -> str:
        if 0 <= line.source < len(self.names):
            return self.names[line.source]
        return "?"

    def _name_width(self) -> int:
        return min(24, max((len(name) for name in self.names), default=1))

    def _line_text(self, line: LogLine, absolute: int) -> Text:
        text = Text(no_wrap=True, end="")
        if self.merged:
            colour = NAME_COLOURS[line.source % len(NAME_COLOURS)]
            name = self._source_name(line)[: self._name_width()].ljust(self._name_width())
            text.append(name + " ", style=colour)
        if self.show_timestamps:
            text.append(display_ts(line.ts) + " ", style=_TS)
        text.append("▌ " if line.stream == STDERR else "  ", style=_STDERR)
        start = len(text)
        if line.stream == MARKER:
            text.append(line.plain, style=_MARKER)
        else:
            body = line.text
            text.append_text(Text.from_ansi(body) if "\x1b" in body else Text(body))
        if self._search is not None:
            for k, (a, b) in enumerate(find_spans(self._search, line.plain)):
                current = self._current == (absolute, k)
                text.stylize(_CURRENT if current else _HIT, start + a, start + b)
        if line.truncated:
            text.append(f" … [{line.length:,} bytes, truncated]", style=_NOTE)
        return text

    def _strip(self, index: int) -> Strip:
        line = self._shown[index]
        cached = self._cache.get(line)
        if cached is not None:
            return cached
        text = self._line_text(line, self._shown_base + index)
        strip = Strip(list(text.render(self.app.console)), text.cell_len)
        self._seen_width = max(self._seen_width, strip.cell_length)
        self._cache[line] = strip
        return strip

    def _plain_pieces(self, line: LogLine) -> list[tuple[str, Style | None]] | None:
        """The pieces of a plain ASCII line (the common case of a flood), else None.

        One cell per character, so cropping is slicing: such a row is built as one final
        Strip, without Text, without a console render and without intermediate strips.
        """
        if line.stream == MARKER or line.truncated or self._search is not None:
            return None
        body = line.text
        if "\x1b" in body or not body.isascii():
            return None
        pieces: list[tuple[str, Style | None]] = []
        if self.merged:
            width = self._name_width()
            name = self._source_name(line)[:width].ljust(width) + " "
            if not name.isascii():
                return None
            pieces.append((name, _NAME_STYLES[line.source % len(_NAME_STYLES)]))
        if self.show_timestamps:
            pieces.append((display_ts(line.ts) + " ", _TS))
        pieces.append(("▌ " if line.stream == STDERR else "  ", _STDERR))
        pieces.append((body, None))
        return pieces

    def _row_strip(self, index: int, x: int, width: int, style: Style) -> Strip:
        """The final strip of a line that is not wrapped: cropped at x, width cells wide."""
        line = self._shown[index]
        key = (x, width, style)
        cached = self._rows.get(line)
        if cached is not None and cached[0] == key:
            return cached[1]
        pieces = self._plain_pieces(line)
        if pieces is None:
            strip = self._strip(index).crop_extend(x, x + width, style).apply_style(style)
        else:
            segments: list[Segment] = []
            pos, end = 0, x + width
            for text, piece_style in pieces:
                size = len(text)
                if pos + size > x and pos < end:
                    part = text[max(0, x - pos) : end - pos]
                    segments.append(Segment(part, style + piece_style if piece_style else style))
                pos += size
            if pos > self._seen_width:
                self._seen_width = pos
            shown = min(pos, end) - min(pos, x)
            if shown < width:
                segments.append(Segment(" " * (width - shown), style))
            strip = Strip(segments, width)
        self._rows[line] = (key, strip)
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        # Values that hold for every row of one frame, looked up once per frame.
        self._frame_style = self.rich_style
        start = perf_counter()
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None
            spent = perf_counter() - start
            self.render_seconds += (spent - self.render_seconds) * 0.25

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width or self.size.width
        style = self._frame_style or self.rich_style
        row = scroll_y + y
        if row >= self._total_rows() or row < 0:
            return Strip.blank(width, style)
        index, sub = self._row_to_line(row)
        if index >= len(self._shown):
            return Strip.blank(width, style)
        if not self.wrap:
            return self._row_strip(index, scroll_x, width, style)
        strip = self._strip(index)
        wrap_width = self._wrap_width or width
        cuts = [*range(wrap_width, strip.cell_length, wrap_width), strip.cell_length]
        parts = strip.divide(cuts)
        strip = parts[sub] if sub < len(parts) else Strip.blank(width)
        return strip.crop_extend(0, width, style).apply_style(style)


def _ts_key(line: LogLine) -> str:
    return line.ts
