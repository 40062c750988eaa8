"""Running the user's compose: find it, run it against a session's engine, stream its output.

Local engines (unix://, tcp:// with TLS) run compose here with DOCKER_HOST (and the TLS
variables) pointing at the engine. ssh:// engines run compose on the remote host over ssh,
because the files named in the labels live there. Output lines are made safe here.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.engine.compose.command_line import Compose
from tui.engine.core.connect import Endpoint
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_log_line

INSTALL_HINT = (
    "no compose found: install the Docker Compose plugin (`docker compose`, Debian/Ubuntu package "
    "docker-compose-plugin or docker-compose-v2) or `docker-compose` (Debian package docker-compose), "
    "or set [compose] command in the config file"
)


class ComposeUnavailable(EngineError):
    """No compose could be found (or run) for this engine."""


@dataclass(frozen=True)
class Place:
    """Where compose runs: here with an environment, or on a remote host through ssh."""

    env: Mapping[str, str]
    ssh: tuple[str, ...] = ()  # the ssh command up to the host ("ssh", ..., "--", host)
    why_not: str | None = None  # set when compose cannot run for this engine

    def wrap(self, argv: Sequence[str], cwd: str | None = None) -> list[str]:
        if not self.ssh:
            return list(argv)
        remote = shlex.join(argv)
        if cwd:
            remote = f"cd {shlex.quote(cwd)} && {remote}"
        return [*self.ssh, remote]


def place_for(endpoint: Endpoint, environ: Mapping[str, str] | None = None) -> Place:
    """How to run compose for ``endpoint`` (DOCKER_HOST and TLS variables, or ssh)."""
    base = dict(os.environ if environ is None else environ)
    base.pop("DOCKER_CONTEXT", None)
    url = endpoint.url
    if url and url.startswith("ssh://"):
        from tui.engine.hosts.ssh_bridge import parse_ssh_url, ssh_base

        target = parse_ssh_url(url)
        ssh = [*ssh_base(base), "-o", "BatchMode=yes", "-o", "ConnectTimeout=15", "-T"]
        return Place(env=base, ssh=(*ssh, *target.ssh_args()))
    if url:
        base["DOCKER_HOST"] = url
    elif endpoint.context:
        base["DOCKER_CONTEXT"] = endpoint.context
    tls = endpoint.tls
    if tls is not None:
        folders = {str(Path(p).parent) for p in (tls.ca, tls.cert, tls.key) if p}
        names = {Path(p).name for p in (tls.ca, tls.cert, tls.key) if p}
        if len(folders) == 1 and names <= {"ca.pem", "cert.pem", "key.pem"}:
            base["DOCKER_CERT_PATH"] = folders.pop()
            if tls.verify:
                base["DOCKER_TLS_VERIFY"] = "1"
        else:
            return Place(env=base, why_not="compose needs the TLS files as ca.pem, cert.pem and "
                         "key.pem in one folder (DOCKER_CERT_PATH)")  # fmt: skip
    return Place(env=base)


def _answers(argv: list[str], env: Mapping[str, str]) -> str | None:
    """The first line ``argv`` prints when it exits 0 ("" if nothing), else None."""
    try:
        done = subprocess.run(
            argv, env=dict(env), capture_output=True, timeout=20, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    lines = clean_log_line(done.stdout.decode("utf-8", "replace")).strip().splitlines()
    return lines[0] if lines else ""


def find_compose(place: Place, configured: str | None = None) -> Compose:
    """`docker compose` when `docker compose version` answers, else `docker-compose`, else
    the configured path. Blocking (runs the candidates): call from a worker."""
    candidates: list[tuple[str, ...]] = [("docker", "compose"), ("docker-compose",)]
    if configured:
        candidates.append(tuple(shlex.split(configured)))
    for argv in candidates:
        version = _answers(place.wrap([*argv, "version"]), place.env)
        if version is not None:
            return Compose(argv, version)
    raise ComposeUnavailable(INSTALL_HINT)


@dataclass
class Outcome:
    exit_code: int
    lines: list[str]
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.cancelled


class ComposeRun:
    """One compose process; ``lines()`` yields its merged output; ``cancel()`` from any thread."""

    KEEP = 2000  # lines kept for the outcome

    def __init__(self, place: Place, argv: Sequence[str], cwd: str | None = None) -> None:
        if place.why_not:
            raise ComposeUnavailable(place.why_not)
        local_cwd = cwd if (cwd and not place.ssh and os.path.isdir(cwd)) else None
        try:
            self._proc = subprocess.Popen(
                place.wrap(argv, cwd if place.ssh else None),
                env=dict(place.env),
                cwd=local_cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as error:
            raise ComposeUnavailable(
                f"could not run {argv[0]}: {error.strerror or error}"
            ) from error
        self._cancelled = threading.Event()
        self.kept: list[str] = []

    def lines(self, on_line: Callable[[str], None] | None = None) -> Outcome:
        """Read the output to the end (blocking), calling ``on_line`` for each safe line."""
        stdout = self._proc.stdout
        assert stdout is not None
        pending = b""
        while True:
            chunk = stdout.read1(65536) if hasattr(stdout, "read1") else stdout.read(65536)
            if not chunk:
                break
            pending += chunk
            *whole, pending = pending.replace(b"\r", b"\n").split(b"\n")
            for raw in whole:
                self._emit(raw, on_line)
        if pending:
            self._emit(pending, on_line)
        code = self._proc.wait()
        return Outcome(code, self.kept, self._cancelled.is_set())

    def _emit(self, raw: bytes, on_line: Callable[[str], None] | None) -> None:
        line = clean_log_line(raw.decode("utf-8", "replace")).rstrip()
        if not line:
            return
        self.kept.append(line)
        del self.kept[: -self.KEEP]
        if on_line is not None:
            on_line(line)

    def cancel(self) -> None:
        self._cancelled.set()
        try:
            os.killpg(self._proc.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
