"""Layer analysis against images built in the sandbox with known contents."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.image_fixtures import build_test_image, image_cleanup  # noqa: F401 - fixtures
from tui.engine.images.layers_merge import analyse, merged_upto
from tui.engine.images.layers_model import ADDED, FILE, HARDLINK, MODIFIED, REMOVED, SYMLINK
from tui.engine.images.layers_read import Watch, read_layers

pytestmark = pytest.mark.engine

LINES = [
    "RUN mkdir -p /data/opq && printf hello > /data/a.txt && head -c 1000 /dev/zero > /data/big"
    " && printf 1 > /data/opq/old1 && printf 22 > /data/opq/old2 && printf target > /data/t"
    " && ln /data/t /data/u && ln -s /data/t /data/sym",
    "RUN rm /data/big && printf world! > /data/a.txt",
    "RUN rm -rf /data/opq && mkdir /data/opq && printf new > /data/opq/new",
]


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOCKPIT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def known_image(build_test_image):  # noqa: F811
    from tests.conftest import unique_name

    reference = f"{unique_name('dockpit-layers')}:v1"
    build_test_image(reference, lines=LINES)
    return reference


def test_layers_trees_and_waste(docker_client, known_image: str, own_cache: Path) -> None:
    seen: list[int] = []
    image = read_layers(docker_client, known_image, Watch(seen.append))
    layers = image.layers
    assert known_image in image.tags
    first, second, third = layers[-3:]
    assert first.instruction.startswith("RUN mkdir -p /data/opq")
    by_path = {e.path: e for e in first.entries}
    assert by_path["data/a.txt"].size == 5 and by_path["data/a.txt"].kind == FILE
    assert by_path["data/big"].size == 1000
    assert by_path["data/u"].kind == HARDLINK and by_path["data/u"].link == "data/t"
    assert by_path["data/sym"].kind == SYMLINK and by_path["data/sym"].link == "/data/t"
    assert second.whiteouts == ["data/big"]
    assert third.opaque == ["data/opq"]
    top = len(layers) - 1
    tree, change = merged_upto(layers, top)
    data = sorted(p for p in tree.paths if p.startswith("data/"))
    assert data == ["data/a.txt", "data/opq", "data/opq/new", "data/sym", "data/t", "data/u"]
    assert change.status["data/opq/old1"] == REMOVED
    assert change.status["data/opq/old2"] == REMOVED
    assert change.status["data/opq/new"] == ADDED
    assert change.status["data/opq"] == MODIFIED
    _, change2 = merged_upto(layers, top - 1)
    assert change2.status["data/big"] == REMOVED
    assert change2.status["data/a.txt"] == MODIFIED
    result = analyse(layers)
    assert result.wasted_bytes == 5 + 1000 + 1 + 2
    wasted = {w.path: w for w in result.waste}
    assert set(wasted) == {"data/a.txt", "data/big", "data/opq/old1", "data/opq/old2"}
    assert wasted["data/big"].removed and wasted["data/big"].wasted == 1000
    assert wasted["data/big"].deleted_in == top - 1
    assert wasted["data/opq/old1"].deleted_in == top  # hidden by the opaque folder
    assert wasted["data/a.txt"].deleted_in == -1
    assert wasted["data/a.txt"].layers == (top - 2, top - 1)
    assert 0 < result.efficiency < 1
    assert list(own_cache.glob("layers/*.json"))
    started = time.perf_counter()
    again = read_layers(docker_client, known_image)
    assert time.perf_counter() - started < 0.3
    assert again.to_json() == image.to_json()


def test_head_extract_and_export(docker_client, known_image: str, tmp_path: Path) -> None:
    from tui.engine.images.layers_fetch import export_layer, extract, read_head
    from tui.engine.images.layers_tar import read_layer

    image = read_layers(docker_client, known_image)
    top = image.layers[-1]
    second = image.layers[-2]
    head = read_head(docker_client, image.image_id, second.key, "data/a.txt")
    assert head.data == b"world!" and head.size == 6 and not head.truncated
    tree, _ = merged_upto(image.layers, len(image.layers) - 1)
    wanted: dict[str, set[str]] = {}
    for path, placed in tree.paths.items():
        if path == "data" or path.startswith("data/"):
            wanted.setdefault(image.layers[placed.layer].key, set()).add(path)
    out = tmp_path / "out"
    extract(docker_client, image.image_id, wanted, "", out)
    assert (out / "data/a.txt").read_bytes() == b"world!"
    assert (out / "data/opq/new").read_bytes() == b"new"
    assert (out / "data/u").read_bytes() == b"target"
    assert (out / "data/sym").is_symlink()
    assert not (out / "data/big").exists() and not (out / "data/opq/old1").exists()
    target = tmp_path / "layer.tar"
    size = export_layer(docker_client, image.image_id, top.key, target)
    assert size == target.stat().st_size == top.tar_size
    with open(target, "rb") as stream:
        again = read_layer(stream, top.key)
    assert again.entries == top.entries and again.opaque == ["data/opq"]


def test_diff_two_images(docker_client, build_test_image) -> None:  # noqa: F811
    from tests.conftest import unique_name
    from tui.engine.images.layers_diff import diff_images, diff_totals

    name = unique_name("dockpit-diff")
    build_test_image(f"{name}:v1", lines=["RUN printf one > /app && printf keep > /same"])
    build_test_image(
        f"{name}:v2", lines=["RUN printf two! > /app && printf keep > /same && printf n > /new"]
    )
    v1 = read_layers(docker_client, f"{name}:v1")
    v2 = read_layers(docker_client, f"{name}:v2")
    items = {i.path: i for i in diff_images(v1, v2)}
    assert items["app"].status == MODIFIED and items["app"].delta == 1
    assert items["new"].status == ADDED and items["new"].size_after == 1
    assert "same" not in items
    assert "dockpit-id" in items  # each test image carries its own id file
    assert diff_totals(list(items.values()))[ADDED] == 1


def test_image_check_exit_codes_and_json(engine_host: str, known_image: str, capsys) -> None:
    import json

    from tui.cli import main

    assert main(["-H", engine_host, "image-check", known_image]) == 0
    assert "efficiency" in capsys.readouterr().out
    assert (
        main(["-H", engine_host, "image-check", known_image, "--highest-wasted-bytes", "1007"]) == 1
    )
    assert "FAILED" in capsys.readouterr().out
    code = main(
        ["-H", engine_host, "image-check", known_image, "--json", "--lowest-efficiency", "0.1"]
    )
    figures = json.loads(capsys.readouterr().out)
    assert code == 0 and figures["wasted_bytes"] == 1008 and figures["failed"] == []
    top = figures["layers"][-1]["changes"]
    assert {"path": "/data/opq/new", "status": ADDED, "kind": FILE, "size": 3} in top
    assert (
        main(["-H", engine_host, "image-check", known_image, "--highest-wasted-percent", "0"]) == 1
    )
    capsys.readouterr()
    assert main(["-H", engine_host, "image-check", "dockpit-no-such-image:0"]) == 2


def test_cancelled_analysis_stops_and_caches_nothing(docker_client, own_cache: Path) -> None:
    from tests.conftest import BUSYBOX
    from tui.engine.images.layers_read import AnalysisCancelled

    watch = Watch()
    watch.cancel()
    with pytest.raises(AnalysisCancelled):
        read_layers(docker_client, BUSYBOX, watch)
    assert not list(own_cache.glob("layers/*.json"))
