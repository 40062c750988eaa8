"""An interactive `e` session in a real terminal (tmux), in the real `dockpit`: select the
container in the dashboard, `e`, type a command, see it, exit, and land back in the dashboard
with the same view and selection. Once through the docker CLI, once through the API (no CLI
on PATH).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import load_factor

DOCKPIT = Path(sys.executable).with_name("dockpit")


class Tmux:
    """A private tmux server (its own socket): nothing else's sessions are touched."""

    def __init__(self) -> None:
        self.socket = f"dockpit-test-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", "t", "-x", "160", "-y", "45", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def wait_for(self, check, what: str, timeout: float = 15.0) -> str:
        timeout *= load_factor()  # an upper bound, stretched on a loaded machine
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} not seen within {timeout} s; screen:\n{screen}")
            time.sleep(0.1)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def tmux():
    if shutil.which("tmux") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is not installed (scripts/setup installs it)")
        pytest.skip("tmux is not installed")
    session = Tmux()
    yield session
    session.kill()


@pytest.mark.parametrize("via", ["cli", "api"])
def test_interactive_shell_and_back(tmux, engine_host, make_container, via, tmp_path):
    if via == "cli" and shutil.which("docker") is None:
        pytest.skip("no docker CLI installed")
    container = make_container()
    path = os.environ["PATH"] if via == "cli" else str(tmp_path)  # api: no docker CLI on PATH
    command = " ".join(
        shlex.quote(part)
        for part in [
            "/usr/bin/env",
            f"PATH={path}",
            "TERM=xterm-256color",
            str(DOCKPIT),
            "--host",
            engine_host,
        ]
    )
    tmux.start(command)
    name = container.name
    tmux.wait_for(lambda s: name in s, "the container in the dashboard")
    tmux.keys("/")
    tmux.wait_for(lambda s: "filter: words match" in s, "the filter field")
    tmux.keys(name)  # filter the list down to it: the cursor is then on its row
    tmux.wait_for(lambda s: "1 of " in s, "the filtered list")
    tmux.keys("Enter")  # back to the table; nothing on screen says when focus has moved:
    time.sleep(1.0 * load_factor())  # give it a moment before the next key

    tmux.keys("e")
    tmux.wait_for(lambda s: f"(via {via})" in s and "/ #" in s, "the shell prompt")
    tmux.keys("echo hi-from-shell", "Enter")
    # the typed line and the command's own output line
    tmux.wait_for(
        lambda s: any(line.strip() == "hi-from-shell" for line in s.splitlines()),
        "the command's output",
    )
    tmux.keys("exit", "Enter")
    screen = tmux.wait_for(
        lambda s: name in s and "dockpit" in s and "/ #" not in s, "the dashboard again"
    )
    assert "hi-from-shell" not in screen  # the app's own screen is back, not the shell's
    assert "1 of " in screen  # the same view: still filtered to the container
    tmux.keys("q")
