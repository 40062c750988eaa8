"""--read-only in the images pane: the door refuses tag and pull, the engine is left as it was."""

from __future__ import annotations

import socket

import docker
import pytest

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for
from tests.image_fixtures import fill, notified, open_images_pane, select_reference, wait_operation
from tui.app import DockpitApp

pytestmark = pytest.mark.engine


async def test_read_only_refuses_tag_and_pull(app_settings, docker_client, build_test_image):
    reference = f"dockpit-test-ro-{unique_name('r')}:1"
    image = build_test_image(reference)
    new_tag = f"dockpit-test-ro-{unique_name('t')}:2"
    registry = socket.socket()  # a 'registry' that records being contacted
    registry.bind(("127.0.0.1", 0))
    registry.listen(4)
    registry.setblocking(False)
    pulled = f"127.0.0.1:{registry.getsockname()[1]}/dockpit-test/{unique_name('p')}:1"
    app_settings.read_only = True
    app = DockpitApp(app_settings)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            pane = await open_images_pane(pilot)
            assert app.session is not None and app.session.read_only
            await select_reference(pilot, pane, reference)
            await pilot.press("t")
            await fill(pilot, {"field-reference": new_tag})
            await pilot.press("enter")
            await wait_for(pilot, lambda: notified(app, "read-only mode: tag is not allowed"))

            await pilot.press("p")
            await fill(pilot, {"field-reference": pulled})
            await pilot.press("enter")
            screen = await wait_operation(pilot)
            assert screen.outcome == "failed"
            assert "read-only mode: pull is not allowed" in screen_text(pilot)
            await pilot.press("escape")
        with pytest.raises(BlockingIOError):
            registry.accept()
    finally:
        registry.close()
    assert docker_client.images.get(image.id).tags == [reference]
    with pytest.raises(docker.errors.ImageNotFound):
        docker_client.images.get(pulled)
