"""since / tail parsing, search and filter of the logs view (pure, property-based)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.engine.logs.log_query import (
    Query,
    find_spans,
    line_matches,
    parse_duration,
    parse_since,
    parse_tail,
)

NOW = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)


@given(st.lists(st.tuples(st.integers(0, 500), st.sampled_from("smhdw")), min_size=1, max_size=4))
def test_durations_add_up(parts):
    text = "".join(f"{n}{unit}" for n, unit in parts)
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    assert parse_duration(text) == sum(n * seconds[u] for n, u in parts)


def test_since_forms():
    assert parse_since("5m", NOW) == NOW.timestamp() - 300
    assert parse_since("1h30m", NOW) == NOW.timestamp() - 5400
    assert parse_since("2026-11-28T11:00:00Z", NOW) == NOW.timestamp() - 3600
    assert parse_since("2026-11-28 13:00:00+02:00", NOW) == NOW.timestamp() - 3600
    assert parse_since("1764331200", NOW) == 1764331200.0
    assert parse_since("", NOW) is None and parse_since("all", NOW) is None
    for bad in ("yesterday", "5x", "m5", "--"):
        with pytest.raises(ValueError):
            parse_since(bad, NOW)


def test_tail():
    assert parse_tail("100") == 100 and parse_tail("all") is None
    with pytest.raises(ValueError):
        parse_tail("lots")


@given(st.text(max_size=30), st.text(min_size=1, max_size=5), st.booleans())
def test_plain_search_finds_every_literal_occurrence(text, needle, case):
    pattern = Query(needle, regex=False, case_sensitive=case).compile()
    spans = find_spans(pattern, text)
    for a, b in spans:
        found = text[a:b]
        assert (
            found == needle
            if case
            else found.lower() == needle.lower()
            or re.fullmatch(re.escape(needle), found, re.IGNORECASE)
        )
    assert bool(spans) == line_matches(pattern, text)
    assert line_matches(pattern, text, inverse=True) != line_matches(pattern, text)


@given(st.text(max_size=20))
def test_empty_query_matches_everything(text):
    pattern = Query("").compile()
    assert pattern is None and line_matches(pattern, text) and find_spans(pattern, text) == []


def test_regex_and_case():
    assert Query("a.c", regex=True).compile().search("ABC")  # type: ignore[union-attr]
    assert not Query("a.c", regex=False).compile().search("abc")  # type: ignore[union-attr]
    assert not Query("abc", case_sensitive=True).compile().search("ABC")  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="bad regular expression"):
        Query("(", regex=True).compile()
