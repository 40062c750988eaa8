"""The stats arithmetic against recorded samples and the CLI's own output.

v1_*.json: recorded from the sandbox engine (cgroup v1) with
``curl --unix-socket ... /containers/<name>/stats?stream=false``, and cli_recorded.json holds
what ``docker stats --no-stream --format '{{json .}}'`` printed right after for the same
containers. v2_web.json is a cgroup v2 sample written by hand from the Engine API reference.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.engine.stats.stats_math import (
    StatsReading,
    block_io,
    bytes_size,
    cli_columns,
    compute_figures,
    cpu_limit_cores,
    cpu_percent,
    human_size,
    memory_used,
    network_io,
    parse_cpuset,
    precpu_from_api,
    reading_from_api,
)

DATA = Path(__file__).with_name("data")
CLI = json.loads((DATA / "cli_recorded.json").read_text())


def load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text())


def figures_of(name: str):
    raw = load(name)
    return compute_figures(reading_from_api(raw), None, precpu=precpu_from_api(raw))


@pytest.mark.parametrize("name", ["v1_idle", "v1_io", "v1_busy"])
def test_v1_samples_match_the_cli(name):
    columns = cli_columns(figures_of(name))
    expected = CLI[name]
    keys = ["MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs"]
    if name != "v1_busy":  # the busy one's CPU moved between our sample and the CLI's
        keys.append("CPUPerc")
    assert {k: columns[k] for k in keys} == {k: expected[k] for k in keys}


def test_v1_busy_cpu_is_the_cli_formula():
    raw = load("v1_busy")
    cpu, pre = raw["cpu_stats"], raw["precpu_stats"]
    delta = cpu["cpu_usage"]["total_usage"] - pre["cpu_usage"]["total_usage"]
    system = cpu["system_cpu_usage"] - pre["system_cpu_usage"]
    expected = delta / system * cpu["online_cpus"] * 100.0
    figures = figures_of("v1_busy")
    assert figures.cpu_percent == pytest.approx(expected)
    assert 50.0 < figures.cpu_percent < 110.0
    assert cli_columns(figures)["CPUPerc"] == f"{expected:.2f}%"


def test_v1_limit_is_the_memory_limit():
    figures = figures_of("v1_idle")
    assert figures.mem_limit == 64 * 1024 * 1024


def test_v2_sample_matches_the_cli_arithmetic():
    figures = figures_of("v2_web")
    assert cli_columns(figures) == {
        "CPUPerc": "50.00%",
        "MemUsage": "79.5MiB / 512MiB",
        "MemPerc": "15.53%",
        "NetIO": "1.24MB / 89.5kB",
        "BlockIO": "7.05MB / 12.3kB",
        "PIDs": "12",
    }
    assert figures.mem_used == 104857600 - 21495808


def test_v1_without_online_cpus_counts_percpu_entries():
    raw = load("v1_busy")
    del raw["cpu_stats"]["online_cpus"]
    assert reading_from_api(raw).online_cpus == len(raw["cpu_stats"]["cpu_usage"]["percpu_usage"])


def test_one_shot_sample_has_no_cpu_figure_until_a_second_reading():
    raw = load("v2_web")
    raw["precpu_stats"] = {"cpu_usage": {"total_usage": 0}, "system_cpu_usage": 0}
    first = reading_from_api(raw)
    assert compute_figures(first, None).cpu_percent == 0.0
    later = dict(raw)
    later["cpu_stats"] = {
        "cpu_usage": {"total_usage": 2500000000},
        "system_cpu_usage": 908000000000,
        "online_cpus": 4,
    }
    later["read"] = "2026-11-28T16:30:02.000000000Z"
    later["networks"] = {"eth0": {"rx_bytes": 1234567 + 1000 + 4000, "tx_bytes": 89012 + 500}}
    figures = compute_figures(reading_from_api(later), first)
    assert figures.cpu_percent == pytest.approx(50.0)
    assert figures.net_rx_rate == pytest.approx(4000.0)
    assert figures.net_tx_rate == pytest.approx(0.0)


def test_memory_used_v1_key_wins_and_falls_back_like_go():
    assert memory_used(100, {"total_inactive_file": 30, "inactive_file": 10}) == 70
    # v1 value not below usage: Go then looks at inactive_file
    assert memory_used(100, {"total_inactive_file": 100, "inactive_file": 10}) == 90
    assert memory_used(100, {"inactive_file": 200}) == 100
    assert memory_used(100, {}) == 100


def test_block_io_and_network_sums():
    entries = [
        {"op": "Read", "value": 5},
        {"op": "read", "value": 1},
        {"op": "Write", "value": 7},
        {"op": "Sync", "value": 100},
        {"op": "", "value": 100},
    ]
    assert block_io(entries) == (6, 7)
    assert block_io(None) == (0, 0)
    assert network_io({"a": {"rx_bytes": 1, "tx_bytes": 2}, "b": {"rx_bytes": 3}}) == (4, 2)


def test_cpu_limit_in_cores_and_percent_of_it():
    assert cpu_limit_cores(nano_cpus=500_000_000) == 0.5
    assert cpu_limit_cores(quota=150_000, period=100_000) == 1.5
    assert cpu_limit_cores(cpuset="0-2,5") == 4.0
    assert cpu_limit_cores(nano_cpus=2_000_000_000, cpuset="0") == 1.0
    assert cpu_limit_cores() is None
    raw = load("v2_web")
    figures = compute_figures(reading_from_api(raw), None, 0.5, precpu_from_api(raw))
    assert figures.cpu_limit_percent == pytest.approx(100.0)


def test_go_units_text():
    assert bytes_size(0) == "0B"
    assert bytes_size(1023) == "1023B"
    assert bytes_size(1024) == "1KiB"
    assert bytes_size(25276510208) == "23.54GiB"
    assert human_size(999) == "999B"
    assert human_size(1000) == "1kB"
    assert human_size(1_500_000) == "1.5MB"


# --- properties ---------------------------------------------------------------------------

counters = st.integers(min_value=0, max_value=2**62)


@given(counters, counters, counters, counters, st.integers(min_value=1, max_value=512))
def test_cpu_percent_is_never_negative_and_zero_without_progress(a, b, c, d, ncpu):
    value = cpu_percent(a, b, c, d, ncpu)
    assert value >= 0.0
    if a <= b or c <= d:
        assert value == 0.0


@given(
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=1, max_value=256),
)
def test_cpu_percent_of_a_full_share(system_delta, start, ncpu):
    """A container that used all the system's CPU time reads ncpu * 100 %."""
    value = cpu_percent(start + system_delta, start, start + system_delta, start, ncpu)
    assert value == pytest.approx(ncpu * 100.0)


