"""Fixtures shared by the whole suite: the sandbox engine and labelled test objects.

Every object a test makes carries the label ``dockpit.test=<run id>`` and is removed
afterwards, even when the test fails. Engine tests need the sandbox engine that
``scripts/test`` starts (DOCKPIT_TEST_DOCKER_HOST); under CI=true a missing engine fails.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import docker
import pytest

pytest_plugins = ["tests.remote_engines"]  # fixtures for ssh / TLS / second engine / podman

TEST_LABEL = "dockpit.test"
RUN_ID = uuid.uuid4().hex[:10]
LABELS = {TEST_LABEL: RUN_ID}
BUSYBOX = "busybox:latest"
DEFAULT_SANDBOX_HOST = "unix:///tmp/dockpit-sandbox/docker.sock"


#: Fixtures that need the sandbox engine or a service beside it (sshd, the TLS engine, the
#: second engine, podman, the registries, an engine of the test's own). A test that uses one,
#: directly or through another fixture, is marked ``engine``: ``pytest -m "not engine"`` runs
#: the rest with no engine at all.
ENGINE_FIXTURES = frozenset(
    {
        "engine_host",
        "ssh_host",
        "tls_engine",
        "engine2_host",
        "podman_host",
        "own_engine",
        "registries",
        "swarm_host",
    }
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if ENGINE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.engine)


def sandbox_host() -> str:
    return os.environ.get("DOCKPIT_TEST_DOCKER_HOST") or DEFAULT_SANDBOX_HOST


def unreachable(address: str, timeout: float = 2.0) -> str | None:
    """Why nothing answers at ``unix:///path``, ``tcp://host:port`` or ``host:port`` (None
    when something accepts a connection there)."""
    try:
        if address.startswith("unix://"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(address.removeprefix("unix://"))
        else:
            host, _, port = address.removeprefix("tcp://").rpartition(":")
            socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout).close()
    except (OSError, ValueError) as exc:
        return f"nothing answers at {address}: {exc}"
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"unavailable under CI: {reason}", pytrace=False)
    pytest.skip(f"unavailable: {reason}")


@pytest.fixture(scope="session")
def engine_host() -> str:
    host = sandbox_host()
    try:
        client = docker.DockerClient(base_url=host, version="auto", timeout=10)
        client.ping()
        client.close()
    except Exception as exc:  # noqa: BLE001
        _unavailable(f"sandbox engine {host}: {exc}")
    return host


@pytest.fixture(scope="session")
def docker_client(engine_host: str) -> Iterator[docker.DockerClient]:
    client = docker.DockerClient(base_url=engine_host, version="auto", timeout=60)
    yield client
    _sweep(client)
    client.close()


def _sweep(client: docker.DockerClient) -> None:
    """Remove everything this run labelled (a safety net behind per-test cleanup)."""
    label = f"{TEST_LABEL}={RUN_ID}"
    for container in client.containers.list(all=True, filters={"label": label}):
        try:
            container.remove(force=True, v=True)
        except docker.errors.APIError:
            pass
    for volume in client.volumes.list(filters={"label": label}):
        try:
            volume.remove(force=True)
        except docker.errors.APIError:
            pass
    for network in client.networks.list(filters={"label": label}):
        try:
            network.remove()
        except docker.errors.APIError:
            pass
    for image in client.images.list(filters={"label": label}):
        try:
            client.images.remove(image.id, force=True)
        except docker.errors.APIError:
            pass


def unique_name(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def make_container(docker_client: docker.DockerClient) -> Iterator[Callable[..., Any]]:
    """Create (and by default start) a labelled busybox container; removed after the test."""
    made: list[Any] = []

    def make(
        command: str | list[str] = "sleep 3600",
        *,
        name: str | None = None,
        start: bool = True,
        labels: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        all_labels = {**LABELS, **(labels or {})}
        container = docker_client.containers.create(
            kwargs.pop("image", BUSYBOX),
            command,
            name=name or unique_name(),
            labels=all_labels,
            **kwargs,
        )
        made.append(container)
        if start:
            container.start()
        container.reload()
        return container

    yield make
    for container in made:
        try:
            container.remove(force=True, v=True)
        except docker.errors.APIError:
            pass


@pytest.fixture
def app_settings(engine_host: str):
    """Settings for a DockpitApp on the sandbox engine, the list alone (most tests read the
    list's columns; the dashboard's tests ask for it: tests/app/test_dashboard.py)."""
    from tui.settings import Settings

    return Settings(host=engine_host, layout_mode="list")


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    """Each test gets its own state folder; a crash log written during a test fails it."""
    folder = tmp_path / "state"
    monkeypatch.setenv("DOCKPIT_STATE_DIR", str(folder))
    yield folder
    crashes = sorted((folder / "crashes").glob("crash-*.log"))
    if crashes:
        pytest.fail("a crash log was written:\n" + crashes[0].read_text()[-3000:], pytrace=False)
