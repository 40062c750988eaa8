"""The container door (session.containers) on the real sandbox engine: a read-only session
refuses every operation that changes the engine, and the engine is left as it was; a
writable session does the same operations for real."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import docker
import pytest

from tests.conftest import LABELS, unique_name
from tui.engine.containers.run import RunSpec
from tui.engine.core.connect import resolve_endpoint
from tui.engine.core.door import ReadOnlyError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.engine.logs.log_lines import LineBuffer

pytestmark = pytest.mark.engine


def _session(engine_host: str, read_only: bool):
    session = EngineSession.open(resolve_endpoint(engine_host))
    session.read_only = read_only
    return session


@pytest.fixture
def ro(engine_host):
    session = _session(engine_host, True)
    yield session
    session.close()


@pytest.fixture
def rw(engine_host):
    session = _session(engine_host, False)
    yield session
    session.close()


def state(docker_client, container_id: str) -> dict:
    return docker_client.api.inspect_container(container_id)["State"]


def exec_ids(docker_client, container_id: str) -> list[str]:
    return docker_client.api.inspect_container(container_id).get("ExecIDs") or []


def exists_in(docker_client, container_id: str, path: str) -> bool:
    try:
        docker_client.api.get_archive(container_id, path)
    except docker.errors.NotFound:
        return False
    return True


def as_row(session, container) -> Container:
    found = session.containers.get(container.id)
    assert found is not None
    return found


# -- read-only: refused, and nothing changed --------------------------------------------------


def test_read_only_refuses_every_lifecycle_action(ro, make_container, docker_client):
    running = make_container(name=unique_name("door-a-ro"))
    started_at = state(docker_client, running.id)["StartedAt"]
    for call in (
        lambda: ro.containers.stop(running.id, timeout=1),
        lambda: ro.containers.restart(running.id, timeout=1),
        lambda: ro.containers.pause(running.id),
        lambda: ro.containers.kill(running.id),
        lambda: ro.containers.remove(running.id),
        lambda: ro.containers.remove(running.id, force=True),
        lambda: ro.containers.act("stop", running.id),
        lambda: ro.containers.act_all("kill", [as_row(ro, running)]),
    ):
        with pytest.raises(ReadOnlyError):
            call()
    now = state(docker_client, running.id)
    assert now["Running"] and not now["Paused"]
    assert now["StartedAt"] == started_at  # not restarted either

    stopped = make_container(name=unique_name("door-a-ro"), start=False)
    for call in (
        lambda: ro.containers.start(stopped.id),
        lambda: ro.containers.act_all("start", [as_row(ro, stopped)]),
        lambda: ro.containers.remove(stopped.id),
    ):
        with pytest.raises(ReadOnlyError):
            call()
    assert not state(docker_client, stopped.id)["Running"]  # and it still exists


def test_read_only_refuses_run_rename_copy_exec_attach(ro, make_container, docker_client, tmp_path):
    container = make_container(name=unique_name("door-a-ro"), stdin_open=True)
    name = container.name
    new_name = unique_name("door-a-new")
    with pytest.raises(ReadOnlyError):
        ro.containers.run(RunSpec(image="busybox:latest", name=new_name, extra_labels=LABELS))
    with pytest.raises(ReadOnlyError):
        ro.containers.run(RunSpec(image="busybox:latest", name=new_name, create_only=True))
    assert not docker_client.containers.list(all=True, filters={"name": new_name})

    with pytest.raises(ReadOnlyError):
        ro.containers.rename(container.id, new_name)
    assert docker_client.api.inspect_container(container.id)["Name"] == f"/{name}"

    source = tmp_path / "door-a-file.txt"
    source.write_text("should not arrive\n")
    with pytest.raises(ReadOnlyError):
        ro.containers.copy_to(container.id, str(source), "/tmp/")
    assert not exists_in(docker_client, container.id, "/tmp/door-a-file.txt")

    row = as_row(ro, container)
    with pytest.raises(ReadOnlyError), ro.containers.command(container.id, "touch /tmp/x"):
        pass
    with pytest.raises(ReadOnlyError):
        ro.containers.shell(row, "sh")
    with pytest.raises(ReadOnlyError):
        ro.containers.attach(row)
    assert not exists_in(docker_client, container.id, "/tmp/x")
    assert exec_ids(docker_client, container.id) == []  # not even a shell probe ran


def test_read_only_still_reads(ro, make_container, docker_client, tmp_path):
    container = make_container(
        ["sh", "-c", "mkdir -p /data/sub && echo hello > /data/f && echo logged && sleep 3600"],
        name=unique_name("door-a-ro"),
    )
    assert container.id in {c.id for c in ro.containers.list()}
    assert ro.containers.inspect(container.id)["Id"] == container.id
    titles, rows = ro.containers.top(container.id)
    assert titles and rows
    assert ro.containers.removal_plan([as_row(ro, container)], True)[0].id == container.id
    # completion reads an archive in read-only mode: no exec
    assert set(ro.containers.list_dir(container.id, "/data/")) >= {"f", "sub/"}
    assert exec_ids(docker_client, container.id) == []
    made = ro.containers.copy_from(container.id, "/data/f", str(tmp_path))
    assert Path(made).read_text() == "hello\n"
    size = ro.containers.export(container.id, str(tmp_path / "fs.tar"))
    assert size == (tmp_path / "fs.tar").stat().st_size > 0
    saved = tmp_path / "logs.txt"
    assert ro.containers.save_logs([(container.id, container.name)], saved) >= 1
    assert "logged" in saved.read_text()


# -- writable: the same operations work ------------------------------------------------------


def test_writable_lifecycle(rw, make_container, docker_client):
    container = make_container(name=unique_name("door-a-rw"))
    rw.containers.pause(container.id)
    assert state(docker_client, container.id)["Paused"]
    rw.containers.unpause(container.id)
    rw.containers.stop(container.id, timeout=1)
    assert not state(docker_client, container.id)["Running"]
    rw.containers.start(container.id)
    assert state(docker_client, container.id)["Running"]
    before = state(docker_client, container.id)["StartedAt"]
    rw.containers.restart(container.id, timeout=1)
    assert state(docker_client, container.id)["StartedAt"] != before
    rw.containers.kill(container.id)
    assert not state(docker_client, container.id)["Running"]
    rw.containers.remove(container.id)
    assert not docker_client.containers.list(all=True, filters={"id": container.id})


def test_writable_bulk_action_reports_each_container(rw, make_container, docker_client):
    a = make_container(name=unique_name("door-a-bulk"))
    b = make_container(name=unique_name("door-a-bulk"))
    rows = [as_row(rw, a), as_row(rw, b)]
    docker_client.api.remove_container(b.id, force=True)  # vanished meanwhile
    seen: list[str] = []
    result = rw.containers.act_all("kill", rows, 1, lambda c: seen.append(c.id))
    assert [c.id for c in result.done] == [a.id]
    assert [c.id for c, _ in result.failed] == [b.id]
    assert sorted(seen) == sorted([a.id, b.id])
    assert not state(docker_client, a.id)["Running"]


def test_writable_run_rename_copy_command(rw, make_container, docker_client, tmp_path):
    name = unique_name("door-a-run")
    created = rw.containers.run(
        RunSpec(image="busybox:latest", name=name, command="sleep 3600", extra_labels=LABELS)
    )
    try:
        assert created.started and state(docker_client, created.id)["Running"]
        new_name = unique_name("door-a-renamed")
        rw.containers.rename(created.id, new_name)
        assert docker_client.api.inspect_container(created.id)["Name"] == f"/{new_name}"

        source = tmp_path / "door-a-file.txt"
        source.write_text("arrived\n")
        assert rw.containers.copy_to(created.id, str(source), "/tmp/") == "/tmp/door-a-file.txt"
        stream, _ = docker_client.api.get_archive(created.id, "/tmp/door-a-file.txt")
        with tarfile.open(fileobj=io.BytesIO(b"".join(stream))) as archive:
            member = archive.extractfile("door-a-file.txt")
            assert member is not None and member.read() == b"arrived\n"

        assert "door-a-file.txt" in rw.containers.list_dir(created.id, "/tmp/")
        with rw.containers.command(created.id, "cat /tmp/door-a-file.txt; exit 3") as run:
            output = b"".join(run)
            assert run.exit_code() == 3
        assert output == b"arrived\n"
        assert rw.containers.shell(as_row(rw, container=created), "sh").what.startswith("sh")
    finally:
        docker_client.api.remove_container(created.id, force=True)


def test_wait_and_follow_logs(rw, make_container):
    container = make_container(
        ["sh", "-c", "echo one; sleep 1; exit 4"], name=unique_name("door-a")
    )
    buffer = LineBuffer(100)
    follower = rw.containers.follow_logs(container.id, buffer, tail=None).start()
    try:
        assert rw.containers.waiter(container.id).wait() == 4
        follower.join(5)
    finally:
        follower.close()
    lines, _ = buffer.drain()
    assert any(line.plain == "one" for line in lines)


def test_the_session_owns_one_stats_sampler(engine_host):
    session = _session(engine_host, False)
    session.stats_options = {"interval": 0.5, "source": "api"}
    sampler = session.stats
    assert session.stats is sampler and sampler.interval == 0.5 and sampler.source == "api"
    ncpu, memory = sampler.host_capacity()
    assert ncpu > 0 and memory > 0
    session.close()
    assert sampler._closed
