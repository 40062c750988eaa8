"""Hostile engine text reaches the terminal as visible text, never as escape sequences.

Runs the real `dockpit` in a pseudo-terminal and reads every byte it writes.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import unique_name
from tests.helpers import list_only_config

# Each payload is a marker the terminal would act on if it arrived raw.
HOSTILE = {
    "osc_title": "\x1b]0;PWNED-TITLE\x07",
    "osc52": "\x1b]52;c;cHduZWQ=\x07",
    "clear": "\x1b[2J",
    "csi_c1": "\x9b31mC1-RED",
    "bidi": "\u202eevil",
    "markup": "[@click=app.quit]x[/]",
    "bad_close": "[/bold]",
    "link": "[link=file:///etc/passwd]pw[/link]",
}
RAW_MARKERS = [b"\x1b]0;PWNED", b"\x1b]52;c;cHduZWQ", b"\xc2\x9b31m", "\u202e".encode()]


def _run_in_pty(
    host: str, seconds: float, keys: bytes = b"", config: Path | None = None, columns: int = 160
) -> bytes:
    pid, fd = pty.fork()
    if pid == 0:  # child: the real program, in a terminal 45 rows high
        os.environ.update(
            {"DOCKER_HOST": host, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": "45"}
        )
        if config is not None:
            os.environ["DOCKPIT_CONFIG"] = str(config)
        exe = str(Path(sys.executable).with_name("dockpit"))
        os.execv(exe, [exe])
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, columns, 0, 0))
    out = bytearray()
    deadline = time.monotonic() + seconds
    sent = False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    break
            if keys and not sent and time.monotonic() > deadline - seconds / 2:
                os.write(fd, keys)
                sent = True
    finally:
        try:
            os.write(fd, b"\x11")  # ctrl+q
            time.sleep(0.5)
        except OSError:
            pass
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return bytes(out)


def test_hostile_labels_and_command_never_reach_the_terminal_raw(
    engine_host, make_container, tmp_path
):
    name = unique_name("hostile")
    payload = "".join(HOSTILE.values())
    make_container(
        ["sh", "-c", f"echo '{payload}'; sleep 3600"],
        name=name,
        labels={
            "com.docker.compose.project": "proj" + payload,
            "com.docker.compose.service": "svc" + payload,
            "evil": payload,
        },
    )
    # the list alone and a wide terminal, so that its last column (Compose, holding the
    # hostile project) is on screen whatever other containers share the engine (an image
    # shown by its 71-character id widens the Image column before it)
    out = _run_in_pty(engine_host, 8.0, config=list_only_config(tmp_path), columns=320)
    assert name.encode() in out, "the app did not show the container list"
    for marker in RAW_MARKERS:
        assert marker not in out, f"raw {marker!r} reached the terminal"
    # The hostile text is shown, made visible: ESC as the four characters \x1b.
    assert b"\\x1b" in out
    assert subprocess.run(["true"]).returncode == 0
