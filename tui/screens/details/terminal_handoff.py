"""Hand the terminal to an interactive session (exec shell, attach) and always take it back."""

from __future__ import annotations

import os
import sys

from textual.app import App, SuspendNotSupported

from tui.engine.containers.exec import Handoff
from tui.engine.core.sanitize import clean_text


def _say(fd: int, text: str) -> None:
    try:
        os.write(fd, text.encode("utf-8", "replace"))
    except OSError:
        pass


def _fds() -> tuple[int, int]:
    stdin = sys.__stdin__.fileno() if sys.__stdin__ is not None else 0
    stdout = sys.__stdout__.fileno() if sys.__stdout__ is not None else 1
    return stdin, stdout


def hand_over(app: App, handoff: Handoff, title: str) -> int | None:
    """Suspend the app, run the session, resume. Any failure still restores the screen.

    Returns the session's exit code (None when unknown or when it failed; the failure is
    shown in a notification).
    """
    code: int | None = None
    error: str | None = None
    try:
        with app.suspend():
            # Nothing may escape this block: App.suspend() does not resume on an exception.
            try:
                stdin_fd, stdout_fd = _fds()
                _say(stdout_fd, f"\r\ndockpit: {handoff.what} (via {handoff.via})\r\n")
                code = handoff.run(stdin_fd, stdout_fd)
            except BaseException as exc:  # noqa: BLE001 - KeyboardInterrupt included
                error = clean_text(getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}")
    except SuspendNotSupported:
        error = "this terminal cannot be handed over (suspend is not supported here)"
    if error:
        app.notify(error, title=title, severity="error", markup=False)
        return None
    if code not in (None, 0):
        app.notify(f"{handoff.what}: exit code {code}", title=title, markup=False)
    return code
