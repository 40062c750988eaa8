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
