"""A one-off, non-interactive command in a running container: its output and exit code."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

import docker
from docker.utils.socket import frames_iter

from tui.engine.containers.terminal import raw_socket
from tui.engine.core.errors import EngineError, engine_call

#: Characters that need a shell: the command then runs as ``sh -c``.
SHELL_CHARS = set("|&;<>()$`*?[]{}~!#\n\\'\"")
#: At most this much output is kept (the end is kept; the start is dropped).
MAX_OUTPUT = 1_000_000


def command_argv(command: str) -> list[str]:
    """``ls -l /`` -> ["ls", "-l", "/"]; anything with shell syntax -> ["sh", "-c", command]."""
    text = command.strip()
    if not text:
        raise EngineError("no command given")
    if any(ch in SHELL_CHARS for ch in text):
        return ["sh", "-c", text]
    return text.split()


class CommandRun:
    """Start a command; iterate its output chunks (bytes); ``close()`` from any thread stops it."""

    def __init__(self, client: docker.DockerClient, container_id: str, command: str) -> None:
        self.client = client
        self.argv = command_argv(command)
        self._closed = threading.Event()
        with engine_call():
            self.exec_id = client.api.exec_create(
                container_id, self.argv, stdout=True, stderr=True, tty=False
            )["Id"]
            self._sock = client.api.exec_start(self.exec_id, tty=False, socket=True)

    def __iter__(self) -> Iterator[bytes]:
        conn = raw_socket(self._sock)
        with engine_call():
            try:
                for _stream, data in frames_iter(conn, tty=False):
                    if self._closed.is_set():
                        return
                    if data:
                        yield bytes(data)
            except OSError:
                if not self._closed.is_set():
                    raise

    def exit_code(self) -> int | None:
        with engine_call():
            return self.client.api.exec_inspect(self.exec_id).get("ExitCode")

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def close(self) -> None:
        if self._closed.is_set():
            return
        self._closed.set()
        conn = raw_socket(self._sock)
        with contextlib.suppress(Exception):
            conn.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(Exception):
            self._sock.close()
