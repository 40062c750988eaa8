"""Volumes and networks panes on the sandbox engine: create, remove, connect, bad input."""

from __future__ import annotations

import random

import docker
import pytest

from tests.conftest import LABELS, TEST_LABEL, unique_name
from tests.helpers import wait_for, wait_for_text
from tests.resource_helpers import notified, show_pane
from tui.app import DockpitApp
from tui.screens.resources.networks_pane import NetworksPane
from tui.screens.resources.resource_dialogs import ContainerPicker, FormModal, InspectModal
from tui.screens.resources.volumes_pane import VolumesPane
from widgets.keyed_table import KeyedTable
from widgets.resource_tables import NetworksTable, VolumesTable

LABEL_TEXT = ", ".join(f"{k}={v}" for k, v in LABELS.items())


def volume_exists(client: docker.DockerClient, name: str) -> bool:
    try:
        client.volumes.get(name)
    except docker.errors.NotFound:
        return False
    return True


def networks_named(client: docker.DockerClient, name: str) -> list:
    return [n for n in client.networks.list(names=[name]) if n.name == name]


def random_subnet() -> str:
    return f"10.{random.randint(160, 250)}.{random.randint(0, 255)}.0/24"


async def fill_form(pilot, values: dict[str, str]) -> None:
    form = pilot.app.screen
    assert isinstance(form, FormModal)
    for field, value in values.items():
        form.query_one(f"#field-{field}").value = value  # typing each key costs ~50 ms
    form.query_one(f"#field-{next(iter(values))}").focus()
    await pilot.press("enter")


def put_cursor_on(table: KeyedTable, key: str) -> None:
    table.focus()
    table.move_cursor(row=table.get_row_index(key))


@pytest.fixture
def cleanup(docker_client):
    volumes: list[str] = []
    networks: list[str] = []
    yield volumes, networks
    for name in volumes:
        try:
            docker_client.volumes.get(name).remove(force=True)
        except docker.errors.APIError:
            pass
    for name in networks:
        for network in networks_named(docker_client, name):
            try:
                network.remove()
            except docker.errors.APIError:
                pass


async def test_volume_create_refuse_remove(app_settings, docker_client, make_container, cleanup):
    name = unique_name("vol")
    cleanup[0].append(name)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await show_pane(pilot, "volumes", "3")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, FormModal))
        await fill_form(pilot, {"name": name, "labels": LABEL_TEXT})
        await wait_for(pilot, lambda: volume_exists(docker_client, name))
        assert docker_client.volumes.get(name).attrs["Labels"] == LABELS
        table = app.query_one(VolumesTable)
        await wait_for(pilot, lambda: table.has_key(name))

        # Inspect: the engine's JSON for it.
        put_cursor_on(table, name)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InspectModal))
        text = await wait_for_text(pilot, '"Mountpoint"')
        assert f"Volume {name}" in text and LABELS[TEST_LABEL] in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)

        # A name already taken: the form says so and nothing changes.
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, FormModal))
        await fill_form(pilot, {"name": name, "labels": "other=1"})
        await wait_for_text(pilot, "already taken")
        assert docker_client.volumes.get(name).attrs["Labels"] == LABELS
        await pilot.press("escape")

        # In use: removal refused, naming the container.
        user = make_container(name=unique_name("user"), volumes={name: {"bind": "/data"}})
        pane = app.query_one(VolumesPane)
        await wait_for(pilot, lambda: pane.volumes[name].used_by == (user.name,))
        await wait_for_text(pilot, user.name)
        put_cursor_on(table, name)
        await pilot.press("d")
        await wait_for(pilot, lambda: notified(app, f"in use by {user.name}"))
        assert volume_exists(docker_client, name)

        user.remove(force=True)
        await wait_for(pilot, lambda: pane.volumes[name].used_by == ())
        put_cursor_on(table, name)
        await pilot.press("d")
        await wait_for_text(pilot, "Its data is lost for good")
        await pilot.press("y")
        await wait_for(pilot, lambda: not volume_exists(docker_client, name))
        await wait_for(pilot, lambda: not table.has_key(name))


