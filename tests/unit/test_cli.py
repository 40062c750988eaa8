import subprocess
import sys

from tui import __version__
from tui.cli import settings_from_args
from tui.engine.core.connect import DEFAULT_SOCKET, resolve_endpoint


def test_version_and_help():
    out = subprocess.run(
        [sys.executable, "-m", "tui", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in out.stdout
    out = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, check=True
    )
    assert "--host" in out.stdout


def test_host_flag():
    assert settings_from_args(["--host", "tcp://x:2375"]).host == "tcp://x:2375"
    assert settings_from_args(["--read-only"]).read_only


def test_endpoint_resolution_order():
    assert resolve_endpoint("unix:///a", {"DOCKER_HOST": "unix:///b"}).source == "--host"
    assert resolve_endpoint(None, {"DOCKER_HOST": "unix:///b"}).url == "unix:///b"
    assert resolve_endpoint(None, {"DOCKER_CONTEXT": "remote"}).url is None
    assert resolve_endpoint(None, {}).url == DEFAULT_SOCKET


def test_help_lists_serve_and_a_closed_pipe_is_quiet():
    out = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, check=True
    )
    assert "serve" in out.stdout.split("COMMAND", 1)[1]
    # `dockpit config keys --markdown | head -1`: the reader leaves after one line
    done = subprocess.run(
        f"'{sys.executable}' -m tui config keys --markdown | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("| keys |") and done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    # a reader gone before the first line (certain to break the pipe)
    done = subprocess.run(
        f"'{sys.executable}' -m tui config keys --markdown | true; echo ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "0" and done.stderr == "", done.stderr
