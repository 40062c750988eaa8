"""Read-only mode is enforced in the door: images, volumes, networks, prune, swarm, fleet.

A read-only session refuses every operation that changes the engine or reaches a registry
on the user's behalf (ReadOnlyError) BEFORE any I/O, and the engine (and the registry) is
left as it was. A writable session on the same engine still does the same operations.
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
from tui.engine.core.connect import Endpoint
from tui.engine.core.door import ReadOnlyError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.engine.hosts.fleet import FleetOps
from tui.engine.images.build import BuildOptions
from tui.engine.resources.prune import PruneKind

pytestmark = pytest.mark.engine

Reports = list[Any]


@pytest.fixture
def sessions(engine_host: str) -> Iterator[tuple[EngineSession, EngineSession]]:
    """(read-only, writable) sessions on the sandbox engine."""
    read_only = EngineSession.open(Endpoint(engine_host, "test"))
    read_only.read_only = True
    writable = EngineSession.open(Endpoint(engine_host, "test"))
    yield read_only, writable
    read_only.close()
    writable.close()


@pytest.fixture
def ro(sessions: tuple[EngineSession, EngineSession]) -> EngineSession:
    return sessions[0]


@pytest.fixture
def rw(sessions: tuple[EngineSession, EngineSession]) -> EngineSession:
    return sessions[1]


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


# -- volumes and networks -----------------------------------------------------------------


@pytest.fixture
def volume(docker_client) -> Iterator[Any]:
    made = docker_client.volumes.create(unique_name("dockpit-door-vol"), labels=LABELS)
    yield made
    try:
        made.remove(force=True)
    except docker.errors.APIError:
        pass


@pytest.fixture
def network(docker_client) -> Iterator[Any]:
    made = docker_client.networks.create(unique_name("dockpit-door-net"), labels=LABELS)
    yield made
    try:
        made.remove()
    except docker.errors.APIError:
        pass


def test_volume_create_and_remove_refused(ro, docker_client, volume):
    name = unique_name("dockpit-door-vol-ro")
    with pytest.raises(ReadOnlyError):
        ro.volumes.create(name, labels=LABELS)
    with pytest.raises(ReadOnlyError):
        ro.volumes.remove(volume.name)
    names = {v.name for v in docker_client.volumes.list()}
    assert name not in names
    assert volume.name in names
    assert ro.volumes.inspect(volume.name)["Name"] == volume.name  # reading is fine


def test_network_changes_refused(ro, docker_client, network, make_container):
    container = make_container()
    other = make_container(network=network.name)
    name = unique_name("dockpit-door-net-ro")
    with pytest.raises(ReadOnlyError):
        ro.networks.create(name, labels=LABELS)
    with pytest.raises(ReadOnlyError):
        ro.networks.connect(network.id, container.id)
    with pytest.raises(ReadOnlyError):
        ro.networks.disconnect(network.id, other.id)
    with pytest.raises(ReadOnlyError):
        ro.networks.remove(network.id)
    assert not docker_client.networks.list(names=[name])
    network.reload()
    attached = set(network.attrs.get("Containers") or {})
    assert attached == {other.id}
    assert any(c.id == container.id for c in ro.networks.container_choices())


def test_writable_session_volumes_and_networks(rw, docker_client, make_container):
    volume_name = unique_name("dockpit-door-vol-rw")
    made = rw.volumes.create(volume_name, labels=LABELS)
    assert made.name == volume_name
    assert volume_name in {v.name for v in rw.volumes.list()}
    rw.volumes.remove(volume_name)
    assert volume_name not in {v.name for v in docker_client.volumes.list()}

    network_name = unique_name("dockpit-door-net-rw")
    network_id = rw.networks.create(network_name, labels=LABELS)
    try:
        container = make_container()
        rw.networks.connect(network_id, container.id)
        assert container.id in (docker_client.networks.get(network_id).attrs["Containers"] or {})
        rw.networks.disconnect(network_id, container.id)
        assert not docker_client.networks.get(network_id).attrs["Containers"]
        rw.networks.remove(network_id)
        assert not docker_client.networks.list(ids=[network_id])
    finally:
        try:
            docker_client.networks.get(network_id).remove()
        except docker.errors.NotFound:
            pass


# -- prune --------------------------------------------------------------------------------


def test_prune_refused_objects_stay(ro, rw, docker_client, make_container):
    scope = {TEST_LABEL: LABELS[TEST_LABEL], "dockpit.door": unique_name("prune")}
    stopped = make_container("true", start=False, labels=scope)
    volume = docker_client.volumes.create(unique_name("dockpit-door-prune"), labels=scope)
    network = docker_client.networks.create(unique_name("dockpit-door-prune"), labels=scope)
    try:
        plan = ro.system.plan_prune(PruneKind.EVERYTHING, {"dockpit.door": scope["dockpit.door"]})
        assert {item.category for item in plan.items} >= {"container", "network"}
        with pytest.raises(ReadOnlyError):
            ro.system.prune(plan)
        docker_client.containers.get(stopped.id)
        docker_client.volumes.get(volume.name)
        docker_client.networks.get(network.id)

        result = rw.system.prune(plan)  # the writable door does it
        assert {item.id for item in result.removed} >= {stopped.id, network.id}
        with pytest.raises(docker.errors.NotFound):
            docker_client.containers.get(stopped.id)
    finally:
        for remove in (lambda: volume.remove(force=True), network.remove):
            try:
                remove()
            except docker.errors.APIError:
                pass


# -- swarm and fleet: refused before the engine is asked anything --------------------------


@pytest.mark.parametrize(
    "operation",
    [
        lambda s: s.swarm.scale("no-such-service", 2),
        lambda s: s.swarm.update_image("no-such-service", BUSYBOX),
        lambda s: s.swarm.force_restart("no-such-service"),
        lambda s: s.swarm.rollback("no-such-service"),
        lambda s: s.swarm.remove_service("no-such-service"),
        lambda s: s.swarm.set_availability("no-such-node", "drain"),
        lambda s: s.swarm.demote("no-such-node"),
    ],
    ids=["scale", "update", "restart", "rollback", "remove", "availability", "demote"],
)
def test_swarm_changes_refused(ro, operation):
    with pytest.raises(ReadOnlyError):
        operation(ro)


def test_fleet_toggle_and_restart_refused(ro, docker_client, make_container):
    made = make_container()
    container = Container.from_api(docker_client.api.containers(filters={"id": made.id})[0])
    started = made.attrs["State"]["StartedAt"]
    with pytest.raises(ReadOnlyError):
        FleetOps(ro).toggle(container)
    with pytest.raises(ReadOnlyError):
        FleetOps(ro).restart(container)
    made.reload()
    assert made.status == "running"
    assert made.attrs["State"]["StartedAt"] == started  # neither stopped nor restarted
