"""Connecting over ssh:// (system ssh, ~/.ssh/config alias with its own Port), TLS, contexts."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import unique_name
from tui.engine.containers.containers import list_containers
from tui.engine.core.connect import resolve_endpoint
from tui.engine.core.errors import EngineUnavailable
from tui.engine.core.session import EngineSession

pytestmark = pytest.mark.engine


def test_ssh_alias_reaches_the_sandbox_and_closes_cleanly(ssh_host, make_container):
    container = make_container(name=unique_name("ssh"))
    session = EngineSession.open(resolve_endpoint(ssh_host, {}))
    try:
        stream = session.stream_client()
        assert container.id in {c.id for c in list_containers(stream)}
        session.release(stream)
        assert session.connection is not None and session.connection.bridge is not None
        bridge_dir = os.path.dirname(session.connection.bridge.socket_path)
    finally:
        session.close()
    assert not os.path.exists(bridge_dir)  # socket, control socket and ssh processes gone


def test_ssh_failure_says_what_ssh_said(ssh_host, tmp_path):
    with pytest.raises(EngineUnavailable, match=r"ssh to .*(refused|denied|resolve)"):
        EngineSession.open(resolve_endpoint("ssh://root@127.0.0.1:1", {}))


def test_tls_verified_and_wrong_ca_refused(tls_engine, make_engine2_container):
    container = make_engine2_container(name=unique_name("tls"))
    good = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": tls_engine.certs}
    session = EngineSession.open(resolve_endpoint(tls_engine.host, good))
    try:
        assert container.id in {c.id for c in list_containers(session.client)}
    finally:
        session.close()
    bad = {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": tls_engine.wrong_ca_certs}
    with pytest.raises(EngineUnavailable, match="certificate verify failed") as info:
        EngineSession.open(resolve_endpoint(tls_engine.host, bad))
    assert tls_engine.wrong_ca_certs in info.value.message
    with pytest.raises(EngineUnavailable, match="HTTPS"):  # plain HTTP to a TLS port
        EngineSession.open(resolve_endpoint(tls_engine.host, {}))


def test_context_made_by_the_docker_cli(tls_engine, make_engine2_container, tmp_path):
    container = make_engine2_container(name=unique_name("ctx"))
    env = {**os.environ, "DOCKER_CONFIG": str(tmp_path)}
    env.pop("DOCKER_HOST", None)
    env.pop("DOCKER_CONTEXT", None)
    certs = tls_engine.certs
    subprocess.run(
        ["docker", "context", "create", "tlsbox", "--description", "TLS sandbox", "--docker",
         f"host={tls_engine.host},ca={certs}/ca.pem,cert={certs}/cert.pem,key={certs}/key.pem"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(["docker", "context", "use", "tlsbox"], env=env, check=True, capture_output=True)
    endpoint = resolve_endpoint(None, env)
    assert endpoint.context == "tlsbox" and endpoint.tls is not None and endpoint.tls.verify
    session = EngineSession.open(endpoint)
    try:
        assert container.id in {c.id for c in list_containers(session.client)}
    finally:
        session.close()
