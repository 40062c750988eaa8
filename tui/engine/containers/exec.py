"""Exec and attach: through the docker CLI when installed, else through the engine API.

The CLI is pointed at exactly the endpoint of the app's client (``--host``/DOCKER_HOST, TLS
flags), so a shell opens on the engine the dashboard shows, never on the CLI's own default.
Without a CLI the API does it: exec_create with a TTY, exec_start's raw socket, resize on
SIGWINCH (see terminal.py). The interactive parts take over the terminal and block: the UI
calls them inside ``App.suspend()``.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import docker

from tui.engine.containers.terminal import pump, raw_terminal
from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import Conflict, EngineError, engine_call, raw_engine_errors
from tui.engine.core.session import EngineSession

DETACH_KEYS = "ctrl-p,ctrl-q"
FALLBACK_SHELLS = ("bash", "sh")
DEFAULT_TERM = "xterm-256color"
#: Exit codes of an exec whose executable is missing or not executable.
NOT_FOUND_CODES = (126, 127)
TLS_ENV = ("DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_TLS")


def find_docker_cli(path: str | None = None) -> str | None:
    """The docker CLI on PATH (or on ``path``), or None."""
    return shutil.which("docker", path=path)


def cli_connection(
    endpoint: Endpoint, environ: Mapping[str, str] | None = None, bridge_url: str | None = None
) -> tuple[list[str], dict[str, str]]:
    """Flags and environment that point the docker CLI at exactly the app's engine.

    Everything is explicit (host, TLS files, verification): the CLI's own DOCKER_* variables
    and current context can never send the shell to another engine than the one shown.
    ``bridge_url``: the session's local socket for an ssh:// engine; the CLI then goes through
    the very ssh route (command, config, keys) the app's own client uses.
    """
    env = dict(os.environ if environ is None else environ)
    for name in ("DOCKER_CONTEXT", *TLS_ENV):
        env.pop(name, None)
    args: list[str] = []
    if bridge_url is not None:
        args += ["--host", bridge_url]
        env["DOCKER_HOST"] = bridge_url
    elif endpoint.url is not None:
        args += ["--host", endpoint.url]
        env["DOCKER_HOST"] = endpoint.url
    elif endpoint.context:
        args += ["--context", endpoint.context]
        env.pop("DOCKER_HOST", None)
    tls = endpoint.tls if bridge_url is None else None
    if tls is not None:
        args.append("--tlsverify" if tls.verify else "--tls")
        for flag, path in (("--tlscacert", tls.ca), ("--tlscert", tls.cert), ("--tlskey", tls.key)):
            if path:
                args += [flag, path]
    return args, env


def _bridge_url(session: EngineSession) -> str | None:
    bridge = session.connection.bridge if session.connection is not None else None
    return bridge.base_url if bridge is not None else None


def shell_candidates(preferred: str | None) -> list[str]:
    """The user's shell first, then bash, then sh; no duplicates."""
    out: list[str] = []
    for shell in (preferred, *FALLBACK_SHELLS):
        if shell and shell.strip() and shell.strip() not in out:
            out.append(shell.strip())
    return out


def _probe(client: docker.DockerClient, container_id: str, argv: list[str]) -> bool:
    with engine_call():
        exec_id = client.api.exec_create(container_id, [argv[0], "-c", "exit 0"])["Id"]
        client.api.exec_start(exec_id)
        code = client.api.exec_inspect(exec_id).get("ExitCode")
    return code not in NOT_FOUND_CODES


def choose_shell(
    client: docker.DockerClient, container_id: str, preferred: str | None
) -> list[str]:
    """The argv of the first candidate shell that exists in the (running) container."""
    tried = shell_candidates(preferred)
    for shell in tried:
        argv = shlex.split(shell)
        if argv and _probe(client, container_id, argv):
            return argv
    raise EngineError(f"no shell found in the container (tried {', '.join(tried)})")


def attach_refusal(info: dict[str, Any]) -> str | None:
    """Why attaching to this container (inspect output) makes no sense, or None."""
    state = info.get("State") or {}
    if not state.get("Running"):
        return "it is not running"
    if state.get("Paused"):
        return "it is paused"
    return None  # without stdin (no -i) attach shows its output, as `docker attach` does


def check_attachable(client: docker.DockerClient, container_id: str) -> dict[str, Any]:
    with engine_call():
        info = client.api.inspect_container(container_id)
    reason = attach_refusal(info)
    if reason:
        name = str(info.get("Name", "")).lstrip("/") or container_id[:12]
        raise Conflict(f"cannot attach to {name}: {reason}")
    return info


@dataclass
class Handoff:
    """One interactive session to run inside ``App.suspend()``: CLI argv or an API call."""

    what: str  # "shell sh in web-1" (for the banner)
    argv: list[str] | None = None  # run the docker CLI with these
    env: dict[str, str] = field(default_factory=dict)
    api: Callable[[int, int], int | None] | None = None  # or call this with (stdin, stdout)
    via: str = "cli"

    def run(self, stdin_fd: int = 0, stdout_fd: int = 1) -> int | None:
        if self.argv is not None:
            return run_cli(self.argv, self.env, stdin_fd, stdout_fd)
        assert self.api is not None
        return self.api(stdin_fd, stdout_fd)


