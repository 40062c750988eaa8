"""Graph axes: nice ceilings and tick labels that never repeat."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from widgets.stats_graphs import (
    axis_ticks,
    bytes_label,
    count_label,
    nice_ceiling,
    percent_label,
    rate_label,
)

FORMATTERS = [count_label, percent_label, bytes_label, rate_label]


def test_pids_axis_has_whole_numbers_once_each():
    ticks, labels = axis_ticks(2.0, 5, count_label)
    assert ticks == [0.0, 1.0, 2.0]
    assert labels == ["0", "1", "2"]


@given(st.floats(min_value=1e-3, max_value=1e15, allow_nan=False), st.floats(0.1, 10))
def test_nice_ceiling_is_a_round_number_at_or_above(value, minimum):
    ceiling = nice_ceiling(value, minimum)
    assert ceiling >= max(value, minimum) * 0.999999
    mantissa = ceiling / 10 ** math.floor(math.log10(ceiling) + 1e-9)
    assert any(math.isclose(mantissa, m) for m in (1.0, 2.0, 2.5, 5.0, 10.0))


@given(
    st.floats(min_value=1, max_value=1e13, allow_nan=False),
    st.sampled_from([3, 5]),
    st.sampled_from(FORMATTERS),
)
def test_ticks_rise_start_at_zero_and_labels_are_distinct(top, rows, formatter):
    ceiling = nice_ceiling(top)
    ticks, labels = axis_ticks(ceiling, rows, formatter)
    assert ticks[0] == 0
    assert ticks == sorted(ticks) and len(ticks) == len(labels)
    assert len(set(labels)) == len(labels)
    if formatter is count_label:
        assert all(float(t).is_integer() for t in ticks)
