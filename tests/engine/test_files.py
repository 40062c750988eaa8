"""The files browser's engine side on the sandbox engine: list, read, write, delete, volumes."""

from __future__ import annotations

import io
import tarfile
import time

import docker
import pytest

from tests.conftest import LABELS, unique_name
from tests.files_support import BIG, BLOB, HELLO, MANY, exec_out, with_known_files
from tui.engine.containers.files import ContainerFiles
from tui.engine.containers.files_volume import HELPER_LABEL, close_volume, open_volume
from tui.engine.core.connect import Endpoint
from tui.engine.core.door import ReadOnlyError
from tui.engine.core.errors import Conflict, NotFound
from tui.engine.core.session import EngineSession

pytestmark = pytest.mark.engine


@pytest.fixture
def session(engine_host):
    opened = EngineSession.open(Endpoint(engine_host, "test"))
    yield opened
    opened.close()


def test_list_read_on_a_stopped_container(session, docker_client, make_container):
    container = with_known_files(docker_client, make_container(start=False), big=True)
    files = ContainerFiles(session, container.id)
    entries = {e.name: e for e in files.list_dir("/data")}
    assert set(entries) == {"big.bin", "blob.bin", "hello.txt", "link", "many"}
    assert entries["many"].is_dir and entries["many"].mode_text == "drwxr-xr-x"
    assert entries["link"].kind == "link" and entries["link"].link_target == "hello.txt"
    assert entries["hello.txt"].size == len(HELLO) and entries["hello.txt"].owner == "root"
    assert len(files.list_dir("/data/many")) == MANY
    assert files.read("/data/hello.txt").data == HELLO
    assert files.read("/data/blob.bin").data == BLOB
    started = time.monotonic()
    head = files.read("/data/big.bin", limit=1024 * 1024)
    assert head.size == BIG and len(head.data) == 1024 * 1024 and head.truncated
    assert time.monotonic() - started < 5  # the rest of the 50 MB is never fetched
    with pytest.raises(NotFound):
        files.read("/data/nothing")
    # the archive API cannot delete: a stopped container says so
    with pytest.raises(Conflict, match="cannot be deleted without starting it"):
        files.delete("/data/hello.txt")


def test_write_mkdir_delete_and_conflict(session, docker_client, make_container):
    container = with_known_files(docker_client, make_container())
    files = ContainerFiles(session, container.id)
    original = files.read("/data/hello.txt")
    files.write(original, b"edited\n")
    assert exec_out(container, "cat", "/data/hello.txt") == b"edited\n"
    assert exec_out(container, "stat", "-c", "%a", "/data/hello.txt").strip() == b"644"
    with pytest.raises(Conflict, match="changed in the container"):
        files.write(original, b"stale edit\n")  # the file is not what was opened any more
    assert files.make_folder("/data", "made") == "/data/made"
    exec_out(container, "test", "-d", "/data/made")
    with pytest.raises(Conflict):
        files.make_folder("/data", "made")
    files.delete("/data/made")
    assert files.stat("/data/made") is None
    marks = files.changes()
    assert marks == {m["Path"]: "CAD"[m["Kind"]] for m in docker_client.api.diff(container.id)}


def test_read_only_refuses_every_write(session, docker_client, make_container):
    container = with_known_files(docker_client, make_container())
    session.read_only = True
    files = ContainerFiles(session, container.id)
    content = files.read("/data/hello.txt")  # reading is fine
    for attempt in (
        lambda: files.write(content, b"x"),
        lambda: files.make_folder("/data", "nope"),
        lambda: files.delete("/data/hello.txt"),
        lambda: files.upload(__file__, "/data"),
    ):
        with pytest.raises(ReadOnlyError):
            attempt()
    assert exec_out(container, "cat", "/data/hello.txt") == HELLO
    assert files.stat("/data/nope") is None


def test_volume_through_a_mounting_container_or_a_helper(session, docker_client, make_container):
    name = unique_name("filesvol")
    docker_client.volumes.create(name, labels=LABELS)
    try:
        view = open_volume(session, name, "busybox:latest")
        assert view.is_helper and view.root == "/volume" and "busybox:latest" in view.describe()
        files = ContainerFiles(session, view.container_id)
        files.make_folder("/volume", "inside")
        assert [e.name for e in files.list_dir("/volume")] == ["inside"]
        close_volume(session, view)
        assert not docker_client.containers.list(all=True, filters={"label": HELPER_LABEL})
        user = make_container(volumes={name: {"bind": "/mnt/v", "mode": "rw"}})
        view = open_volume(session, name, "busybox:latest")
        assert not view.is_helper and view.container_id == user.id and view.root == "/mnt/v"
        user.remove(force=True)
        with pytest.raises(NotFound, match="is not on this engine"):
            open_volume(session, name, "dockpit-missing-image:none")
    finally:
        for leftover in docker_client.containers.list(all=True, filters={"label": HELPER_LABEL}):
            if leftover.labels.get(HELPER_LABEL) == name:
                leftover.remove(force=True)
        try:
            docker_client.volumes.get(name).remove(force=True)
        except docker.errors.APIError:
            pass


def test_hostile_names_are_made_safe(session, docker_client, make_container):
    container = make_container(start=False)
    evil = "evil\x1b]52;c;aGk=\x07[@click=app.quit]x\u202e.txt"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:") as archive:
        member = tarfile.TarInfo(evil)
        member.type, member.linkname = tarfile.SYMTYPE, "\x1b[2J"
        archive.addfile(member)
    docker_client.api.put_archive(container.id, "/tmp", buffer.getvalue())
    (entry,) = ContainerFiles(session, container.id).list_dir("/tmp")
    assert "\x1b" not in entry.name and "\\x1b" in entry.name and "\\u202e" in entry.name
    assert entry.link_target == "\\x1b[2J"
    assert entry.path == "/tmp/" + evil  # the raw path is what engine calls use
