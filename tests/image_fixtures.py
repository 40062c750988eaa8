"""Fixtures and helpers of the image tests: registries, labelled test images, form filling.

Import the fixtures into a test module (``from tests.image_fixtures import *``-style, by
name). Every image a test makes carries ``dockpit.test=<run id>`` or a unique name, and is
removed afterwards even when the test fails. ``busybox:latest`` is never removed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docker
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import BUSYBOX, RUN_ID, TEST_LABEL, _unavailable, unique_name, unreachable
from tests.helpers import wait_for
from tui.screens.images.images_pane import ImagesPane
from widgets.images_table import ImagesTable

PROTECTED = {BUSYBOX, "busybox"}


@pytest.fixture(scope="session")
def registries() -> dict[str, str]:
    """The local registries scripts/registry started (scripts/test exports them)."""
    names = (
        "DOCKPIT_TEST_REGISTRY",
        "DOCKPIT_TEST_AUTH_REGISTRY",
        "DOCKPIT_TEST_REGISTRY_USER",
        "DOCKPIT_TEST_REGISTRY_PASSWORD",
    )
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        _unavailable(f"local registries not started ({', '.join(missing)} unset)")
    for name in ("DOCKPIT_TEST_REGISTRY", "DOCKPIT_TEST_AUTH_REGISTRY"):
        reason = unreachable(os.environ[name])
        if reason is not None:
            _unavailable(f"local registry: {reason}")
    return {
        "open": os.environ["DOCKPIT_TEST_REGISTRY"],
        "auth": os.environ["DOCKPIT_TEST_AUTH_REGISTRY"],
        "user": os.environ["DOCKPIT_TEST_REGISTRY_USER"],
        "password": os.environ["DOCKPIT_TEST_REGISTRY_PASSWORD"],
    }


@pytest.fixture
def docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private DOCKER_CONFIG folder: logins made by the test land here, never in ~."""
    folder = tmp_path / "docker-config"
    folder.mkdir()
    monkeypatch.setenv("DOCKER_CONFIG", str(folder))
    return folder


@pytest.fixture
def image_cleanup(docker_client: docker.DockerClient) -> Iterator[list[str]]:
    """Append references or ids; they are removed (forced) after the test."""
    made: list[str] = []
    yield made
    for reference in reversed(made):
        if reference in PROTECTED:
            continue
        try:
            docker_client.images.remove(reference, force=True)
        except docker.errors.APIError:
            pass


@pytest.fixture
def build_test_image(
    docker_client: docker.DockerClient, image_cleanup: list[str], tmp_path: Path
) -> Callable[..., Any]:
    """Build a small labelled image FROM busybox with one layer of its own."""

    def build(reference: str, *, lines: list[str] | None = None) -> Any:
        context = tmp_path / unique_name("ctx")
        context.mkdir()
        body = [
            f"FROM {BUSYBOX}",
            f"LABEL {TEST_LABEL}={RUN_ID}",
            f"RUN echo {unique_name('layer')} > /dockpit-id",
            *(lines or []),
        ]
        (context / "Dockerfile").write_text("\n".join(body) + "\n")
        image, _ = docker_client.images.build(path=str(context), tag=reference, rm=True)
        image_cleanup.append(reference)
        image_cleanup.append(image.id)
        return image

    return build


def rootfs_tar(docker_client: docker.DockerClient, path: Path) -> Path:
    """Export a busybox container's filesystem: a root filesystem tar for docker import."""
    container = docker_client.containers.create(BUSYBOX, "true", labels={TEST_LABEL: RUN_ID})
    try:
        with open(path, "wb") as out:
            for chunk in container.export():
                out.write(chunk)
    finally:
        container.remove(force=True)
    return path


async def open_images_pane(pilot: Pilot) -> ImagesPane:
    from textual.widgets import ContentSwitcher

    await wait_for(pilot, lambda: pilot.app.screen.query_one("#panes", ContentSwitcher), timeout=10)
    switcher = pilot.app.screen.query_one("#panes", ContentSwitcher)
    # Until the switcher has shown its first pane, a switch would be undone by it.
    await wait_for(pilot, lambda: switcher.current is not None, timeout=10)
    await pilot.press("2")
    await wait_for(pilot, lambda: switcher.current == "images", timeout=10)
    pane = pilot.app.screen.query_one(ImagesPane)
    await wait_for(pilot, lambda: pane.table.row_count > 0, timeout=10)
    # The switch moves the focus a moment later: keys sent before that go to the old pane.
    await wait_for(pilot, lambda: pilot.app.focused is pane.table, timeout=10)
    return pane


async def select_reference(pilot: Pilot, pane: ImagesPane, reference: str) -> None:
    """Wait for the row of ``reference`` and put the cursor on it."""
    table = pane.query_one(ImagesTable)

    def key() -> str | None:
        return next((k for k, r in table.rows_by_key.items() if r.reference == reference), None)

    await wait_for(pilot, lambda: key() is not None, timeout=10)
    found = key()
    assert found is not None
    table.focus()
    table.select_key(found)
    await pilot.pause()
    assert pane.current is not None and pane.current.reference == reference


async def fill(pilot: Pilot, values: dict[str, str]) -> None:
    """Set the inputs of the current screen by id (``{"field-path": "/tmp/x.tar"}``)."""
    for widget_id, value in values.items():
        pilot.app.screen.query_one(f"#{widget_id}", Input).value = value
    await pilot.pause()


def write_garbage(path: Path) -> Path:
    path.write_bytes(io.BytesIO(os.urandom(4096)).getvalue())
    return path


def notified(app: Any, text: str) -> bool:
    """Whether a current notification contains ``text``."""
    return any(text in str(n.message) for n in app._notifications)


async def wait_operation(pilot: Pilot, timeout: float = 30.0) -> Any:
    """Wait until the operation modal on top has ended; return it (outcome, result_text)."""
    from tui.screens.images.image_operation import ImageOperationScreen

    await wait_for(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, ImageOperationScreen)
            and pilot.app.screen.outcome is not None
        ),
        timeout=timeout,
    )
    return pilot.app.screen
