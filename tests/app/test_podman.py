"""Podman's Docker-compatible API socket as an engine: listed, probed, a container started."""

from __future__ import annotations

import pytest

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for
from tui.app import DockpitApp
from tui.engine.core.connect import resolve_endpoint
from tui.engine.core.session import EngineSession
from tui.screens.hosts.fleet import FleetScreen
from tui.settings import Settings
from widgets.containers_table import ContainersTable
from widgets.keyed_table import KeyedTable

pytestmark = pytest.mark.engine


def test_podman_session_says_what_it_is(podman_host):
    session = EngineSession.open(resolve_endpoint(podman_host, {}))
    try:
        assert session.is_podman and session.server_version
    finally:
        session.close()


async def test_podman_lists_and_starts_a_container(
    podman_host, make_podman_container, podman_client
):
    container = make_podman_container(name=unique_name("pod"), start=False)
    app = DockpitApp(Settings(host=podman_host))
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(
            pilot, lambda: app.query_one(ContainersTable).has_key(container.id), timeout=30
        )
        await pilot.press("F")  # the fleet view acts through each container's engine
        await wait_for(pilot, lambda: isinstance(app.screen, FleetScreen))
        table = app.screen.query_one(KeyedTable)
        key = f"0/{container.id}"
        await wait_for(pilot, lambda: table.has_key(key), timeout=30)
        for _ in range(table.row_count):
            if table.current_key == key:
                break
            await pilot.press("down")
        assert table.current_key == key
        await pilot.press("s")

        def running() -> bool:
            container.reload()
            return container.status == "running"

        await wait_for(pilot, running, timeout=30)
        await wait_for(pilot, lambda: "running" in screen_text(pilot), timeout=20)
        assert "Traceback" not in screen_text(pilot)


def test_podman_missing_endpoints_are_named_not_not_found(podman_client):
    """Podman 4.3.1 (Debian) answers swarm, build-cache and distribution calls with a bare
    404 "Not Found": the user reads which feature is unsupported, not a missing object."""
    from tui.engine.core.errors import NotFound, Unsupported, engine_call
    from tui.engine.swarm.swarm import list_nodes

    with pytest.raises(Unsupported, match=r"^swarm nodes is not supported by this engine"):
        list_nodes(podman_client)
    build_cache = r"^the build cache is not supported.*POST /build/prune"
    with pytest.raises(Unsupported, match=build_cache), engine_call():
        podman_client.api.prune_builds()
    # a missing object is still NotFound
    with pytest.raises(NotFound) as missing, engine_call():
        podman_client.api.inspect_container(unique_name("absent"))
    assert not isinstance(missing.value, Unsupported)


async def test_podman_swarm_pane_says_swarm_is_unsupported(podman_host):
    app = DockpitApp(Settings(host=podman_host))
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await wait_for(pilot, lambda: app.session is not None, timeout=30)
        await pilot.press("6")
        await wait_for(
            pilot, lambda: "swarm is not supported by this engine" in screen_text(pilot), timeout=40
        )
        text = screen_text(pilot)
        assert "Podman Engine" in text and "GET /swarm" in text
        assert "docker swarm init" not in text  # no advice that cannot work on podman
        assert "Traceback" not in text and "Not Found" not in text
