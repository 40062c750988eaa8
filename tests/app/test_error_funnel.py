"""The one error funnel: engine faults are plain messages, bugs go to a crash log."""

from __future__ import annotations

import socket
import threading
import time

from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.settings import Settings


def _silent_server(path: str) -> tuple[socket.socket, threading.Event]:
    """A unix socket that accepts connections and never answers."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    stop = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except OSError:
                continue
        for conn in held:
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    return server, stop


async def test_socket_that_never_answers_times_out(tmp_path):
    path = str(tmp_path / "silent.sock")
    server, stop = _silent_server(path)
    try:
        app = DockpitApp(Settings(host=f"unix://{path}", connect_timeout=2))
        started = time.monotonic()
        async with app.run_test(size=(120, 40)) as pilot:
            text = await wait_for_text(pilot, "No Docker engine answered", timeout=15)
            assert time.monotonic() - started < 12
            assert "timed out" in text.lower() or "timeout" in text.lower()
            assert "Traceback" not in text
    finally:
        stop.set()
        server.close()


async def test_worker_bug_goes_to_crash_log_and_app_carries_on(tmp_path, state_dir):
    crashes = state_dir / "crashes"
    try:
        app = DockpitApp(Settings(host=f"unix://{tmp_path}/none.sock"))
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_for_text(pilot, "No Docker engine answered")

            def boom() -> None:
                raise ValueError("[bold]kaboom\x1b]0;title\x07")

            app.run_worker(boom, thread=True)
            await wait_for(pilot, lambda: list(crashes.glob("crash-*.log")))
            await wait_for_text(pilot, "Internal error")
            text = screen_text(pilot)
            assert "Traceback" not in text
            assert "\x1b]0;" not in text
            assert app.is_running
        log = next(crashes.glob("crash-*.log")).read_text()
        assert "ValueError" in log and "Traceback" in log
    finally:
        for path in crashes.glob("crash-*.log"):  # expected here: not a failure of this test
            path.unlink()
