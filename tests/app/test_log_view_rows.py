"""LogView rows without an engine: the fast path for plain lines draws exactly what the
general (Text) path draws, and the timestamps / wrap toggles keep the lines and follow."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.engine.logs.log_lines import STDERR, STDOUT, LogLine
from widgets.log_view import LogView

TS = "2026-11-28T19:00:00.{:09d}Z"


class ViewApp(App[None]):
    def __init__(self, merged: bool = False) -> None:
        super().__init__()
        self.merged = merged

    def compose(self) -> ComposeResult:
        yield LogView(1000, names=["web", "database-1"], merged=self.merged)


def lines(count: int, source: int = 0, start: int = 0) -> list[LogLine]:
    return [
        LogLine(
            (source + i) % 2 if source < 0 else source,
            STDERR if i % 3 == 0 else STDOUT,
            TS.format(start + i),
            f"GET /api/items?page={start + i} HTTP/1.1 200 rt=0.012".encode(),
        )
        for i in range(count)
    ]


def segments(strip) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """Text and style per cell run (segments split differently are the same picture)."""
    out: list[tuple[str, object]] = []
    for segment in strip:
        for char in segment.text:
            out.append((char, segment.style))
    return out


async def test_plain_rows_match_the_general_rendering() -> None:
    for merged in (False, True):
        app = ViewApp(merged)
        async with app.run_test(size=(100, 20)) as pilot:
            view = app.query_one(LogView)
            view.add_lines(lines(30, source=-1))
            await pilot.pause()
            style = view.rich_style
            assert view._plain_pieces(view.shown_lines[0]) is not None  # the fast path
            for timestamps in (False, True):
                view.set_timestamps(timestamps)
                for index in range(len(view.shown_lines)):
                    for x, width in ((0, 96), (7, 40), (90, 30)):
                        fast = view._row_strip(index, x, width, style)
                        view._rows.clear()
                        general = view._strip(index).crop_extend(x, x + width, style)
                        general = general.apply_style(style)
                        assert fast.cell_length == width
                        assert segments(fast) == segments(general), (merged, timestamps, x)


async def test_timestamps_and_wrap_toggles_keep_lines_and_follow() -> None:
    app = ViewApp()
    async with app.run_test(size=(80, 12)) as pilot:
        view = app.query_one(LogView)
        long = LogLine(0, STDOUT, TS.format(999), b"x" * 200)
        view.add_lines([*lines(500), long])
        await pilot.pause()
        assert view.following
        count = view.line_count
        view.set_timestamps(True)
        await pilot.pause()
        assert view.line_count == count and view.following
        assert "2026-11-28 19:00:00.000" in "".join(
            seg.text for seg in view.render_line(view.size.height - 2)
        )
        rows_before = view.virtual_size.height
        view.set_wrap(True)
        await pilot.pause()
        assert view.virtual_size.height > rows_before  # the 200-cell line takes several rows
        assert view.line_count == count and view.following
        bottom = "".join(seg.text for seg in view.render_line(view.size.height - 1))
        assert "xxxx" in bottom  # the end of the long line, at the bottom
        view.set_wrap(False)
        view.set_timestamps(False)
        await pilot.pause()
        assert view.virtual_size.height == count and view.following
        view.add_lines(lines(800, start=1000))  # over the cap of 1,000: the oldest go
        await pilot.pause()
        assert view.line_count == 1000 and view.following


def test_gc_hold_and_release_pair_up() -> None:
    import gc

    from tui.screens.logs import log_gc

    before = gc.get_threshold()
    log_gc.hold()
    log_gc.hold()
    assert gc.get_threshold()[0] >= log_gc.LOGS_THRESHOLD0 and gc.get_freeze_count() > 0
    log_gc.release()
    assert log_gc.holders() == 1 and gc.get_threshold()[0] >= log_gc.LOGS_THRESHOLD0
    log_gc.release()
    log_gc.release()  # one too many: ignored
    assert log_gc.holders() == 0 and gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
