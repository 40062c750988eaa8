"""Pure logic behind volumes, networks, disk usage, prune and events (issue #8)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.engine.core.errors import Conflict, EngineError
from tui.engine.core.model import EngineEvent
from tui.engine.resources.disk_usage import DiskUsage, human_size, with_percent
from tui.engine.resources.networks import network_members, plain
from tui.engine.resources.prune import is_anonymous, label_filters
from tui.engine.resources.volumes import parse_labels, volume_users
from tui.screens.events.events_pane import matches


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0B"),
        (999, "999B"),
        (1000, "1kB"),
        (126976, "127kB"),
        (307200, "307.2kB"),
        (1985577, "1.986MB"),
        (2112000, "2.112MB"),
        (25276510208, "25.28GB"),
    ],
)
def test_human_size_matches_the_docker_cli(size, text):
    assert human_size(size) == text


@given(st.integers(min_value=0, max_value=10**24))
def test_human_size_is_short_and_decimal(size):
    text = human_size(size)
    number = text.rstrip("BkMGTPEZY")
    assert len(number) <= 6
    assert float(number) < 1001


def test_percent_like_the_cli():
    assert with_percent(0, 0) == "0B"
    assert with_percent(126000, 126000) == "126kB (100%)"
    assert with_percent(1, 3) == "1B (33%)"


RAW_DF = {
    "LayersSize": 3000,
    "Images": [
        {"Id": "sha256:a", "RepoTags": ["a:1"], "Size": 2000, "SharedSize": 500, "Containers": 1},
        {"Id": "sha256:b", "RepoTags": None, "Size": 1500, "SharedSize": 500, "Containers": 0},
    ],
    "Containers": [
        {"Id": "c1", "Names": ["/run"], "State": "running", "SizeRw": 10, "Mounts": []},
        {"Id": "c2", "Names": ["/old"], "State": "exited", "SizeRw": 30, "Mounts": []},
        {"Id": "c3", "Names": ["/zz"], "State": "paused", "SizeRw": 5, "Mounts": []},
    ],
    "Volumes": [
        {"Name": "used", "UsageData": {"Size": 100, "RefCount": 1}},
        {"Name": "free", "UsageData": {"Size": 40, "RefCount": 0}},
        {"Name": "remote", "UsageData": {"Size": -1, "RefCount": -1}},
    ],
    "BuildCache": [
        {"ID": "x", "Type": "regular", "Size": 70, "InUse": False, "Shared": False},
        {"ID": "y", "Type": "regular", "Size": 20, "InUse": True, "Shared": False},
        {"ID": "z", "Type": "regular", "Size": 99, "InUse": False, "Shared": True},
    ],
}


def test_disk_usage_summary_follows_the_cli_arithmetic():
    summary = {line.type: line for line in DiskUsage.from_api(RAW_DF).summary()}
    images = summary["Images"]
    assert (images.total, images.active, images.size) == (2, 1, 3000)
    assert images.reclaimable == 3000 - (2000 - 500)
    containers = summary["Containers"]
    assert (containers.total, containers.active, containers.size, containers.reclaimable) == (
        3, 2, 45, 30,
    )  # fmt: skip
    volumes = summary["Local Volumes"]
    assert (volumes.total, volumes.active, volumes.size, volumes.reclaimable) == (3, 1, 140, 40)
    cache = summary["Build Cache"]
    assert (cache.total, cache.active, cache.size, cache.reclaimable) == (3, 1, 90, 70)
    assert cache.reclaimable_text == "70B"
    assert containers.reclaimable_text == "30B (66%)"


def test_labels_parse():
    assert parse_labels("") == {}
    assert parse_labels("a=1, b=2 c=") == {"a": "1", "b": "2", "c": ""}
    with pytest.raises(EngineError, match="key=value"):
        parse_labels("oops")


@given(
    st.dictionaries(
        st.text("abcdefghijklmnopqrstuvwxyz.-", min_size=1, max_size=10),
        st.text("abcxyz0123456789:/._-", max_size=10),
        max_size=5,
    )
)
def test_labels_round_trip(labels):
    text = ", ".join(f"{k}={v}" for k, v in labels.items())
    assert parse_labels(text) == labels
    assert sorted(label_filters(labels)) == sorted(f"{k}={v}" for k, v in labels.items())


def test_anonymous_volumes():
    assert is_anonymous("a" * 64, None)
    assert not is_anonymous("data", None)
    assert is_anonymous("data", {"com.docker.volume.anonymous": ""})


def test_users_and_members_from_one_container_list():
    containers = [
        {
            "Id": "1" * 64,
            "Names": ["/web"],
            "Mounts": [{"Type": "volume", "Name": "v1"}, {"Type": "bind", "Source": "/x"}],
            "NetworkSettings": {
                "Networks": {"n": {"NetworkID": "N1"}, "bridge": {"NetworkID": ""}}
            },
        },
        {"Id": "2" * 64, "Names": ["/db\x1b[2J"], "Mounts": [{"Type": "volume", "Name": "v1"}]},
    ]
    assert volume_users(containers) == {"v1": ("db\\x1b[2J", "web")}
    assert network_members(containers) == {"N1": ("web",)}


def test_plain_reasons_keep_the_engine_words():
    error = plain(EngineError("Pool overlaps with other one on this address space"), "could not")
    assert "overlaps the subnet of another network" in error.message
    assert "Pool overlaps" in error.message
    conflict = plain(Conflict("network with name x already exists"), "could not create network x")
    assert isinstance(conflict, Conflict)
    assert "already taken" in conflict.message


def _event(type_: str, name: str) -> EngineEvent:
    return EngineEvent(type_, "start", "abcdef123456", {"name": name}, datetime.now(timezone.utc))


def test_events_filter_by_type_and_name():
    event = _event("container", "Web-1")
    assert matches(event, None, "")
    assert matches(event, "container", "web")
    assert not matches(event, "image", "")
    assert not matches(event, None, "db")
    assert matches(event, None, "abcdef")
