"""ssh:// engines through the system ssh binary: a local unix socket whose every connection
is carried by its own ``ssh ... docker system dial-stdio``.

The system ssh client is used (not docker-py's paramiko transport) so ~/.ssh/config (Port of
an alias, ProxyJump, IdentityFile), agents and known_hosts all work as they do for the
docker CLI. ``DOCKPIT_SSH_COMMAND`` (like GIT_SSH_COMMAND) replaces the ``ssh`` command,
e.g. ``ssh -F /path/to/config``. ssh runs in batch mode in a session of its own: it never
prompts, so it can never write over the dashboard; its complaint is kept for the message.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

CHUNK = 65536
#: How much of ssh's stderr is kept for the error message.
STDERR_KEEP = 2000


@dataclass(frozen=True)
class SshTarget:
    host: str
    user: str | None = None
    port: int | None = None

    def ssh_args(self) -> list[str]:
        args: list[str] = []
        if self.user:
            args += ["-l", self.user]
        if self.port:
            args += ["-p", str(self.port)]
        return [*args, "--", self.host]


def parse_ssh_url(url: str) -> SshTarget:
    """``ssh://[user@]host[:port]`` -> SshTarget; ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "ssh" or not parts.hostname:
        raise ValueError(f"not an ssh:// address: {url!r}")
    if parts.path not in ("", "/"):
        raise ValueError(f"an ssh:// address takes no path: {url!r}")
    if parts.password is not None:
        raise ValueError("an ssh:// address takes no password: use keys or an agent")
    host = parts.hostname
    if host.startswith("-"):
        raise ValueError(f"not a host name: {host!r}")
    return SshTarget(host=host, user=unquote(parts.username) if parts.username else None,
                     port=parts.port)  # fmt: skip


def ssh_base(environ: Mapping[str, str] | None = None) -> list[str]:
    env = os.environ if environ is None else environ
    return shlex.split(env.get("DOCKPIT_SSH_COMMAND") or "ssh")


def ssh_command(
    target: SshTarget, environ: Mapping[str, str] | None = None, control_path: str | None = None
) -> list[str]:
    """The command for one connection. With ``control_path`` the connections share one ssh
    session (ControlMaster): one handshake instead of one per connection."""
    mux: list[str] = []
    if control_path:
        mux = ["-o", "ControlMaster=auto", "-o", f"ControlPath={control_path}",
               "-o", "ControlPersist=60"]  # fmt: skip
    return [
        *ssh_base(environ),
        "-o", "BatchMode=yes",
        "-o", "ConnectTimeout=15",
        *mux,
        "-T",
        *target.ssh_args(),
        "docker", "system", "dial-stdio",
    ]  # fmt: skip


class SshBridge:
    """A unix socket in a private temp folder; each connection to it runs its own ssh."""

    def __init__(self, url: str, environ: Mapping[str, str] | None = None) -> None:
        self.target = parse_ssh_url(url)
        self._dir = tempfile.mkdtemp(prefix="dockpit-ssh-")
        self._control_path = os.path.join(self._dir, "cm")
        self._base = ssh_base(environ)
        self.command = ssh_command(self.target, environ, self._control_path)
        self.socket_path = os.path.join(self._dir, "docker.sock")
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(self.socket_path)
        os.chmod(self.socket_path, 0o600)
        self._server.listen(32)
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen[bytes]] = set()
        self._closed = False
        self.last_error = ""
        self._accepter = threading.Thread(target=self._accept, name="ssh-bridge", daemon=True)
        self._accepter.start()

    @property
    def base_url(self) -> str:
        return f"unix://{self.socket_path}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._carry, args=(conn,), daemon=True).start()

    def _carry(self, conn: socket.socket) -> None:
        try:
            proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # no terminal: ssh cannot prompt over the dashboard
            )
        except OSError as exc:
            self.last_error = f"cannot run {self.command[0]!r}: {exc}"
            conn.close()
            return
        with self._lock:
            if self._closed:
                proc.kill()
                conn.close()
                return
            self._procs.add(proc)
        errors = threading.Thread(target=self._keep_stderr, args=(proc,), daemon=True)
        errors.start()
        upstream = threading.Thread(target=self._to_ssh, args=(conn, proc), daemon=True)
        upstream.start()
        assert proc.stdout is not None
        try:
            while True:
                data = os.read(proc.stdout.fileno(), CHUNK)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass
        finally:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
            self._end(proc)
            errors.join(timeout=2)

    def _to_ssh(self, conn: socket.socket, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdin is not None
        try:
            while True:
                data = conn.recv(CHUNK)
                if not data:
                    break
                proc.stdin.write(data)
                proc.stdin.flush()
        except OSError:
            pass
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass

    def _keep_stderr(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stderr is not None
        try:
            text = proc.stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return
        if text:
            self.last_error = text[-STDERR_KEEP:]

    def _end(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._procs.discard(proc)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            procs = list(self._procs)
        try:
            self._server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._server.close()
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                proc.kill()
        if os.path.exists(self._control_path):  # the shared ssh session ends with us
            try:
                subprocess.run(
                    [*self._base, "-o", f"ControlPath={self._control_path}", "-O", "exit",
                     *self.target.ssh_args()],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, timeout=5, start_new_session=True,
                )  # fmt: skip
            except (OSError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self._dir, ignore_errors=True)
