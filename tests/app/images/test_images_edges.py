"""Rough edges of the images pane found by trying the primer as a new user: the help
names what enter does; the build screen says what it is."""

from __future__ import annotations

import re

from tests.helpers import screen_text, wait_for, wait_for_text
from tests.image_fixtures import open_images_pane
from tui.app import DockpitApp
from tui.screens.images.image_build import ImageBuildScreen
from tui.screens.shell.help import HelpScreen


async def test_help_says_enter_opens_the_history_and_build_has_a_title(app_settings):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_images_pane(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = screen_text(pilot)
        assert re.search(r"⏎\s+Open history\s+images\.open", text), text
        assert not re.search(r"⏎\s+Select", text)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, ImageBuildScreen))
        await wait_for_text(pilot, "Build an image on")
        await pilot.press("escape")


async def test_force_remove_untags_every_tag(app_settings, docker_client, build_test_image):
    """d, f, y on one tag of an image with two: "force: also untag everywhere" removes both
    tags and the image (the engine's force on a tag alone untags only that tag)."""
    import docker

    from tests.conftest import unique_name
    from tests.image_fixtures import select_reference

    reference = f"dockpit-test-force-{unique_name('f')}:1"
    other = f"dockpit-test-force-{unique_name('g')}:2"
    image = build_test_image(reference)
    docker_client.images.get(reference).tag(other)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await select_reference(pilot, pane, reference)
        await pilot.press("d")
        await wait_for_text(pilot, "only the tag goes")
        await pilot.press("f")
        await wait_for_text(pilot, "force: every tag goes")
        await pilot.press("y")

        def gone() -> bool:
            try:
                docker_client.images.get(image.id)
            except docker.errors.ImageNotFound:
                return True
            return False

        await wait_for(pilot, gone, timeout=15)
    for tag in (reference, other):
        try:
            docker_client.images.get(tag)
            raise AssertionError(f"{tag} is still there")
        except docker.errors.ImageNotFound:
            pass
