"""Read-only mode is enforced in the door: images (volumes, networks, prune, swarm and the
fleet are in test_door_readonly_resources.py).

A read-only session refuses every operation that changes the engine or reaches a registry
on the user's behalf (ReadOnlyError) BEFORE any I/O, and the engine (and the registry) is
left as it was. A writable session on the same engine still does the same operations.
``ro`` and ``rw`` (the two sessions) come from conftest.py.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
import requests

from tests.conftest import BUSYBOX, LABELS, TEST_LABEL, unique_name
from tests.image_fixtures import rootfs_tar
from tui.engine.core.door import ReadOnlyError
from tui.engine.core.session import EngineSession
from tui.engine.images.build import BuildOptions
from tui.engine.resources.prune import PruneKind

pytestmark = pytest.mark.engine

Reports = list[Any]


def image_tags(client: docker.DockerClient) -> set[str]:
    return {tag for image in client.images.list(all=True) for tag in image.tags}


def image_ids(client: docker.DockerClient) -> set[str]:
    return {image.id for image in client.images.list(all=True)}


def catalog(registry: str) -> list[str]:
    answer = requests.get(f"http://{registry}/v2/_catalog", timeout=10)
    answer.raise_for_status()
    return sorted(answer.json().get("repositories") or [])


def long_op(session: EngineSession, run: Callable[[Any, Callable[[Any], None]], str]) -> Reports:
    """Run a long image operation on its own handle; the progress views it reported."""
    reports: Reports = []
    with session.images.operation() as handle:
        run(handle, reports.append)
    return reports


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A loopback port that accepts connections: a 'registry' that records being contacted."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def contacted(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


# -- images -------------------------------------------------------------------------------


def test_tag_and_remove_refused_image_unchanged(ro, docker_client, build_test_image):
    reference = f"dockpit-door/{unique_name('ro')}:v1"
    image = build_test_image(reference)
    new_tag = f"dockpit-door/{unique_name('ro-tag')}:v2"
    with pytest.raises(ReadOnlyError, match="read-only"):
        ro.images.tag(image.id, new_tag)
    with pytest.raises(ReadOnlyError):
        ro.images.remove(reference, image.id, force=True)
    assert new_tag not in image_tags(docker_client)
    assert docker_client.images.get(image.id).tags == [reference]


def test_build_refused_no_image_made(ro, docker_client, tmp_path: Path, image_cleanup):
    reference = f"dockpit-door/{unique_name('ro-build')}:v1"
    image_cleanup.append(reference)
    (tmp_path / "Dockerfile").write_text(
        f"FROM {BUSYBOX}\nLABEL {TEST_LABEL}={LABELS[TEST_LABEL]}\nRUN echo {uuid.uuid4()} > /x\n"
    )
    before = image_ids(docker_client)
    outputs: list[list[str]] = []
    with pytest.raises(ReadOnlyError), ro.images.operation() as handle:
        ro.images.build(
            handle, BuildOptions(str(tmp_path), tag=reference), lambda ls, _: outputs.append(ls)
        )
    assert outputs == []
    assert image_ids(docker_client) == before
    with pytest.raises(docker.errors.ImageNotFound):
        docker_client.images.get(reference)


def test_import_and_load_refused_no_image_made(
    ro, docker_client, tmp_path: Path, build_test_image, image_cleanup
):
    rootfs = rootfs_tar(docker_client, tmp_path / "rootfs.tar")
    imported = f"dockpit-door/{unique_name('ro-import')}:v1"
    image_cleanup.append(imported)
    saved = f"dockpit-door/{unique_name('ro-load')}:v1"
    image = build_test_image(saved)
    archive = tmp_path / "saved.tar"
    with open(archive, "wb") as out:
        for chunk in image.save(named=True):
            out.write(chunk)
    docker_client.images.remove(image.id, force=True)
    before = image_ids(docker_client)

    with pytest.raises(ReadOnlyError):
        long_op(ro, lambda h, r: ro.images.import_rootfs(h, str(rootfs), imported, [], r))
    with pytest.raises(ReadOnlyError):
        long_op(ro, lambda h, r: ro.images.load(h, str(archive), r))

    assert image_ids(docker_client) == before
    for reference in (imported, saved):
        with pytest.raises(docker.errors.ImageNotFound):
            docker_client.images.get(reference)


def test_pull_refused_registry_not_contacted(ro, docker_client, listener):
    port = listener.getsockname()[1]
    reference = f"127.0.0.1:{port}/dockpit-door/{unique_name('ro-pull')}:v1"
    with pytest.raises(ReadOnlyError):
        long_op(ro, lambda h, r: ro.images.pull(h, reference, r))
    assert not contacted(listener)
    with pytest.raises(docker.errors.ImageNotFound):
        docker_client.images.get(reference)


def test_pull_and_push_refused_registry_and_engine_unchanged(
    ro, docker_client, registries, build_test_image, image_cleanup
):
    registry = registries["open"]
    # In the registry, not here: a read-only pull must not bring it.
    stored = f"{registry}/dockpit-door/{unique_name('ro-stored')}:v1"
    image = build_test_image(stored)
    docker_client.images.push(stored)
    docker_client.images.remove(image.id, force=True)
    # Here, not in the registry: a read-only push must not send it.
    local = f"{registry}/dockpit-door/{unique_name('ro-local')}:v1"
    build_test_image(local)
    repositories = catalog(registry)

    with pytest.raises(ReadOnlyError):
        long_op(ro, lambda h, r: ro.images.pull(h, stored, r))
    with pytest.raises(ReadOnlyError):
        long_op(ro, lambda h, r: ro.images.push(h, local, r))

    with pytest.raises(docker.errors.ImageNotFound):
        docker_client.images.get(stored)
    assert catalog(registry) == repositories
    repository = local.split("/", 1)[1].rsplit(":", 1)[0]
    tags = requests.get(f"http://{registry}/v2/{repository}/tags/list", timeout=10)
    assert tags.status_code == 404


def test_login_refused_nothing_stored(ro, registries, docker_config: Path):
    with pytest.raises(ReadOnlyError):
        ro.images.login(registries["auth"], registries["user"], registries["password"])
    assert not (docker_config / "config.json").exists()


def test_reads_still_work_when_read_only(ro, docker_client):
    assert any(BUSYBOX in image.repo_tags for image in ro.images.list())
    busybox = docker_client.images.get(BUSYBOX)
    assert ro.images.history(busybox.id)
    assert ro.system.disk_usage().summary()
    assert ro.system.engine_report().version
    plan = ro.system.plan_prune(PruneKind.CONTAINERS, {TEST_LABEL: unique_name("nothing")})
    assert plan.items == ()


def test_writable_session_tags_pushes_removes_and_pulls(
    rw, docker_client, registries, build_test_image, image_cleanup
):
    image = build_test_image(f"dockpit-door/{unique_name('rw')}:v1")
    reference = f"{registries['open']}/dockpit-door/{unique_name('rw-push')}:v1"
    image_cleanup.append(reference)
    rw.images.tag(image.id, reference)
    assert reference in docker_client.images.get(image.id).tags

    reports = long_op(rw, lambda h, r: rw.images.push(h, reference, r))
    assert reports[-1].finished
    assert reference.split("/", 1)[1].rsplit(":", 1)[0] in catalog(registries["open"])
    lines = rw.images.remove(reference, image.id)
    assert any(line.startswith("Untagged:") for line in lines)
    assert reference not in image_tags(docker_client)

    reports = long_op(rw, lambda h, r: rw.images.pull(h, reference, r))
    assert reports[-1].finished
    assert docker_client.images.get(reference).id == image.id