@given(
    counters, st.dictionaries(st.sampled_from(["total_inactive_file", "inactive_file"]), counters)
)
def test_memory_used_bounds(usage, stats):
    used = memory_used(usage, stats)
    assert 0 <= used <= float(usage)  # Go converts to float64 too


SIZE_TEXT = re.compile(r"^\d+(\.\d+)?(e[+-]\d+)?(B|KiB|MiB|GiB|TiB|PiB|EiB|ZiB|YiB)$")


@given(st.floats(min_value=0, max_value=1e24, allow_nan=False))
def test_bytes_size_shape(size):
    text = bytes_size(size)
    assert SIZE_TEXT.match(text), text


@given(st.sets(st.integers(min_value=0, max_value=127), min_size=1))
def test_parse_cpuset_round_trip(cpus):
    text = ",".join(str(c) for c in sorted(cpus))
    assert parse_cpuset(text) == cpus


@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=10**9),
    st.floats(min_value=0.01, max_value=3600),
)
def test_rates_times_seconds_give_the_delta(start, delta, seconds):
    def reading(t: float, rx: int) -> StatsReading:
        return StatsReading(t, 0, 0, 1, 0, {}, 0, rx, 0, rx, 0, 0)

    before, after = reading(100.0, start), reading(100.0 + seconds, start + delta)
    figures = compute_figures(after, before)
    assert figures.net_rx_rate * seconds == pytest.approx(delta, rel=1e-6, abs=1e-6)
    assert figures.blk_read_rate == figures.net_rx_rate
    # a counter that went down (the container restarted) gives 0, not a negative rate
    assert compute_figures(before, after).net_rx_rate == 0.0