def run_cli(argv: list[str], env: dict[str, str], stdin_fd: int = 0, stdout_fd: int = 1) -> int:
    """Run the CLI in the foreground on the given terminal; ctrl+c belongs to it, not to us."""
    if (stdin_fd, stdout_fd) == (0, 1):
        proc = subprocess.Popen(argv, env=env)  # the app's own terminal: stderr included
    else:
        proc = subprocess.Popen(argv, env=env, stdin=stdin_fd, stdout=stdout_fd, stderr=stdout_fd)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            continue


def exec_handoff(
    session: EngineSession,
    container_id: str,
    name: str,
    argv: list[str],
    docker_cli: str | None,
    term: str | None = None,
) -> Handoff:
    term = term or os.environ.get("TERM") or DEFAULT_TERM
    what = f"{' '.join(argv)} in {name}"
    if docker_cli:
        args, env = cli_connection(session.endpoint, bridge_url=_bridge_url(session))
        cmd = [docker_cli, *args, "exec", "-it", "-e", f"TERM={term}", container_id, *argv]
        return Handoff(what, argv=cmd, env=env)

    def via_api(stdin_fd: int, stdout_fd: int) -> int | None:
        own = session.stream_client()  # its own connection: the socket is hijacked
        try:
            return api_exec_interactive(own, container_id, argv, stdin_fd, stdout_fd, term)
        finally:
            session.release(own)

    return Handoff(what, api=via_api, via="api")


def attach_handoff(
    session: EngineSession,
    container_id: str,
    name: str,
    tty: bool,
    docker_cli: str | None,
    stdin: bool = True,
) -> Handoff:
    """Attach to the main process. ``stdin`` False (a container started without -i): its
    output only, as `docker attach` streams it; ctrl+c leaves and the container goes on."""
    if stdin:
        what = f"attached to {name} (detach: ctrl+p ctrl+q)"
    else:
        what = f"output of {name} (it has no stdin; ctrl+c leaves, it keeps running)"
    # Output only goes through the API: the CLI forwards ctrl+c to the container (or, with
    # --sig-proxy=false, ignores it, with no way out but detach keys it does not read).
    if docker_cli and stdin:
        args, env = cli_connection(session.endpoint, bridge_url=_bridge_url(session))
        cmd = [docker_cli, *args, "attach", "--detach-keys", DETACH_KEYS, container_id]
        return Handoff(what, argv=cmd, env=env)

    def via_api(stdin_fd: int, stdout_fd: int) -> int | None:
        own = session.stream_client()
        try:
            return api_attach_interactive(own, container_id, tty, stdin_fd, stdout_fd, stdin)
        finally:
            session.release(own)

    return Handoff(what, api=via_api, via="api")


def api_exec_interactive(
    client: docker.DockerClient,
    container_id: str,
    argv: list[str],
    stdin_fd: int,
    stdout_fd: int,
    term: str = DEFAULT_TERM,
) -> int | None:
    """An interactive exec over the API; returns the exit code."""
    with engine_call():
        exec_id = client.api.exec_create(
            container_id, argv, stdin=True, tty=True, environment=[f"TERM={term}"]
        )["Id"]
        sock = client.api.exec_start(exec_id, tty=True, socket=True)

    def resize(rows: int, columns: int) -> None:
        with contextlib.suppress(*raw_engine_errors()):
            client.api.exec_resize(exec_id, height=rows, width=columns)

    try:
        with raw_terminal(stdin_fd):
            pump(sock, stdin_fd, stdout_fd, resize)
    finally:
        with contextlib.suppress(Exception):
            sock.close()
    with engine_call():
        return client.api.exec_inspect(exec_id).get("ExitCode")


def api_attach_interactive(
    client: docker.DockerClient,
    container_id: str,
    tty: bool,
    stdin_fd: int,
    stdout_fd: int,
    stdin: bool = True,
) -> int | None:
    """Attach over the API until detach (ctrl+p ctrl+q; ctrl+c too without stdin) or the
    container stops."""
    params = {
        "stdin": 1 if stdin else 0,
        "stdout": 1,
        "stderr": 1,
        "stream": 1,
        "detachKeys": DETACH_KEYS,
    }
    with engine_call():
        sock = client.api.attach_socket(container_id, params)

    def resize(rows: int, columns: int) -> None:
        with contextlib.suppress(*raw_engine_errors()):
            client.api.resize(container_id, height=rows, width=columns)

    try:
        with raw_terminal(stdin_fd):
            pump(
                sock,
                stdin_fd,
                stdout_fd,
                resize if tty else None,
                framed=not tty,
                output_only=not stdin,
            )
    finally:
        with contextlib.suppress(Exception):
            sock.close()
    return None
