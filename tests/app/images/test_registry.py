"""Images pane against real local registries: push, pull, login, catalog search."""

from __future__ import annotations

import base64
import json

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tests.image_fixtures import (
    fill,
    notified,
    open_images_pane,
    select_reference,
    wait_operation,
)
from tui.app import DockpitApp
from tui.screens.images.registry_search import RegistrySearchScreen
from widgets.transfer_progress import TransferProgressView


async def test_push_then_pull_back_shows_layer_bars(
    app_settings, docker_client, registries, build_test_image, image_cleanup, docker_config
):
    reference = f"{registries['open']}/dockpit-test/{unique_name('push')}:v1"
    build_test_image(reference)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await select_reference(pilot, pane, reference)
        await pilot.press("u")
        await pilot.press("enter")  # the dialog offers the row's own reference
        screen = await wait_operation(pilot)
        assert screen.outcome == "ok", screen.result_text
        statuses = screen.query_one(TransferProgressView).layer_statuses()
        assert all(
            s in ("Pushed", "Layer already exists") or s.startswith("Mounted from")
            for s in statuses.values()
        ), statuses
        assert "Pushed" in statuses.values()
        assert "pushed" in screen_text(pilot)
        await pilot.press("enter")

        docker_client.images.remove(reference, force=True)  # its own layer goes too
        await wait_for(pilot, lambda: not any(
            r.reference == reference for r in pane.table.rows_by_key.values()
        ))  # fmt: skip
        await pilot.press("p")
        await fill(pilot, {"field-reference": reference})
        await pilot.press("enter")
        screen = await wait_operation(pilot)
        assert screen.outcome == "ok", screen.result_text
        statuses = screen.query_one(TransferProgressView).layer_statuses()
        assert "Pull complete" in statuses.values()  # downloaded and extracted: a real bar
        text = await wait_for_text(pilot, "Pull complete")
        assert "100%" in text
        await pilot.press("enter")
        await select_reference(pilot, pane, reference)
    assert docker_client.images.get(reference).tags == [reference]


async def test_pull_of_missing_name_shows_engine_error(app_settings, registries):
    reference = f"{registries['open']}/dockpit-test/{unique_name('nothere')}:v1"
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_images_pane(pilot)
        await pilot.press("p")
        await fill(pilot, {"field-reference": reference})
        await pilot.press("enter")
        screen = await wait_operation(pilot)
        assert screen.outcome == "failed"
        assert "manifest unknown" in screen.result_text
        assert screen.query_one("#overall").total is not None  # it stopped pulsing
        assert "manifest unknown" in screen_text(pilot)
        assert "Traceback" not in screen_text(pilot)
        await pilot.press("escape")


async def test_login_wrong_then_right_password_stored_like_the_cli(
    app_settings, docker_client, registries, docker_config, build_test_image, image_cleanup
):
    registry = registries["auth"]
    reference = f"{registry}/dockpit-test/{unique_name('auth')}:v1"
    build_test_image(reference)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        # not logged in: the refused push points to the login key
        await select_reference(pilot, pane, reference)
        await pilot.press("u", "enter")
        screen = await wait_operation(pilot)
        assert screen.outcome == "failed"
        assert "log in to the registry first: g (images.login)" in screen.result_text
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is pane.screen)

        await pilot.press("g")
        wrong = "not-" + registries["password"]
        await fill(pilot, {"field-registry": registry, "field-username": registries["user"]})
        await fill(pilot, {"field-password": wrong})
        await pilot.press("enter")
        # refused: the form comes back with registry and user kept, the error in it
        text = await wait_for_text(pilot, "Login failed", timeout=15)
        assert "401 Unauthorized" in text
        assert not (docker_config / "config.json").exists()
        assert wrong not in screen_text(pilot)
        form = app.screen
        assert form.query_one("#field-registry").value == registry
        assert form.query_one("#field-username").value == registries["user"]
        assert form.query_one("#field-password").value == ""
        await wait_for(pilot, lambda: app.focused is form.query_one("#field-password"))
        await fill(pilot, {"field-password": registries["password"]})
        await pilot.press("enter")
        await wait_for(pilot, lambda: notified(app, "Login Succeeded"), timeout=15)
        assert registries["password"] not in screen_text(pilot)

        config = json.loads((docker_config / "config.json").read_text())
        secret = f"{registries['user']}:{registries['password']}".encode()
        assert config["auths"][registry]["auth"] == base64.b64encode(secret).decode()
        assert (docker_config / "config.json").stat().st_mode & 0o077 == 0

        # The stored login is what push uses: pushing to the auth registry now works.
        await select_reference(pilot, pane, reference)
        await pilot.press("u", "enter")
        screen = await wait_operation(pilot)
        assert screen.outcome == "ok", screen.result_text
        await pilot.press("enter")

        await pilot.press("G")
        await fill(pilot, {"field-registry": registry})
        await pilot.press("enter")
        await wait_for(pilot, lambda: notified(app, "logged out"), timeout=10)
    assert registry not in json.loads((docker_config / "config.json").read_text())["auths"]


async def test_catalog_search_lists_pushed_repository_and_hub_fails_cleanly(
    app_settings, docker_client, registries, build_test_image, image_cleanup, docker_config
):
    name = unique_name("catalog")
    reference = f"{registries['open']}/dockpit-test/{name}:v7"
    build_test_image(reference)
    for _ in docker_client.api.push(reference, stream=True, decode=True):
        pass
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_images_pane(pilot)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, RegistrySearchScreen))
        await fill(pilot, {"search-registry": registries["open"], "search-term": name})
        app.screen.query_one("#search-term").focus()
        await pilot.press("enter")
        text = await wait_for_text(pilot, f"dockpit-test/{name}", timeout=15)
        assert "v7" in text
        assert "1 repositories" in text

        await fill(pilot, {"search-registry": "docker.io", "search-term": "busybox"})
        app.screen.query_one("#search-term").focus()
        await pilot.press("enter")
        text = await wait_for_text(pilot, "Docker Hub search failed", timeout=20)
        assert "Traceback" not in text
