"""Running a new container from where a new user looks: ctrl+n in the containers and the
images panes opens the run form on the highlighted image; the form has a network and --rm,
and a refused run leaves the form as typed, to fix and run again."""

from __future__ import annotations

import docker
from textual.widgets import Checkbox, Input

from tests.app.inside_helpers import submit, wait_screen
from tests.conftest import BUSYBOX, LABELS, RUN_ID, TEST_LABEL, unique_name
from tests.helpers import free_port, wait_for, wait_for_text
from tests.image_fixtures import open_images_pane, select_reference
from tui.app import DockpitApp
from tui.screens.containers.run_form import RunForm


async def test_ctrl_n_runs_the_highlighted_image_with_network_and_rm(
    app_settings, docker_client, build_test_image
):
    reference = f"dockpit-test-run-{unique_name('r')}:1"
    build_test_image(reference)
    network = docker_client.networks.create(unique_name("rnet"), labels=LABELS)
    taken = docker_client.containers.run(
        BUSYBOX,
        "sleep 300",
        detach=True,
        labels=LABELS,
        ports={"80/tcp": ("127.0.0.1", free_port())},
    )
    taken.reload()
    busy_port = taken.attrs["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]
    name = unique_name("run")
    app = DockpitApp(app_settings)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            pane = await open_images_pane(pilot)
            await select_reference(pilot, pane, reference)
            await pilot.press("ctrl+n")
            await wait_screen(pilot, RunForm, "#run-restart SelectCurrent #label")
            form = app.screen
            assert form.query_one("#run-image", Input).value == reference
            values = {
                "name": name,
                "command": "sleep 300",
                "network": network.name,
                "labels": f"{TEST_LABEL}={RUN_ID}",
                "ports": f"127.0.0.1:{busy_port}:80",  # taken: the engine refuses
            }
            for key, value in values.items():
                form.query_one(f"#run-{key}", Input).value = value
            form.query_one("#run-rm", Checkbox).value = True
            await submit(pilot, form.query_one("#run-name", Input))
            await wait_for_text(pilot, "fix the form and run again", timeout=20)
            assert (
                app.screen is form and form.query_one("#run-network", Input).value == network.name
            )
            form.query_one("#run-ports", Input).value = f"127.0.0.1:{free_port()}:80"
            await submit(pilot, form.query_one("#run-name", Input))
            await wait_for(pilot, lambda: not isinstance(app.screen, RunForm), timeout=20)

            made = docker_client.containers.get(name)
            assert made.attrs["HostConfig"]["AutoRemove"] is True
            assert network.name in made.attrs["NetworkSettings"]["Networks"]
            made.stop(timeout=0)  # --rm: the engine removes it
            await wait_for(
                pilot, lambda: not docker_client.containers.list(all=True, filters={"name": name})
            )

            # from the containers pane: the highlighted container's image
            await pilot.press("1")
            table = app.screen.query_one("#containers-table")
            await wait_for(pilot, lambda: table.has_key(taken.id))
            table.focus()
            table.move_cursor(row=table.get_row_index(taken.id))
            await wait_for(pilot, lambda: app.focused is table)
            await pilot.press("ctrl+n")
            await wait_screen(pilot, RunForm, "#run-restart SelectCurrent #label")
            assert app.screen.query_one("#run-image", Input).value == BUSYBOX
            await pilot.press("escape")
    finally:
        for container in docker_client.containers.list(all=True, filters={"name": name}):
            container.remove(force=True)
        taken.remove(force=True)
        try:
            network.remove()
        except docker.errors.APIError:
            pass