async def test_network_create_connect_disconnect_remove(
    app_settings, docker_client, make_container, cleanup
):
    name = unique_name("net")
    cleanup[1].append(name)
    subnet = random_subnet()
    gateway = subnet.replace(".0/24", ".1")
    container = make_container(name=unique_name("member"))
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await show_pane(pilot, "networks", "4")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, FormModal))
        await fill_form(
            pilot, {"name": name, "subnet": subnet, "gateway": gateway, "labels": LABEL_TEXT}
        )
        await wait_for(pilot, lambda: len(networks_named(docker_client, name)) == 1)
        await wait_for(pilot, lambda: app.screen is app.main_screen)  # the form closed
        network = networks_named(docker_client, name)[0]
        config = network.attrs["IPAM"]["Config"][0]
        assert (config["Subnet"], config["Gateway"]) == (subnet, gateway)
        table = app.query_one(NetworksTable)
        await wait_for(pilot, lambda: table.has_key(network.id))
        put_cursor_on(table, network.id)
        await wait_for_text(pilot, subnet, timeout=20)

        # Connect the container: the picker lists it, enter connects.
        put_cursor_on(table, network.id)
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, ContainerPicker))
        options = app.screen.query_one("#picker-options")
        index = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == container.id
        )
        options.highlighted = index
        await pilot.press("enter")

        def connected() -> bool:
            network.reload()
            return container.id in (network.attrs.get("Containers") or {})

        await wait_for(pilot, connected)
        pane = app.query_one(NetworksPane)
        await wait_for(pilot, lambda: pane.networks[network.id].containers == (container.name,))
        # the row shows the member; with the cursor on it the row is on screen even when the
        # shared engine holds more networks than the pane has lines
        await wait_for(pilot, lambda: container.name in str(table.get_row(network.id)[-1]))
        put_cursor_on(table, network.id)
        await wait_for_text(pilot, container.name, timeout=20)

        # Remove refused while attached, the container named.
        put_cursor_on(table, network.id)
        await pilot.press("d")
        await pilot.press("y")
        await wait_for(pilot, lambda: notified(app, f"in use by {container.name}"))
        assert networks_named(docker_client, name)

        # Disconnect, then remove.
        put_cursor_on(table, network.id)
        await pilot.press("minus")
        await wait_for(pilot, lambda: isinstance(app.screen, ContainerPicker))
        options = app.screen.query_one("#picker-options")
        assert options.option_count == 1
        options.highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: not connected())
        put_cursor_on(table, network.id)
        await pilot.press("d")
        await wait_for_text(pilot, f"Remove network {name}")
        await pilot.press("y")
        await wait_for(pilot, lambda: not networks_named(docker_client, name))
        await wait_for(pilot, lambda: not table.has_key(network.id))


async def test_network_bad_input_changes_nothing(app_settings, docker_client, cleanup):
    taken = unique_name("taken")
    subnet = random_subnet()
    docker_client.networks.create(
        taken,
        labels=LABELS,
        check_duplicate=True,
        ipam=docker.types.IPAMConfig(pool_configs=[docker.types.IPAMPool(subnet=subnet)]),
    )
    cleanup[1].append(taken)
    fresh = unique_name("fresh")
    cleanup[1].append(fresh)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await show_pane(pilot, "networks", "4")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, FormModal))
        cases = [
            ({"name": fresh, "subnet": "10.300.0.0/99"}, "does not parse"),
            ({"name": fresh, "subnet": subnet}, "overlaps"),
            ({"name": taken, "subnet": ""}, "already taken"),
        ]
        for values, reason in cases:
            await fill_form(pilot, {**values, "labels": LABEL_TEXT})
            error = app.screen.query_one("#form-error")
            await wait_for(pilot, lambda r=reason, e=error: r in str(e.render()))
            assert isinstance(app.screen, FormModal)
            assert not networks_named(docker_client, fresh)
            assert len(networks_named(docker_client, taken)) == 1
        await pilot.press("escape")
