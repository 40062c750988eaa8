"""The log follower against the real engine: long lines, huge lines, close from another thread."""

from __future__ import annotations

import time

import docker

from tests.conftest import sandbox_host
from tui.engine.logs.log_lines import MAX_LINE_BYTES, STDERR, LineBuffer
from tui.engine.logs.logs import LogFollower


def _client() -> docker.DockerClient:
    return docker.DockerClient(base_url=sandbox_host(), version="auto")


def _collect(container_id: str, *, follow: bool = False, timeout: float = 20) -> list:
    buffer = LineBuffer(1000)
    follower = LogFollower(
        _client, lambda c: c.close(), container_id, buffer, tail=None, follow=follow
    ).start()
    follower.join(timeout)
    assert follower.ended.is_set()
    return buffer.drain()[0]


def test_long_lines_joined_and_huge_lines_truncated(make_container, docker_client):
    script = (
        "head -c 40000 /dev/zero | tr '\\0' a; echo; "
        "head -c 1000000 /dev/zero | tr '\\0' b; echo; echo oops >&2; echo done"
    )
    container = make_container(["sh", "-c", script])
    container.wait(timeout=30)
    lines = _collect(container.id)
    by_start = {line.raw[:1]: line for line in lines}
    assert by_start[b"a"].raw == b"a" * 40000 and not by_start[b"a"].truncated
    huge = by_start[b"b"]
    assert huge.truncated and huge.length == 1_000_000 and len(huge.raw) == MAX_LINE_BYTES
    assert [line.raw for line in lines if line.stream == STDERR] == [b"oops"]
    assert [line.raw for line in lines if line.stream != STDERR][-1] == b"done"


def test_tty_container_long_line(make_container):
    container = make_container(
        ["sh", "-c", "head -c 20000 /dev/zero | tr '\\0' c; echo; echo end"], tty=True
    )
    container.wait(timeout=30)
    lines = [line.raw for line in _collect(container.id)]
    assert lines == [b"c" * 20000, b"end"]


def test_close_from_another_thread_ends_a_follow(make_container):
    container = make_container(["sh", "-c", "while true; do echo x; sleep 0.1; done"])
    buffer = LineBuffer(1000)
    follower = LogFollower(_client, lambda c: c.close(), container.id, buffer).start()
    deadline = time.monotonic() + 10
    while buffer.received < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    follower.close()
    follower.join(5)
    assert follower.ended.is_set() and buffer.received >= 3


def test_missing_container_gives_a_marker(engine_host):  # the engine must answer 'no such'
    lines = _collect("no-such-container-dockpit")
    assert len(lines) == 1 and "does not exist" in lines[0].plain


def test_skip_ahead_goes_on_from_the_end_with_a_marker(make_container):
    script = "seq 1 3000 | sed 's/^/old /'; while true; do echo new; sleep 0.1; done"
    container = make_container(["sh", "-c", script])
    deadline = time.monotonic() + 20
    while b"new" not in container.logs(tail=5) and time.monotonic() < deadline:
        time.sleep(0.1)
    buffer = LineBuffer(10_000)
    follower = LogFollower(_client, lambda c: c.close(), container.id, buffer, tail=None)
    follower.start()
    try:
        while buffer.received < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        while not follower.skip_ahead(42) and time.monotonic() < deadline:
            time.sleep(0.02)
        lines: list = []
        while time.monotonic() < deadline + 10:
            lines += buffer.drain()[0]
            markers = [i for i, line in enumerate(lines) if b"skipped ahead" in line.raw]
            if markers and sum(line.raw == b"new" for line in lines[markers[0] :]) >= 3:
                break
            time.sleep(0.05)
        assert markers, [line.raw for line in lines[-5:]]
        after = [line.raw for line in lines[markers[0] + 1 :]]
        assert after and all(raw == b"new" for raw in after)  # tail 0: no old line again
        assert b"42 s behind" in lines[markers[0]].raw and follower.skips == 1
    finally:
        follower.close()
        follower.join(5)


def test_never_started_container_says_so_then_follows_its_start(make_container):
    container = make_container(["sh", "-c", "echo first-words; sleep 3600"], start=False)
    buffer = LineBuffer(1000)
    follower = LogFollower(_client, lambda c: c.close(), container.id, buffer, tail=None).start()
    try:
        seen: list[str] = []
        deadline = time.monotonic() + 10
        while not seen and time.monotonic() < deadline:
            seen += [line.plain for line in buffer.drain()[0]]
            time.sleep(0.05)
        assert "never run" in seen[0] and "exit code" not in seen[0]
        container.start()
        while "first-words" not in seen and time.monotonic() < deadline + 10:
            seen += [line.plain for line in buffer.drain()[0]]
            time.sleep(0.05)
        assert "── the container started ──" in seen and "first-words" in seen, seen
    finally:
        follower.close()
        follower.join(5)
