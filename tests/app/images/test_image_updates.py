"""Update available: push v1 of a tag, run a container from it, push a new image under the same
tag; the ⬆ mark appears on the container's row, and `u` pulls and recreates it on the new
digest. The registry is asked with a manifest HEAD and the stored login (auth registry)."""

from __future__ import annotations

import pytest

from tests.app.containers_support import narrow, ready, select, wait_notified, wait_row
from tests.conftest import unique_name
from tests.helpers import wait_for
from tui.app import DockpitApp
from tui.engine.core.errors import EngineError
from tui.engine.images.registry_auth import login
from tui.engine.images.updates import remote_digest
from widgets.confirm import ConfirmDialog


def push(docker_client, reference: str, auth: dict | None = None) -> str:
    """Push; the digest the registry now holds for the tag."""
    digest = ""
    for message in docker_client.api.push(reference, stream=True, decode=True, auth_config=auth):
        assert "error" not in message, message
        digest = (message.get("aux") or {}).get("Digest") or digest
    assert digest
    return digest


async def test_the_mark_appears_and_u_runs_the_new_digest(
    app_settings, make_container, docker_client, registries, build_test_image, docker_config
):
    reference = f"{registries['open']}/dockpit-test/{unique_name('upd')}:live"
    build_test_image(reference)
    v1 = push(docker_client, reference)
    name = unique_name("upd")
    c = make_container(image=reference, name=name)
    v2_image = build_test_image(reference)  # a new image under the same tag
    v2 = push(docker_client, reference)
    assert v2 != v1 and remote_digest(reference) == v2
    app_settings.update_check_minutes = 60
    app = DockpitApp(app_settings)
    new_id = None
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await ready(pilot, c)
            await narrow(pilot, name)
            await select(pilot, c)
            await wait_row(pilot, c, "⬆", timeout=30)
            await pilot.press("u")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("y")
            await wait_notified(pilot, f"recreated {name} on the new image", timeout=60)
        new = docker_client.api.inspect_container(name)
        new_id = new["Id"]
        assert new_id != c.id and new["State"]["Running"]
        assert new["Image"] == v2_image.id
        digests = docker_client.api.inspect_image(new["Image"])["RepoDigests"]
        assert any(d.endswith(v2) for d in digests)
    finally:
        if new_id:
            docker_client.api.remove_container(new_id, force=True)


def test_the_stored_login_is_used(docker_client, registries, build_test_image, docker_config):
    reference = f"{registries['auth']}/dockpit-test/{unique_name('upd')}:v1"
    build_test_image(reference)
    with pytest.raises(EngineError, match="wants a login"):
        remote_digest(reference)
    login(docker_client, registries["auth"], registries["user"], registries["password"])
    auth = {"username": registries["user"], "password": registries["password"]}
    digest = push(docker_client, reference, auth)
    assert remote_digest(reference) == digest
