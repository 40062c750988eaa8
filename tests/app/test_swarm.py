"""The swarm pane on a real single-node swarm (an engine of its own), and on a plain engine."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import docker
import pytest

from tests.conftest import _unavailable
from tests.helpers import notifications, screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.engine.swarm.swarm import parse_replicas
from tui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _free_port(kind: int = socket.SOCK_STREAM) -> int:
    """A free port in the range swarm accepts (1024-49151)."""
    for _ in range(200):
        port = random.randint(20000, 49000)
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


@pytest.fixture(scope="module")
def swarm_host():
    """A sandbox engine of its own, initialised as a single-node swarm; left and removed after."""
    sandbox = f"/tmp/dockpit-swarm-{uuid.uuid4().hex[:6]}"
    env = {**os.environ, "DOCKPIT_SANDBOX": sandbox}
    engine = str(ROOT / "scripts" / "engine")
    started = subprocess.run([engine, "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        _unavailable(f"swarm engine: {started.stderr[-500:]}")
    host = f"unix://{sandbox}/docker.sock"
    client = docker.DockerClient(base_url=host, version="auto", timeout=60)
    port = _free_port()
    try:
        client.swarm.init(
            advertise_addr=f"127.0.0.1:{port}",
            listen_addr=f"127.0.0.1:{port}",
            data_path_port=_free_port(socket.SOCK_DGRAM),
        )
        yield host, client
    finally:
        try:
            client.swarm.leave(force=True)
            for network in client.networks.list(names=["docker_gwbridge"]):
                network.remove()
        except docker.errors.APIError:
            pass
        client.close()
        subprocess.run([engine, "stop"], env=env, capture_output=True)
        shutil.rmtree(sandbox, ignore_errors=True)


def _running_tasks(client: docker.DockerClient, service_id: str) -> int:
    tasks = client.api.tasks(filters={"service": service_id, "desired-state": "running"})
    return sum(1 for t in tasks if t["Status"]["State"] == "running")


def _image(client: docker.DockerClient, service_id: str) -> str:
    return client.api.inspect_service(service_id)["Spec"]["TaskTemplate"]["ContainerSpec"]["Image"]


def test_parse_replicas():
    assert parse_replicas(" 3 ") == 3
    for bad in ("three", "-1", "1.5", "", "99999"):
        with pytest.raises(ValueError):
            parse_replicas(bad)


async def test_not_a_swarm_says_how_to_make_one(app_settings):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for_text(pilot, "Name")
        await pilot.press("6")
        text = await wait_for_text(pilot, "not part of a swarm")
        assert "docker swarm init" in text


async def test_swarm_lifecycle(swarm_host):
    host, client = swarm_host
    name = f"web-{uuid.uuid4().hex[:6]}"
    service = client.services.create(
        "busybox:latest",
        ["sh", "-c", "echo hello-from-$(hostname); sleep 100000"],
        name=name,
        labels={"com.docker.stack.namespace": "shop"},
        mode=docker.types.ServiceMode("replicated", 1),
        stop_grace_period=1_000_000_000,
        update_config=docker.types.UpdateConfig(parallelism=0),  # all tasks at once: quick
        rollback_config=docker.types.RollbackConfig(parallelism=0),
    )
    client.api.tag("busybox:latest", "busybox", "swarm-v2")
    app = DockpitApp(Settings(host=host))
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_text(pilot, "Name")
        await pilot.press("6")
        await wait_for_text(pilot, name)
        await wait_for_text(pilot, "1/1", timeout=20)
        assert "shop" in screen_text(pilot)

        # scale 1 -> 3
        await pilot.press("s")
        await pilot.press("ctrl+u", *"3", "enter")
        await wait_for(pilot, lambda: _running_tasks(client, service.id) == 3, timeout=30)
        await wait_for_text(pilot, "3/3", timeout=10)

        # a replica count that is not a number is refused; nothing changes
        await pilot.press("s")
        await pilot.press("ctrl+u", *"lots", "enter")
        await wait_for(pilot, lambda: any("not a number" in n for n in notifications(pilot)))
        spec = client.api.inspect_service(service.id)["Spec"]
        assert spec["Mode"]["Replicated"]["Replicas"] == 3

        # an image that does not exist is refused; nothing changes
        await pilot.press("u")
        await pilot.press("ctrl+u", *"127.0.0.1:9/none:1", "enter")
        await wait_for(pilot, lambda: any("does not exist" in n for n in notifications(pilot)))
        assert _image(client, service.id).startswith("busybox:latest")

        # update the image and see the rollout complete
        await pilot.press("u")
        await pilot.press("ctrl+u", *"busybox:swarm-v2", "enter")
        await wait_for(pilot, lambda: _image(client, service.id).startswith("busybox:swarm-v2"))
        await wait_for_text(pilot, "busybox:swarm-v2", timeout=10)
        await wait_for(
            pilot,
            lambda: (
                (client.api.inspect_service(service.id).get("UpdateStatus") or {}).get("State")
                == "completed"
            ),
            timeout=40,
        )

        # roll back
        await pilot.press("b")
        await pilot.press("y")
        await wait_for(
            pilot, lambda: _image(client, service.id).startswith("busybox:latest"), timeout=20
        )
        await wait_for_text(pilot, "rollback", timeout=10)

        # service logs of every task
        await pilot.press("l")
        await wait_for_text(pilot, "hello-from-", timeout=15)
        await pilot.press("escape")

        # drain the node and activate it again
        node_id = client.info()["Swarm"]["NodeID"]
        app.screen.query_one("#nodes-table").focus()
        await pilot.press("x")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: client.api.inspect_node(node_id)["Spec"]["Availability"] == "drain",
        )
        await wait_for(pilot, lambda: _running_tasks(client, service.id) == 0, timeout=30)
        await wait_for_text(pilot, "drain")
        await pilot.press("a")
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: client.api.inspect_node(node_id)["Spec"]["Availability"] == "active",
        )
        await wait_for(pilot, lambda: _running_tasks(client, service.id) == 3, timeout=30)

        # demoting the last manager is refused
        await pilot.press("m")
        await pilot.press("y")
        await wait_for(pilot, lambda: any("last manager" in n for n in notifications(pilot)))
        assert client.api.inspect_node(node_id)["Spec"]["Role"] == "manager"

        # remove
        app.screen.query_one("#services-table").focus()
        await pilot.press("d")
        await pilot.press("y")
        await wait_for(pilot, lambda: not client.api.services(filters={"name": name}), timeout=15)
        await wait_for(pilot, lambda: name not in screen_text(pilot), timeout=10)
