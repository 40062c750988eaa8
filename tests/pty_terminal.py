"""A real terminal for the real `dockpit`: a pseudo-terminal, every byte the program writes
kept, and a VT emulator (pyte) that shows what a user's terminal would show.

Used to run dockpit the way people run it inside an SSH session: `ssh -t` into the test sshd
(scripts/sshd), which gives the program a pty on the "remote" side. Keys are bytes written to
the pty (no mouse anywhere); a resize is TIOCSWINSZ on the pty, which sends SIGWINCH to the
terminal's foreground process (ssh, which tells sshd, which resizes the remote pty).
"""

from __future__ import annotations

import fcntl
import os
import pty
import shlex
import signal
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pyte

from tests.helpers import load_factor

DOCKPIT = str(Path(sys.executable).with_name("dockpit"))

KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "ctrl+q": b"\x11",
    "slash": b"/",
    "question_mark": b"?",
    "right_square_bracket": b"]",
    "left_square_bracket": b"[",
    "space": b" ",
}


class PtyTerminal:
    """A child process on a pty of ``rows`` x ``cols``; a reader thread feeds the emulator."""

    def __init__(
        self, argv: list[str], env: Mapping[str, str], rows: int = 45, cols: int = 160
    ) -> None:
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self.raw = bytearray()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: never returns
            try:
                self._set_size(rows, cols, fd=0)  # before ssh reads it: the pty's own size
                os.execvpe(argv[0], argv, dict(env))
            finally:
                os._exit(127)
        self._set_size(rows, cols)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- reading ------------------------------------------------------------------------------

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.raw += data
                self._stream.feed(data)

    def mark(self) -> int:
        with self._lock:
            return len(self.raw)

    def since(self, mark: int) -> bytes:
        with self._lock:
            return bytes(self.raw[mark:])

    def lines(self) -> list[str]:
        with self._lock:
            return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.lines())

    def wait_for(self, check: Callable[[], object], timeout: float = 20.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout * load_factor()
        while time.monotonic() < deadline:
            if check():
                return
            if not self.alive():
                break
            time.sleep(0.1)
        if check():
            return
        raise AssertionError(
            f"timed out waiting for {what or check}; the terminal shows:\n{self.text()}"
        )

    def wait_for_text(self, text: str, timeout: float = 20.0) -> None:
        self.wait_for(lambda: text in self.text(), timeout, repr(text))

    # -- writing ------------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode()))
            time.sleep(0.05)

    def type(self, text: str) -> None:
        """Write text in one go (a paste, or what one SSH packet carries)."""
        os.write(self.fd, text.encode())

    def _set_size(self, rows: int, cols: int, fd: int | None = None) -> None:
        size = struct.pack("HHHH", rows, cols, 0, 0)
        fcntl.ioctl(self.fd if fd is None else fd, termios.TIOCSWINSZ, size)

    def resize(self, rows: int, cols: int) -> int:
        """Resize the terminal as a user's window would; returns the byte mark of the moment."""
        with self._lock:
            self.screen.resize(rows, cols)
            self._set_size(rows, cols)  # the kernel sends SIGWINCH to the foreground group
            mark = len(self.raw)
        try:
            os.kill(self.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass
        return mark

    # -- the end ------------------------------------------------------------------------------

    def alive(self) -> bool:
        try:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True
        self.pid = -1
        return False

    def close(self, quit_key: str = "ctrl+q", grace: float = 5.0) -> None:
        if self.pid > 0 and self.alive():
            try:
                self.press(quit_key)
            except OSError:
                pass
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and self.alive():
                time.sleep(0.1)
            if self.pid > 0:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                try:
                    os.waitpid(self.pid, 0)
                except ChildProcessError:
                    pass
        try:
            os.close(self.fd)
        except OSError:
            pass
        self._reader.join(timeout=2)


def ssh_dockpit_argv(
    ssh_config: str, alias: str, remote_env: Mapping[str, str], *args: str
) -> list[str]:
    """`ssh -t alias env K=V... dockpit ARGS`: dockpit on a pty of the sshd's side."""
    command = ["env", *(f"{k}={v}" for k, v in remote_env.items()), DOCKPIT, *args]
    return ["ssh", "-F", ssh_config, "-t", alias, shlex.join(command)]
