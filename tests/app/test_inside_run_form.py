"""The run form on the sandbox engine: run with env, a port and a volume; create only."""

from __future__ import annotations

import docker
import pytest
from textual.widgets import Checkbox, Input, Select

from tests.app.inside_helpers import open_details, submit, wait_screen
from tests.conftest import LABELS, RUN_ID, TEST_LABEL, unique_name
from tests.helpers import free_port, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.containers.run_form import RunForm


@pytest.fixture
def test_volume(docker_client):
    volume = docker_client.volumes.create(unique_name("vol"), labels=LABELS)
    yield volume.name
    for container in docker_client.containers.list(all=True, filters={"volume": volume.name}):
        container.remove(force=True)
    volume.remove(force=True)


def _fill(form: RunForm, **values: str) -> None:
    for key, value in values.items():
        form.query_one(f"#run-{key}", Input).value = value


async def test_run_with_env_port_and_volume_then_create_only(
    app_settings, make_container, docker_client, test_volume
):
    anchor = make_container()
    run_name, created_name = unique_name("run"), unique_name("created")
    port = free_port()
    app = DockpitApp(app_settings)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            # from anywhere: the command palette
            await wait_for(pilot, lambda: app.session is not None)
            await pilot.press("ctrl+p")
            await pilot.press(*"run a new")
            await wait_for_text(pilot, "Run a new container")
            await pilot.press("enter")
            await wait_screen(pilot, RunForm, "#run-restart SelectCurrent #label")
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, RunForm))

            # from a container's details: the form starts from its image
            await open_details(pilot, anchor.id)
            await pilot.press("ctrl+n")
            await wait_screen(pilot, RunForm, "#run-restart SelectCurrent #label")
            form = app.screen
            assert form.query_one("#run-image", Input).value == "busybox:latest"
            _fill(
                form,
                name=run_name,
                command="sh -c 'echo $GREETING > /data/hello; sleep 300'",
                env="GREETING=hi-from-env OTHER='two words'",
                ports=f"127.0.0.1:{port}:5000",
                volumes=f"{test_volume}:/data",
                labels=f"{TEST_LABEL}={RUN_ID}",
            )
            form.query_one("#run-restart", Select).value = "unless-stopped"
            await submit(pilot, form.query_one("#run-name", Input))
            await wait_for(pilot, lambda: not isinstance(app.screen, RunForm))

            container = docker_client.containers.get(run_name)
            assert container.status == "running"
            assert "GREETING=hi-from-env" in container.attrs["Config"]["Env"]
            assert "OTHER=two words" in container.attrs["Config"]["Env"]
            host_config = container.attrs["HostConfig"]
            assert host_config["PortBindings"] == {
                "5000/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]
            }
            assert host_config["RestartPolicy"]["Name"] == "unless-stopped"
            assert container.attrs["Mounts"][0]["Name"] == test_volume
            await wait_for(
                pilot, lambda: container.exec_run("cat /data/hello").output == b"hi-from-env\n"
            )

            # create only: made, not started; a bad field never reaches the engine
            await pilot.press("ctrl+n")
            await wait_screen(pilot, RunForm, "#run-restart SelectCurrent #label")
            form = app.screen
            _fill(form, name=created_name, ports="notaport", labels=f"{TEST_LABEL}={RUN_ID}")
            form.query_one("#run-create-only", Checkbox).value = True
            await submit(pilot, form.query_one("#run-name", Input))
            await wait_for_text(pilot, "'notaport' is not a port number")
            _fill(form, ports="")
            await pilot.press("enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, RunForm))
            created = docker_client.containers.get(created_name)
            assert created.status == "created"
    finally:
        for name in (run_name, created_name):
            try:
                docker_client.containers.get(name).remove(force=True)
            except docker.errors.NotFound:
                pass
