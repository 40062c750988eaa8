from hypothesis import given
from hypothesis import strategies as st

from tui.engine.core.sanitize import clean_log_line, clean_text, strip_sgr


def test_escapes_become_visible():
    assert clean_text("a\x1b]0;title\x07b") == "a\\x1b]0;title\\x07b"
    assert clean_text("x\x9by") == "x\\x9by"
    assert clean_text("\u202eevil") == "\\u202eevil"


def test_markup_is_left_as_text_for_text_objects():
    assert clean_text("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


def test_log_keeps_sgr_only():
    line = "\x1b[31mred\x1b[0m \x1b[2J \x1b]52;c;aGk=\x07"
    out = clean_log_line(line)
    assert "\x1b[31m" in out and "\x1b[0m" in out
    assert "\x1b[2J" not in out
    assert "\\x1b[2J" in out
    assert strip_sgr(out).count("\x1b") == 0


@given(st.text())
def test_clean_text_has_no_controls(value):
    out = clean_text(value)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in out)


@given(st.binary())
def test_log_bytes_never_raise_and_only_sgr_survives(data):
    out = clean_log_line(data)
    assert not any((ord(c) < 0x20 and c != "\x1b") or 0x7F <= ord(c) <= 0x9F for c in out)
    assert "\x1b" not in strip_sgr(out)


def test_parse_time_with_fraction_and_offset():
    from datetime import datetime, timedelta, timezone

    from tui.engine.core.model import parse_time

    assert parse_time("2026-11-28T10:00:10.5+01:00") == datetime(
        2026, 11, 28, 10, 0, 10, 500000, tzinfo=timezone(timedelta(hours=1))
    )
    assert parse_time("2026-11-28T16:32:10.021557222Z") == datetime(
        2026, 11, 28, 16, 32, 10, 21557, tzinfo=timezone.utc
    )
    assert parse_time("0001-01-01T00:00:00Z") is None
