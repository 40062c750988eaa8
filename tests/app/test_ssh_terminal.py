"""dockpit inside an SSH session: the real program on the pty sshd gives it (`ssh -t` to the
test sshd, scripts/sshd), driven with keys only, every byte it writes read back.

What a user's terminal gets: colours at the depth the terminal announces (TERM, COLORTERM),
a whole redraw at the new size after a window resize, OSC 52 clipboard writes that carry the
copied text, and a terminal handed back as it was (alternate screen, mouse modes off).
"""

from __future__ import annotations

import base64
import os
import re
import time
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import unique_name
from tests.helpers import list_only_config, load_factor
from tests.pty_terminal import PtyTerminal, ssh_dockpit_argv
from tests.remote_engines import SSH_ALIAS, need_sshd

pytestmark = [pytest.mark.engine, pytest.mark.timeout(240)]

SGR = re.compile(rb"\x1b\[([0-9;:]*)m")
#: A log line in 24-bit, 256-colour and 16-colour SGR: shown at the terminal's depth.
COLOURED_LOG = (
    r"printf '\033[38;2;255;0;0mTRUE-RED\033[0m \033[38;5;208mORANGE-256\033[0m "
    r"\033[31mRED-16\033[0m\n'; echo first-line; echo 'copy me: héllo wörld'; sleep 3600"
)
OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


def sgr_params(data: bytes) -> set[str]:
    params: set[str] = set()
    for match in SGR.findall(data):
        params.update(re.split(r"[;:]", match.decode()) if match else ["0"])
    return params


def extended_colours(data: bytes) -> tuple[bool, bool]:
    """(256-colour SGR seen, truecolor SGR seen) in the bytes written."""
    return (
        re.search(rb"\x1b\[[0-9;]*[34]8[;:]5[;:]", data) is not None,
        re.search(rb"\x1b\[[0-9;]*[34]8[;:]2[;:]", data) is not None,
    )


def copied(data: bytes) -> list[str]:
    return [base64.b64decode(payload).decode() for payload in OSC52.findall(data)]


@pytest.fixture
def ssh_dockpit(engine_host: str, tmp_path) -> Iterator[Callable[..., PtyTerminal]]:
    """Start dockpit through `ssh -t` in a terminal of the given TERM (and remote env)."""
    config = need_sshd()
    started: list[PtyTerminal] = []
    list_only = list_only_config(tmp_path)  # these tests read the list, not the dashboard

    def start(term: str, *args: str, rows: int = 45, cols: int = 160, **remote: str):
        local = {k: v for k, v in os.environ.items() if k != "COLORTERM"}
        local["TERM"] = term  # ssh -t hands the client's TERM to the remote pty
        remote_env = {
            "DOCKER_HOST": engine_host,
            "DOCKPIT_STATE_DIR": os.environ["DOCKPIT_STATE_DIR"],  # crash logs fail the test
            "DOCKPIT_CONFIG": str(list_only),
            **remote,
        }
        terminal = PtyTerminal(
            ssh_dockpit_argv(config, SSH_ALIAS, remote_env, *args), local, rows, cols
        )
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()


def show_only(terminal: PtyTerminal, name: str) -> None:
    """Filter the containers list down to one container (other tests share the engine)."""
    terminal.press("slash")
    terminal.wait_for_text("filter: words match")  # the input is open (and focused)
    terminal.type(name)  # one burst, as a paste or one SSH packet
    terminal.wait_for(
        lambda: any(line.strip().startswith("1 of") for line in terminal.lines()),
        what=f"the list filtered to {name}",
    )
    terminal.press("enter")  # back to the table; nothing on screen says when the focus
    time.sleep(1.0 * load_factor())  # has moved: give it a moment before the next key


def fits(terminal: PtyTerminal, rows: int, cols: int) -> bool:
    """The layout is drawn for rows x cols: the footer's right end on the last line, the
    status line above it, the title on top, and each of them once (no stale copy)."""
    lines = terminal.lines()
    if len(lines) != rows or any(len(line) != cols for line in lines):
        return False
    footer, status = lines[-1].rstrip(), lines[-2]
    text = "\n".join(lines)
    return (
        footer.endswith("^p palette")
        and len(footer) >= cols - 2  # right-aligned at the new right edge
        and " containers" in status
        and lines[0].lstrip().startswith("dockpit")
        and text.count("^p palette") == 1
        and text.count("dockpit 0.1") == 1
    )


