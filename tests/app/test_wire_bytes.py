"""Bytes on the wire, on a real pty: following a log that grows by one line a second writes
the new line (a scroll of the log's rows by the terminal), not the whole screen; the screen a
user sees (pyte) is right all along; a screen where nothing changes writes nothing."""

from __future__ import annotations

import os
import re
import sys
import time

import pytest

from tests.conftest import unique_name
from tests.pty_terminal import PtyTerminal

pytestmark = [pytest.mark.engine, pytest.mark.timeout(120)]

ROWS, COLS = 45, 160
ONE_A_SECOND = (
    'sh -c \'i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo "history $i"; done; '
    'while :; do i=$((i+1)); echo "tick $i GET /api/$RANDOM/items?id=$RANDOM$RANDOM HTTP/1.1 '
    "200 rt=0.$RANDOM\"; sleep 1; done'"
)  # lines that differ all along, as real ones do (a counter alone: only its digits change)
CUP = re.compile(rb"\x1b\[(\d+);(\d+)H")


@pytest.fixture(scope="module")
def quiet_engine():
    """An engine of these tests' own: on the shared one, other tests' containers change the
    counts and rows on screen, and a byte count would measure them."""
    import shutil
    import uuid

    import docker

    from tests.remote_engines import OwnEngine

    engine = OwnEngine(f"/tmp/dp-wire-{uuid.uuid4().hex[:8]}")
    engine.start()
    client = docker.DockerClient(base_url=engine.host, timeout=60)
    try:
        yield engine.host, client
    finally:
        client.close()
        engine.stop()
        shutil.rmtree(engine.folder, ignore_errors=True)


@pytest.fixture
def engine_host(quiet_engine) -> str:
    return quiet_engine[0]


@pytest.fixture
def make_container(quiet_engine):
    client = quiet_engine[1]
    made = []

    def make(command: str, *, name: str):
        container = client.containers.run("busybox:latest", command, name=name, detach=True)
        made.append(container)
        return container

    yield make
    for container in made:
        try:
            container.remove(force=True)
        except Exception:  # noqa: BLE001 - gone already
            pass


def dockpit(engine_host: str) -> PtyTerminal:
    env = {**os.environ, "DOCKER_HOST": engine_host, "TERM": "xterm-256color",
           "COLORTERM": "truecolor", "DOCKPIT_NO_FORK": "1"}  # fmt: skip
    env.pop("SSH_CONNECTION", None)  # bandwidth mode would lower the frame rate: not tested
    return PtyTerminal([sys.executable, "-m", "tui"], env, rows=ROWS, cols=COLS)


def ticks(lines: list[str]) -> list[int]:
    return [int(m.group(1)) for line in lines if (m := re.search(r"tick (\d+) GET", line))]


def test_following_a_log_writes_the_new_line_not_the_screen(engine_host, make_container):
    name = unique_name("wire")
    make_container(ONE_A_SECOND, name=name)
    term = dockpit(engine_host)
    try:
        term.wait_for_text(name, 30)
        term.press("slash")
        term.type(name)
        time.sleep(0.5)
        term.press("enter", "l")
        term.wait_for(lambda: len(ticks(term.lines())) >= 2, 30, "ticks on screen")
        time.sleep(2)
        mark, start = term.mark(), time.monotonic()
        time.sleep(8)
        written, seconds = term.since(mark), time.monotonic() - start
        lines = term.lines()
    finally:
        term.close()

    rate = len(written) / seconds
    rows = [int(y) for y, _x in CUP.findall(written)]
    assert rows, "nothing was written while the log grew"
    # Not the whole screen, not even once: the title (row 1) and the footer (last row) stay.
    assert 1 not in rows and ROWS not in rows, sorted(set(rows))
    assert b"r" in written and re.search(rb"\x1b\[\d+;\d+r", written), "no scroll region"
    # Textual alone repainted the log's 43 rows for each line: ~16 KB/s here, 24 KB/s before.
    assert rate <= 2048, f"{rate:.0f} B/s"
    # What the user sees is the log, in order, newest at the bottom, right after the status.
    shown = ticks(lines)
    assert len(shown) >= 8, "\n".join(lines)
    assert shown == list(range(shown[0], shown[0] + len(shown))), shown
    body = [line for line in lines[2:-1] if line.strip()]
    assert any("tick" in line for line in body[-3:]), "\n".join(lines)  # (a toast may sit below)


def test_nothing_changing_writes_nothing(engine_host, make_container):
    """The images pane of a quiet engine: not a byte in 5 s (no clock, no needless refresh)."""
    name = unique_name("wire-idle")
    make_container("sleep 3600", name=name)
    term = dockpit(engine_host)
    try:
        term.wait_for_text(name, 30)
        term.press("2")
        term.wait_for(lambda: "busybox" in term.text(), 20, "the images pane")
        time.sleep(3)
        mark = term.mark()
        time.sleep(5)
        assert term.since(mark) == b""
    finally:
        term.close()


def test_the_list_with_live_stats_writes_only_figures_that_change(engine_host, make_container):
    """Ten running containers with live stats: the title, the header and the footer are never
    written again, and the list costs well under 2 KB/s (Textual's writing: ~30 KB/s at 30)."""
    tag = unique_name("wire-list")
    for i in range(10):
        make_container(ONE_A_SECOND, name=f"{tag}-{i}")
    term = dockpit(engine_host)
    try:
        term.wait_for_text(f"{tag}-9", 30)
        term.press("slash")
        term.type(tag)
        time.sleep(0.5)
        term.press("enter")
        term.wait_for(lambda: "%" in term.text(), 20, "live stats")
        time.sleep(3)
        mark, start = term.mark(), time.monotonic()
        time.sleep(8)
        written, seconds = term.since(mark), time.monotonic() - start
    finally:
        term.close()
    rows = {int(y) for y, _x in CUP.findall(written)}
    header = [written[m.end() : m.end() + 80] for m in CUP.finditer(written) if m.group(1) == b"3"]
    assert not rows & {1, 3, ROWS}, header  # title, column headers, footer
    assert len(written) / seconds <= 2048, f"{len(written) / seconds:.0f} B/s"
