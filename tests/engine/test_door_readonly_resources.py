"""Read-only mode in the door for volumes, networks, prune, swarm and the fleet.

A read-only session refuses every change (ReadOnlyError) before any I/O and the engine is
left as it was; a writable session on the same engine still makes the same changes. The
images part is in test_door_readonly.py; ``ro`` and ``rw`` come from conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import docker
import pytest

from tests.conftest import BUSYBOX, LABELS, TEST_LABEL, unique_name
from tui.engine.core.door import ReadOnlyError
from tui.engine.core.model import Container
from tui.engine.hosts.fleet import FleetOps
from tui.engine.resources.prune import PruneKind

pytestmark = pytest.mark.engine


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