def test_in_ssh_256_colours_resize_and_osc52_copy_with_keys_only(ssh_dockpit, make_container):
    name = unique_name("sshterm")
    make_container(
        ["sh", "-c", COLOURED_LOG],
        name=name,
        environment={"DOCKPIT_SECRET_TOKEN": "s3cr3t-välue"},
    )
    term = ssh_dockpit("xterm-256color")
    term.wait_for_text(name, timeout=30)

    # (a) TERM=xterm-256color and no COLORTERM (what ssh hands over by default): 256 colours
    has_256, has_truecolor = extended_colours(bytes(term.raw))
    assert has_256 and not has_truecolor

    # (b) resizes redraw the whole layout at the new size
    show_only(term, name)
    term.resize(30, 100)
    term.wait_for(lambda: fits(term, 30, 100), what="a redraw at 100x30")
    assert name in term.text()
    term.resize(50, 200)
    term.wait_for(lambda: fits(term, 50, 200), what="a redraw at 200x50")
    assert name in term.text()

    # (c) OSC 52: the logs view's c copies the current line, C the lines shown
    term.press("l")
    term.wait_for_text("copy me: héllo wörld")
    mark = term.mark()
    term.press("c")
    term.wait_for(lambda: copied(term.since(mark)), what="an OSC 52 write")
    assert copied(term.since(mark)) == ["copy me: héllo wörld"]
    mark = term.mark()
    term.press("C")
    term.wait_for(lambda: copied(term.since(mark)), what="an OSC 52 write")
    assert copied(term.since(mark)) == [
        "TRUE-RED ORANGE-256 RED-16\nfirst-line\ncopy me: héllo wörld"
    ]
    # the log's own 24-bit colour came out in 256 colours, as the rest
    has_256, has_truecolor = extended_colours(bytes(term.raw))
    assert has_256 and not has_truecolor

    # ... and the details' env tab copies a value (masked on screen, whole in the clipboard)
    term.press("q")
    term.wait_for(lambda: "copy me" not in term.text(), what="back on the list")
    term.press("enter")
    term.wait_for_text("Networks")  # the details' tab bar
    term.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
    term.wait_for_text("DOCKPIT_SECRET_TOKEN")
    assert "s3cr3t-välue" not in term.text()
    mark = term.mark()
    term.press("c")
    term.wait_for(lambda: copied(term.since(mark)), what="an OSC 52 write")
    assert copied(term.since(mark)) == ["s3cr3t-välue"]

    # the terminal is handed back: alternate screen left, mouse reporting off
    term.press("escape")
    # the list's status line (the "copied the value of ..." toast may outlive the details)
    term.wait_for(lambda: "sort: " in term.text(), what="back on the list")
    mark = term.mark()
    term.press("ctrl+q")
    term.wait_for(lambda: not term.alive(), what="dockpit and ssh to exit", timeout=20)
    tail = term.since(mark)
    assert b"\x1b[?1049l" in tail and b"\x1b[?1000l" in tail


@pytest.mark.parametrize(
    ("term_name", "args", "remote", "expect"),
    [
        ("xterm-256color", (), {"COLORTERM": "truecolor"}, "truecolor"),
        ("xterm", (), {}, "basic"),
        ("xterm-256color", ("--theme", "dockpit-ansi"), {"COLORTERM": "truecolor"}, "basic"),
    ],
    ids=["truecolor", "xterm-16", "ansi-theme"],
)
def test_in_ssh_colour_depth_follows_the_terminal(
    ssh_dockpit, make_container, term_name, args, remote, expect
):
    name = unique_name("depth")
    make_container(["sh", "-c", COLOURED_LOG], name=name)
    term = ssh_dockpit(term_name, *args, **remote)
    term.wait_for_text(name, timeout=30)
    if expect == "truecolor":  # the theme's own colours are enough to tell
        assert extended_colours(bytes(term.raw))[1]
        return
    show_only(term, name)
    term.press("l")  # the logs screen: the container's own colours (24-bit, 256, 16) too
    term.wait_for_text("TRUE-RED")
    data = bytes(term.raw)
    has_256, has_truecolor = extended_colours(data)
    assert not has_256 and not has_truecolor
    assert not sgr_params(data) & {"38", "48", "58"}, sorted(sgr_params(data))
