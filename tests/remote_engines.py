"""Fixtures for the other engines scripts/test starts beside the sandbox: sshd in front of the
sandbox engine (scripts/sshd), a second engine with TLS on 127.0.0.1 (scripts/tls-engine) and
podman's compatible API (scripts/podman-engine). Each is found through the environment those
scripts print; missing ones skip, or fail under CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import docker
import pytest

from tests.conftest import BUSYBOX, LABELS, RUN_ID, TEST_LABEL, unique_name, unreachable

SSH_ALIAS = "dockpit-sandbox"


def need(var: str, *, listening: bool = False) -> str:
    """The value of ``var``; with ``listening``, something must also answer at that address.
    A service that is missing skips the test (fails it under CI=true), with the reason."""
    value = os.environ.get(var, "")
    if not value or value.endswith(":"):
        _missing(f"{var} is not set (scripts/test starts that engine)")
    elif listening:
        _missing(unreachable(value))
    return value


def need_sshd() -> str:
    """The ssh client config of the test sshd, once that sshd answers."""
    config = need("DOCKPIT_TEST_SSH_CONFIG")
    _missing(unreachable(f"127.0.0.1:{need('DOCKPIT_TEST_SSH_PORT')}"))
    return config


def _missing(reason: str | None) -> None:
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class TlsEngine:
    host: str  # tcp://127.0.0.1:port
    certs: str  # DOCKER_CERT_PATH layout: ca.pem cert.pem key.pem
    wrong_ca_certs: str  # the same client certificate with an unrelated CA


@pytest.fixture
def ssh_host(monkeypatch: pytest.MonkeyPatch) -> str:
    """ssh://<alias>: the alias (with its Port) lives only in the test's ssh client config."""
    config = need_sshd()
    monkeypatch.setenv("DOCKPIT_SSH_COMMAND", f"ssh -F {config}")
    return f"ssh://{SSH_ALIAS}"


@pytest.fixture
def tls_engine() -> TlsEngine:
    return TlsEngine(
        need("DOCKPIT_TEST_TLS_HOST", listening=True),
        need("DOCKPIT_TEST_TLS_CERTS"),
        need("DOCKPIT_TEST_WRONG_CA_CERTS"),
    )


def _client(host: str) -> docker.DockerClient:
    try:
        client = docker.DockerClient(base_url=host, version="auto", timeout=60)
        client.ping()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI") == "true":
            pytest.fail(f"{host}: {exc}", pytrace=False)
        pytest.skip(f"{host}: {exc}")
    return client


def _maker(client: docker.DockerClient) -> Iterator[Callable[..., Any]]:
    made: list[Any] = []

    def make(command: str = "sleep 3600", *, name: str | None = None, start: bool = True) -> Any:
        container = client.containers.create(
            BUSYBOX, command, name=name or unique_name(), labels=dict(LABELS)
        )
        made.append(container)
        if start:
            container.start()
        container.reload()
        return container

    yield make
    for container in made:
        try:
            container.remove(force=True)
        except docker.errors.APIError:
            pass
    for container in client.containers.list(
        all=True, filters={"label": f"{TEST_LABEL}={RUN_ID}"}
    ):  # fmt: skip
        try:
            container.remove(force=True)
        except docker.errors.APIError:
            pass


@pytest.fixture
def engine2_host() -> str:
    return need("DOCKPIT_TEST_ENGINE2_HOST", listening=True)


@pytest.fixture
def engine2_client(engine2_host: str) -> Iterator[docker.DockerClient]:
    client = _client(engine2_host)
    yield client
    client.close()


@pytest.fixture
def make_engine2_container(engine2_client: docker.DockerClient) -> Iterator[Callable[..., Any]]:
    """Like make_container, on the second engine (the one behind TLS)."""
    yield from _maker(engine2_client)


@pytest.fixture
def podman_host() -> str:
    return need("DOCKPIT_TEST_PODMAN_HOST", listening=True)


@pytest.fixture
def podman_client(podman_host: str) -> Iterator[docker.DockerClient]:
    client = _client(podman_host)
    yield client
    client.close()


@pytest.fixture
def make_podman_container(podman_client: docker.DockerClient) -> Iterator[Callable[..., Any]]:
    yield from _maker(podman_client)


class OwnEngine:
    """A sandbox engine of the test's own (scripts/engine), which it may stop and restart."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.host = f"unix://{folder}/docker.sock"
        # containers get 1 s to stop when the engine stops (not the default 15 s)
        self._env = {
            **os.environ,
            "DOCKPIT_SANDBOX": folder,
            "DOCKPIT_DOCKERD_ARGS": "--shutdown-timeout=1",
        }

    def _run(self, action: str) -> None:
        import subprocess

        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        result = subprocess.run(
            [os.path.join(root, "scripts", "engine"), action],
            env=self._env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            message = f"scripts/engine {action} failed: {result.stderr[-800:]}"
            if os.environ.get("CI") == "true" or action != "start":
                pytest.fail(message, pytrace=False)
            pytest.skip(message)

    def start(self) -> None:
        self._run("start")

    def stop(self) -> None:
        self._run("stop")


@pytest.fixture
def own_engine() -> Iterator[OwnEngine]:
    import shutil
    import uuid

    engine = OwnEngine(f"/tmp/dp-own-{uuid.uuid4().hex[:8]}")
    engine.start()
    try:
        yield engine
    finally:
        engine.stop()
        shutil.rmtree(engine.folder, ignore_errors=True)
