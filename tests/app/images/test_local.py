"""Images pane, engine-local work: build, history, save/remove/load, import, refused removal."""

from __future__ import annotations

from pathlib import Path

import docker
import pytest

from tests.conftest import BUSYBOX, RUN_ID, TEST_LABEL, unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tests.image_fixtures import (
    fill,
    notified,
    open_images_pane,
    rootfs_tar,
    select_reference,
    wait_operation,
    write_garbage,
)
from tui.app import DockpitApp
from tui.screens.images.image_build import ImageBuildScreen
from tui.screens.images.image_history import ImageHistoryScreen

SEED_DOCKERFILE = f"""\
FROM {BUSYBOX}
MAINTAINER dockpit tests <tests@dockpit.invalid>
LABEL {TEST_LABEL}={RUN_ID}
COPY hello.txt /srv/hello.txt
WORKDIR /srv
RUN echo built-by-dockpit > /srv/marker && wc -c hello.txt
ENTRYPOINT ["cat"]
EXPOSE 8080
CMD ["/srv/hello.txt"]
"""


def build_context(folder: Path, dockerfile: str) -> Path:
    folder.mkdir()
    (folder / "Dockerfile").write_text(dockerfile)
    (folder / "hello.txt").write_text("hello from the build context\n")
    return folder


async def run_build(pilot, context: Path, tag: str) -> ImageBuildScreen:
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImageBuildScreen))
    screen = pilot.app.screen
    await fill(pilot, {"build-context": str(context), "build-tag": tag})
    await pilot.press("ctrl+b")
    await wait_for(pilot, lambda: screen.outcome != "", timeout=60)
    return screen


async def test_build_seed_dockerfile_then_history_and_a_broken_build(
    app_settings, docker_client, tmp_path, image_cleanup, make_container
):
    tag = f"dockpit-test-build-{unique_name('b')}:1"
    image_cleanup.append(tag)
    context = build_context(tmp_path / "ok", SEED_DOCKERFILE)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        screen = await run_build(pilot, context, tag)
        assert screen.outcome == "ok", screen_text(pilot)
        text = await wait_for_text(pilot, "Built sha256:")
        assert "Step 9/9 : CMD" in text  # the step line shows the last step
        await wait_for_text(pilot, "Successfully tagged")
        built = docker_client.images.get(tag)
        image_cleanup.append(built.id)
        await pilot.press("escape")  # back: the new image is selected in the pane
        await wait_for(
            pilot, lambda: pane.current is not None and pane.current.image.id == built.id
        )

        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, ImageHistoryScreen))
        text = await wait_for_text(pilot, "layers")
        assert "RUN echo built-by-dockpit" in text
        assert 'CMD ["/srv/hello.txt"]' in text
        assert "EXPOSE" in text and "WORKDIR /srv" in text
        await pilot.press("q")

        broken = build_context(
            tmp_path / "broken",
            SEED_DOCKERFILE.replace("RUN echo", "RUN exit 3; echo"),
        )
        screen = await run_build(pilot, broken, f"dockpit-test-broken-{unique_name('b')}:1")
        assert screen.outcome == "failed"
        await wait_for_text(pilot, "returned a non-zero code: 3")
        assert "Failed at Step 6/9 : RUN exit 3" in screen_text(pilot)
        await pilot.press("escape")
    container = make_container(image=tag, command=None, start=False)
    container.start()
    container.wait(timeout=30)
    assert container.logs() == b"hello from the build context\n"


async def test_save_remove_load_restores_the_image(
    app_settings, docker_client, tmp_path, build_test_image
):
    reference = f"dockpit-test-save-{unique_name('s')}:1"
    image = build_test_image(reference)
    archive = tmp_path / "saved.tar"
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await select_reference(pilot, pane, reference)
        await pilot.press("s")
        await fill(pilot, {"field-path": str(archive)})
        await pilot.press("enter")
        screen = await wait_operation(pilot)
        assert screen.outcome == "ok", screen.result_text
        await pilot.press("enter")
        assert archive.stat().st_size > 1000

        await select_reference(pilot, pane, reference)
        await pilot.press("d")
        await wait_for_text(pilot, "y: remove")
        await pilot.press("y")
        await wait_for(pilot, lambda: not _exists(docker_client, image.id), timeout=15)

        await pilot.press("l")
        await fill(pilot, {"field-path": str(archive)})
        await pilot.press("enter")
        screen = await wait_operation(pilot)
        assert screen.outcome == "ok", screen.result_text
        assert f"Loaded image: {reference}" in screen_text(pilot)
        await pilot.press("enter")
        await select_reference(pilot, pane, reference)
        assert pane.current is not None and pane.current.image.id == image.id

        # Clear errors for a missing and a corrupt file.
        for path, message in (
            (tmp_path / "missing.tar", "no such file"),
            (write_garbage(tmp_path / "corrupt.tar"), "is not a tar archive"),
        ):
            await pilot.press("l")
            await fill(pilot, {"field-path": str(path)})
            await pilot.press("enter")
            screen = await wait_operation(pilot)
            assert screen.outcome == "failed"
            assert message in screen.result_text
            await wait_for_text(pilot, message)
            await pilot.press("escape")
    assert _exists(docker_client, image.id)


async def test_import_makes_a_runnable_image(
    app_settings, docker_client, tmp_path, image_cleanup, make_container
):
    archive = rootfs_tar(docker_client, tmp_path / "rootfs.tar")
    reference = f"dockpit-test-import-{unique_name('i')}:1"
    image_cleanup.append(reference)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await pilot.press("I")
        await fill(
            pilot,
            {
                "field-path": str(archive),
                "field-reference": reference,
                "field-changes": f'CMD ["echo", "imported ok"]; LABEL {TEST_LABEL}={RUN_ID}',
            },
        )
        await pilot.press("enter")
        screen = await wait_operation(pilot)
        assert screen.outcome == "ok", screen.result_text
        assert "imported" in screen.result_text
        await pilot.press("enter")
        await select_reference(pilot, pane, reference)
    container = make_container(image=reference, command=None, start=False)
    container.start()
    assert container.wait(timeout=30)["StatusCode"] == 0
    assert container.logs() == b"imported ok\n"


async def test_remove_refuses_an_image_in_use_naming_the_container(
    app_settings, docker_client, build_test_image, make_container
):
    reference = f"dockpit-test-inuse-{unique_name('r')}:1"
    image = build_test_image(reference)
    name = unique_name("user")
    make_container(image=reference, name=name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        pane = await open_images_pane(pilot)
        await select_reference(pilot, pane, reference)
        await wait_for(
            pilot, lambda: pane.current is not None and name in pane.current.image.containers
        )
        await pilot.press("d")
        text = await wait_for_text(pilot, "used by containers:")
        assert name in text
        await pilot.press("y")
        await wait_for(pilot, lambda: notified(app, "is used by container"), timeout=15)
        assert notified(app, name)
    assert _exists(docker_client, image.id)


def _exists(client: docker.DockerClient, image_id: str) -> bool:
    try:
        client.images.get(image_id)
    except docker.errors.ImageNotFound:
        return False
    return True


@pytest.fixture(autouse=True)
def _never_busybox(docker_client):
    yield
    assert _exists(docker_client, BUSYBOX), "a test removed busybox:latest"
