"""Hand a raw terminal to an engine socket: stdin -> socket, socket -> stdout, resize on SIGWINCH.

Used by the API path of exec and attach (no docker CLI installed). Pure POSIX: termios,
select and a self-pipe for SIGWINCH; never imports Textual.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import termios
import threading
import tty
from collections.abc import Callable, Iterator
from typing import Any

#: How long one select waits before it looks at the resize flag again (seconds).
TICK = 0.25
DETACH_BYTES = b"\x10\x11"  # ctrl+p ctrl+q


@contextlib.contextmanager
def raw_terminal(fd: int) -> Iterator[None]:
    """Put the terminal on ``fd`` in raw mode (when it is one); always restore it."""
    if not os.isatty(fd):
        yield
        return
    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd, termios.TCSANOW)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def terminal_size(fd: int) -> tuple[int, int] | None:
    """(rows, columns) of the terminal on ``fd``, or None when it is not a terminal."""
    try:
        size = os.get_terminal_size(fd)
    except OSError:
        return None
    return size.lines, size.columns


@contextlib.contextmanager
def resize_signal() -> Iterator[int | None]:
    """A file descriptor that becomes readable on SIGWINCH (None off the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield None
        return
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)

    def on_winch(signum: int, frame: Any) -> None:
        with contextlib.suppress(OSError):
            os.write(write_fd, b"w")

    previous = signal.signal(signal.SIGWINCH, on_winch)
    try:
        yield read_fd
    finally:
        signal.signal(signal.SIGWINCH, previous)
        os.close(read_fd)
        os.close(write_fd)


def raw_socket(sock: Any) -> Any:
    """The object with recv/sendall/fileno behind what docker-py's ``socket=True`` returns."""
    return getattr(sock, "_sock", sock)


def pump(
    sock: Any,
    stdin_fd: int,
    stdout_fd: int,
    on_resize: Callable[[int, int], None] | None = None,
    framed: bool = False,
    output_only: bool = False,
) -> None:
    """Copy bytes both ways until the engine closes the socket.

    ``output_only``: the container has no stdin; what is typed is not sent, and ctrl+c or
    ctrl+p ctrl+q ends the pump (the container goes on).

    ``on_resize(rows, columns)`` is called once at the start and after every SIGWINCH.
    Input that ends (EOF on a pipe) half-closes the socket's write side. ``framed``: the
    engine multiplexes stdout/stderr in 8-byte-header frames (no TTY): they are unwrapped.
    """
    conn = raw_socket(sock)
    frames = FrameDecoder() if framed else None
    if on_resize is not None:
        size = terminal_size(stdout_fd) or terminal_size(stdin_fd)
        if size:
            on_resize(*size)
    input_open = True
    typed = b""  # the last bytes typed (output only: ctrl+p ctrl+q may come in two reads)
    with resize_signal() as winch_fd:
        while True:
            watched: list[Any] = [conn]
            if input_open:
                watched.append(stdin_fd)
            if winch_fd is not None:
                watched.append(winch_fd)
            pending = getattr(conn, "pending", None)
            if pending is not None and pending():
                ready = [conn]
            else:
                try:
                    ready, _, _ = select.select(watched, [], [], TICK)
                except InterruptedError:
                    continue
            if winch_fd is not None and winch_fd in ready:
                os.read(winch_fd, 1024)
                size = terminal_size(stdout_fd) or terminal_size(stdin_fd)
                if size and on_resize is not None:
                    on_resize(*size)
            if conn in ready:
                try:
                    data = conn.recv(65536)
                except (BlockingIOError, InterruptedError):
                    data = None
                except OSError:
                    return
                if data is not None:
                    if not data:
                        return
                    _write_all(stdout_fd, frames.feed(data) if frames else data)
            if input_open and stdin_fd in ready:
                try:
                    data = os.read(stdin_fd, 65536)
                except OSError:
                    data = b""
                if data and output_only:
                    typed = (typed + data)[-2:]
                    if b"\x03" in data or typed == DETACH_BYTES:
                        return
                elif data:
                    conn.sendall(data)
                else:
                    input_open = False
                    _half_close(conn)


class FrameDecoder:
    """Unwrap the engine's multiplexed stream: [stream, 0, 0, 0, size (4 bytes BE)] + payload."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._left = 0  # payload bytes still due for the current frame

    def feed(self, data: bytes) -> bytes:
        self._buffer += data
        out = bytearray()
        while self._buffer:
            if self._left == 0:
                if len(self._buffer) < 8:
                    break
                self._left = int.from_bytes(self._buffer[4:8], "big")
                del self._buffer[:8]
                continue
            take = min(self._left, len(self._buffer))
            out += self._buffer[:take]
            del self._buffer[:take]
            self._left -= take
        return bytes(out)


def _half_close(conn: Any) -> None:
    """Tell the engine no more input comes (paramiko channels name it differently)."""
    with contextlib.suppress(OSError, AttributeError):
        if hasattr(conn, "shutdown_write"):
            conn.shutdown_write()
        else:
            conn.shutdown(socket.SHUT_WR)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
