"""Pure parts of the images feature: progress folding, references, filters, build output."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.engine.core.errors import EngineError
from tui.engine.images.build import BuildProgress, parse_build_args
from tui.engine.images.history import history_entry
from tui.engine.images.images import Image, build_images, image_rows, split_reference
from tui.engine.images.registry_auth import HUB_SERVER, server_key
from tui.engine.images.registry_search import is_loopback
from tui.engine.images.transfer import TransferProgress
from widgets.images_table import visible_rows

PULL = [
    {"status": "Pulling from exp/one", "id": "v1"},
    {"status": "Already exists", "progressDetail": {}, "id": "aaa"},
    {"status": "Pulling fs layer", "progressDetail": {}, "id": "bbb"},
    {"status": "Downloading", "progressDetail": {"current": 50, "total": 100}, "id": "bbb"},
]


def test_pull_progress_per_layer_and_overall():
    progress = TransferProgress("pull")
    for message in PULL:
        progress.feed(message)
    layers = {layer.id: layer for layer in progress.layers}
    assert set(layers) == {"aaa", "bbb"}  # the tag line is not a layer
    assert layers["aaa"].done and layers["aaa"].fraction == 1.0
    assert layers["bbb"].fraction == pytest.approx(0.25)  # half downloaded, not extracted
    assert progress.overall() == pytest.approx(0.625)
    progress.feed({"status": "Download complete", "progressDetail": {}, "id": "bbb"})
    progress.feed(
        {"status": "Extracting", "progressDetail": {"current": 100, "total": 100}, "id": "bbb"}
    )
    progress.feed({"status": "Pull complete", "progressDetail": {}, "id": "bbb"})
    progress.feed({"status": "Status: Downloaded newer image for x:v1"})
    assert progress.overall() == 1.0
    assert progress.headline == "Status: Downloaded newer image for x:v1"


def test_push_progress_caps_overshoot_and_mounts_count_as_done():
    progress = TransferProgress("push")
    progress.feed(
        {"status": "Pushing", "progressDetail": {"current": 300, "total": 200}, "id": "a"}
    )
    progress.feed({"status": "Mounted from exp/one", "progressDetail": {}, "id": "b"})
    progress.feed({"progressDetail": {}, "aux": {"Tag": "v1", "Digest": "sha256:abc", "Size": 1}})
    assert [layer.fraction for layer in progress.layers] == [1.0, 1.0]
    assert progress.digest == "sha256:abc"


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "status": st.sampled_from(
                    [
                        "Downloading",
                        "Extracting",
                        "Pushing",
                        "Waiting",
                        "Pull complete",
                        "\x1b]52;x",
                    ]
                ),
                "id": st.text(max_size=6),
                "progressDetail": st.fixed_dictionaries(
                    {"current": st.integers(0, 10**12), "total": st.integers(0, 10**12)}
                ),
            }
        ),
        max_size=30,
    ),
    st.sampled_from(["pull", "push"]),
)
def test_progress_fractions_stay_in_bounds_and_text_is_safe(messages, kind):
    progress = TransferProgress(kind)
    for message in messages:
        progress.feed(message)
    overall = progress.overall()
    assert overall is None or 0.0 <= overall <= 1.0
    for layer in progress.layers:
        assert 0.0 <= layer.fraction <= 1.0
        assert "\x1b" not in layer.status and "\x1b" not in layer.id


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("busybox", ("busybox", "latest")),
        ("busybox:1.36", ("busybox", "1.36")),
        ("127.0.0.1:5000/a/b", ("127.0.0.1:5000/a/b", "latest")),
        ("127.0.0.1:5000/a/b:v1", ("127.0.0.1:5000/a/b", "v1")),
        ("a/b@sha256:abc", ("a/b", "@sha256:abc")),
    ],
)
def test_split_reference(reference, expected):
    assert split_reference(reference) == expected


@pytest.mark.parametrize(
    ("registry", "key"),
    [
        ("docker.io", HUB_SERVER),
        ("", HUB_SERVER),
        ("index.docker.io", HUB_SERVER),
        ("https://127.0.0.1:5000/v2/", "127.0.0.1:5000"),
        ("registry.example:443", "registry.example:443"),
    ],
)
def test_server_key_matches_the_cli(registry, key):
    assert server_key(registry) == key


def test_loopback_detection():
    assert is_loopback("127.0.0.1:5000") and is_loopback("localhost:1") and is_loopback("[::1]:5")
    assert not is_loopback("10.0.0.1:5000") and not is_loopback("registry.example")


def _raw(image_id, tags, parent="", created=0, size=1):
    return {"Id": image_id, "RepoTags": tags, "ParentId": parent, "Created": created, "Size": size}


def test_dangling_intermediate_and_users():
    raw = [
        _raw("sha256:top", ["app:1", "app:latest"], parent="sha256:mid", created=30, size=5),
        _raw("sha256:mid", ["<none>:<none>"], created=20),
        _raw("sha256:old", None, created=10, size=9),
    ]
    containers = [{"Id": "c1", "Names": ["/web"], "ImageID": "sha256:top"}]
    images = {i.id: i for i in build_images(raw, containers)}
    assert images["sha256:mid"].intermediate and not images["sha256:mid"].dangling
    assert images["sha256:old"].dangling
    assert images["sha256:top"].containers == ("web",)
    rows = image_rows(images.values())
    assert [r.reference for r in visible_rows(rows)] == ["app:1", "app:latest", "sha256:old"]
    assert [r.reference for r in visible_rows(rows, sort="size")][0] == "sha256:old"
    assert len(visible_rows(rows, show_intermediate=True)) == 4
    assert [r.reference for r in visible_rows(rows, show_dangling=False)] == ["app:1", "app:latest"]
    assert [r.reference for r in visible_rows(rows, text="LATEST")] == ["app:latest"]


def test_build_progress_steps_partial_lines_and_image_id():
    progress = BuildProgress()
    assert progress.feed({"stream": "Step 1/2 : FROM busybox\n ---> abc"}) == [
        "Step 1/2 : FROM busybox"
    ]
    assert progress.feed({"stream": "\n"}) == [" ---> abc"]
    progress.feed({"stream": "Step 2/2 : RUN \x1b]0;title\x07 echo\n"})
    assert progress.step.startswith("Step 2/2 : RUN \\x1b]0;title")
    progress.feed({"aux": {"ID": "sha256:123"}})
    assert progress.image_id == "sha256:123"


def test_build_args():
    assert parse_build_args("A=1 B=two,C=") == {"A": "1", "B": "two", "C": ""}
    with pytest.raises(EngineError):
        parse_build_args("=x")


def test_history_instruction():
    entry = history_entry(
        {"Id": "<missing>", "Created": 1, "CreatedBy": '/bin/sh -c #(nop)  CMD ["sh"]', "Size": 0}
    )
    assert entry.instruction == 'CMD ["sh"]'
    assert history_entry({"CreatedBy": "/bin/sh -c echo hi"}).instruction == "RUN echo hi"
    assert Image(id="sha256:" + "f" * 64, created=datetime.now(timezone.utc)).short_id == "f" * 12
