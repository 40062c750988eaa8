"""Live limits and "recreate with changes" from the details screen, on the sandbox engine:
the engine's inspect agrees; a bad value is refused before sending; recreate keeps env, ports,
mounts and name (anonymous volumes too), and puts the old one back when the new one fails."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.app.inside_helpers import open_details, submit, wait_for_notice, wait_screen
from tests.conftest import LABELS, unique_name
from tests.helpers import wait_for
from tui.app import DockpitApp
from tui.engine.core.door import ReadOnlyError
from tui.screens.containers.run_form import RunForm
from tui.screens.resources.resource_dialogs import FormModal
from widgets.confirm import ConfirmDialog


async def test_limits_change_and_the_engine_agrees(app_settings, make_container, docker_client):
    c = make_container(name=unique_name("lim"))
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, c.id)
        await pilot.press("L")
        form = await wait_screen(pilot, FormModal, "#field-memory")
        values = {"cpus": "0.5", "memory": "64m", "memory_swap": "128m", "pids": "50",
                  "cpu_shares": "512", "restart": "on-failure:3"}  # fmt: skip
        for key, value in values.items():
            form.query_one(f"#field-{key}", Input).value = value
        await submit(pilot, form.query_one("#field-cpus", Input))
        await wait_for_notice(pilot, f"limits of {c.name} changed")
        host = docker_client.api.inspect_container(c.id)["HostConfig"]
        assert host["NanoCpus"] == 500_000_000
        assert host["Memory"] == 64 * 1024**2 and host["MemorySwap"] == 128 * 1024**2
        assert host["PidsLimit"] == 50 and host["CpuShares"] == 512
        assert host["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 3}

        # checked before sending: the form stays with the problem named
        await pilot.press("L")
        form = await wait_screen(pilot, FormModal, "#field-memory")
        assert form.query_one("#field-memory", Input).value == "64m"
        form.query_one("#field-memory", Input).value = "lots"
        await submit(pilot, form.query_one("#field-memory", Input))
        await wait_for_notice(pilot, "memory: 'lots' is not a size")
        # the engine's refusal in its words: memory above the swap limit
        form.query_one("#field-memory", Input).value = "256m"
        await submit(pilot, form.query_one("#field-memory", Input))
        await wait_for_notice(pilot, "memory_swap: must be at least memory")
        # the engine's own refusal, in its words (cgroup v1 cannot raise memory past the old
        # swap limit in one update; `docker update` says the same)
        form.query_one("#field-memory_swap", Input).value = "-1"
        await submit(pilot, form.query_one("#field-memory", Input))
        await wait_for_notice(pilot, "Cannot update container")
        assert isinstance(app.screen, FormModal)
        form.query_one("#field-memory", Input).value = "32m"
        form.query_one("#field-memory_swap", Input).value = "128m"
        await submit(pilot, form.query_one("#field-memory", Input))
        await wait_for(pilot, lambda: not isinstance(app.screen, FormModal))
        host = docker_client.api.inspect_container(c.id)["HostConfig"]
        assert host["Memory"] == 32 * 1024**2 and host["MemorySwap"] == 128 * 1024**2


async def test_limits_are_refused_read_only(app_settings, make_container):
    c = make_container(name=unique_name("lim"))
    app_settings.read_only = True
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, c.id)
        await pilot.press("L")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, FormModal)
        from tui.engine.containers.limits import Limits

        with pytest.raises(ReadOnlyError):
            app.session.containers.update_limits(c.id, Limits(memory="64m"))


@pytest.fixture
def named_volume(docker_client):
    volume = docker_client.volumes.create(unique_name("rvol"), labels=LABELS)
    yield volume.name
    for container in docker_client.containers.list(all=True, filters={"volume": volume.name}):
        container.remove(force=True)
    volume.remove(force=True)


async def test_recreate_keeps_env_ports_mounts_and_name(
    app_settings, make_container, docker_client, named_volume
):
    name = unique_name("rec")
    c = make_container(
        ["sh", "-c", "echo $GREETING > /data/hello; sleep 300"],
        name=name,
        environment={"GREETING": "hi there"},
        ports={"80/tcp": ("127.0.0.1", None)},
        volumes={named_volume: {"bind": "/data", "mode": "rw"}},
        mem_limit="64m",
    )
    old = docker_client.api.inspect_container(c.id)
    app = DockpitApp(app_settings)
    new_id = None
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await open_details(pilot, c.id)
            await pilot.press("C")
            form = await wait_screen(pilot, RunForm, "#run-restart SelectCurrent #label")
            assert form.query_one("#run-name", Input).value == name
            assert "'GREETING=hi there'" in form.query_one("#run-env", Input).value
            assert f"{named_volume}:/data" in form.query_one("#run-volumes", Input).value
            form.query_one("#run-env", Input).value += " ADDED=yes"
            await submit(pilot, form.query_one("#run-env", Input))
            await wait_screen(pilot, ConfirmDialog)
            await pilot.press("y")
            await wait_for(pilot, lambda: not isinstance(app.screen, (RunForm, ConfirmDialog)), 20)
            await wait_for_notice(pilot, f"recreated {name}")
        new = docker_client.api.inspect_container(name)
        new_id = new["Id"]
        assert new_id != c.id and new["State"]["Running"]
        env = new["Config"]["Env"]
        assert "GREETING=hi there" in env and "ADDED=yes" in env
        assert new["HostConfig"]["PortBindings"] == old["HostConfig"]["PortBindings"]
        assert new["HostConfig"]["Memory"] == 64 * 1024**2
        assert [m["Name"] for m in new["Mounts"] if m["Type"] == "volume"] == [named_volume]
        assert not docker_client.containers.list(all=True, filters={"id": c.id})
    finally:
        if new_id:
            docker_client.api.remove_container(new_id, force=True)


async def test_recreate_puts_the_old_one_back_when_the_new_fails(
    app_settings, make_container, docker_client
):
    name = unique_name("rec")
    c = make_container(name=name)
    session = None
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.session is not None)
        session = app.session
        spec = session.containers.run_spec_of(c.id)
        from dataclasses import replace

        from tui.engine.core.errors import EngineError

        bad = replace(spec, command="/no/such/program")
        with pytest.raises(EngineError, match="the old one is back"):
            session.containers.recreate(c.id, bad)
    info = docker_client.api.inspect_container(c.id)
    assert info["Name"] == f"/{name}" and info["State"]["Running"]
    assert len(docker_client.containers.list(all=True, filters={"name": name})) == 1
