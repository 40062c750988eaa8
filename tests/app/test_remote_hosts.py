"""The dashboard on remote engines: ssh:// through the system ssh, tcp:// with TLS."""

from __future__ import annotations

import pytest

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.settings import Settings
from widgets.containers_table import ContainersTable

pytestmark = pytest.mark.engine


async def test_lists_containers_over_ssh(ssh_host, make_container):
    container = make_container(name=unique_name("overssh"))
    app = DockpitApp(Settings(host=ssh_host))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(
            pilot, lambda: app.query_one(ContainersTable).has_key(container.id), timeout=20
        )
        assert ssh_host in screen_text(pilot)  # the status bar names the engine


async def test_lists_containers_over_tls_and_refuses_a_wrong_ca(
    tls_engine, make_engine2_container, monkeypatch
):
    name = unique_name("overtls")
    container = make_engine2_container(name=name)
    monkeypatch.setenv("DOCKER_TLS_VERIFY", "1")
    monkeypatch.setenv("DOCKER_CERT_PATH", tls_engine.certs)
    app = DockpitApp(Settings(host=tls_engine.host))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(
            pilot, lambda: app.query_one(ContainersTable).has_key(container.id), timeout=15
        )

    monkeypatch.setenv("DOCKER_CERT_PATH", tls_engine.wrong_ca_certs)
    app = DockpitApp(Settings(host=tls_engine.host))
    async with app.run_test(size=(160, 45)) as pilot:
        text = await wait_for_text(pilot, "No Docker engine answered", timeout=15)
        assert "certificate verify failed" in text
        assert "Traceback" not in text
        assert name not in text
