"""The projects pane (key 8) on the sandbox engine with Debian's docker-compose, driven by keys
from a folder that is not the project's: up, drift, recreate, restart, down (with and without
volumes), build, pull, and a compose error with its exit code."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docker
import pytest

from tests.conftest import unique_name
from tests.helpers import screen_text, wait_for, wait_for_text
from tests.resource_helpers import show_pane
from tui.app import DockpitApp
from tui.screens.compose.compose_run import ComposeRunScreen
from widgets.compose_tables import ProjectsTable
from widgets.confirm import ConfirmDialog

pytestmark = pytest.mark.engine

SERVICES = """\
services:
  web:
    image: busybox:latest
    command: sh -c 'trap "exit 0" TERM; echo web up; while true; do sleep 1; done'
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
    environment:
      COLOUR: "{colour}"
    volumes:
      - data:/data
  worker:
    image: busybox:latest
    command: sh -c 'trap "exit 0" TERM; while true; do sleep 1; done'
volumes:
  data:
"""


@pytest.fixture
def project(tmp_path: Path, engine_host: str, monkeypatch):
    folder = tmp_path / "projects" / unique_name("cp")
    folder.mkdir(parents=True)
    (folder / "docker-compose.yml").write_text(SERVICES.format(colour="blue"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    yield folder
    subprocess.run(
        ["docker-compose", "--project-directory", str(folder), "-p", folder.name, "down", "-v",
         "--rmi", "local"],
        env={"DOCKER_HOST": engine_host, "PATH": "/usr/bin:/bin:/usr/local/bin"},
        capture_output=True,
    )  # fmt: skip


def project_containers(client: docker.DockerClient, name: str) -> list:
    return client.containers.list(all=True, filters={"label": f"com.docker.compose.project={name}"})


async def open_projects(pilot, name: str) -> ProjectsTable:
    await show_pane(pilot, "projects", "8")
    table = pilot.app.main_screen.query_one(ProjectsTable)
    await wait_for(pilot, lambda: table.has_key(name), timeout=15)
    table.focus()
    table.move_cursor(row=table.get_row_index(name))
    return table


async def run_key(pilot, key: str, *, confirm: bool = False, ok: bool = True) -> str:
    await pilot.press(key)
    if confirm:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), timeout=15)
        text = screen_text(pilot)
        await pilot.press("y")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ComposeRunScreen), timeout=15)
    modal = pilot.app.screen
    await wait_for(pilot, lambda: modal.ended, timeout=90)
    shown = screen_text(pilot)
    assert (modal.outcome is not None and modal.outcome.ok) == ok, shown
    await pilot.press("escape")
    await wait_for(pilot, lambda: pilot.app.screen is not modal)
    return text if confirm else shown


async def test_up_drift_recreate_restart_down(app_settings, docker_client, project):
    name = project.name
    app_settings.compose_folders = [str(project.parent)]
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        table = await open_projects(pilot, name)
        await wait_for_text(pilot, "not created")
        await run_key(pilot, "u")
        await wait_for(pilot, lambda: len(project_containers(docker_client, name)) == 2)
        assert all(c.status == "running" for c in project_containers(docker_client, name))
        await wait_for_text(pilot, "running 2/2", timeout=15)
        await wait_for_text(pilot, "in sync", timeout=30)

        (project / "docker-compose.yml").write_text(SERVICES.format(colour="red"))
        await pilot.press("x")
        await wait_for_text(pilot, "changed: web", timeout=30)

        web = next(c for c in project_containers(docker_client, name) if "web" in c.name)
        await run_key(pilot, "R")
        await wait_for_text(pilot, "in sync", timeout=30)
        new_web = next(c for c in project_containers(docker_client, name) if "web" in c.name)
        assert new_web.id != web.id and "COLOUR=red" in new_web.attrs["Config"]["Env"]

        started = new_web.attrs["State"]["StartedAt"]
        await run_key(pilot, "r")
        new_web.reload()
        assert new_web.attrs["State"]["StartedAt"] != started

        await run_key(pilot, "d", confirm=True)
        await wait_for(pilot, lambda: not project_containers(docker_client, name))
        assert docker_client.volumes.get(f"{name}_data")  # plain down keeps volumes

        table.move_cursor(row=table.get_row_index(name))
        await run_key(pilot, "u")
        await wait_for(pilot, lambda: len(project_containers(docker_client, name)) == 2)
        asked = await run_key(pilot, "D", confirm=True)
        assert f"{name}_data" in asked and f"{name}_default" in asked
        await wait_for(pilot, lambda: not project_containers(docker_client, name))
        assert not docker_client.volumes.list(filters={"name": f"{name}_data"})


async def test_build_pull_and_a_compose_error(app_settings, docker_client, project):
    import os

    registry = os.environ.get("DOCKPIT_TEST_REGISTRY")
    if not registry:
        pytest.skip("no local registry (scripts/test starts one)")
    name = project.name
    remote = f"{registry}/dockpit-compose-{name}:v1"
    docker_client.images.get("busybox:latest").tag(remote)
    docker_client.images.push(remote)
    docker_client.images.remove(remote)
    (project / "Dockerfile").write_text("FROM busybox:latest\nRUN echo built > /built\n")
    pulled = f"services:\n  cache:\n    image: {remote}\n    command: sleep 1000\n"
    built = f"services:\n  app:\n    build: .\n    image: dockpit-built-{name}:latest\n"
    (project / "docker-compose.yml").write_text(pulled)
    app_settings.compose_folders = [str(project.parent)]
    app = DockpitApp(app_settings)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await open_projects(pilot, name)
            await run_key(pilot, "p")
            assert docker_client.images.get(remote)
            (project / "docker-compose.yml").write_text(built)
            await run_key(pilot, "b")
            assert docker_client.images.get(f"dockpit-built-{name}:latest")

            (project / "docker-compose.yml").write_text("services:\n  app:\n    image: [1, 2]\n")
            shown = await run_key(pilot, "u", ok=False)
            assert "exit code 1" in shown
    finally:
        for ref in (remote, f"dockpit-built-{name}:latest"):
            try:
                docker_client.images.remove(ref, force=True)
            except docker.errors.APIError:
                pass
