"""Crash logs: tracebacks go to a file in the user's state folder, never onto the screen."""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path

from platformdirs import user_state_dir

#: Crash logs kept; older ones are deleted when a new one is written.
KEEP = 20


def state_dir() -> Path:
    """DOCKPIT_STATE_DIR, else the platform's user state folder for dockpit."""
    override = os.environ.get("DOCKPIT_STATE_DIR")
    return Path(override) if override else Path(user_state_dir("dockpit"))


def crash_dir() -> Path:
    return state_dir() / "crashes"


def write_crash_log(error: BaseException, where: str = "") -> Path | None:
    """Write the traceback of ``error`` to a new file; return its path (None if unwritable)."""
    folder = crash_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}-{os.getpid()}-{threading.get_ident() % 10000}.log"
        with path.open("w", encoding="utf-8") as fh:
            from tui import __version__

            fh.write(f"dockpit {__version__}, Python {sys.version.split()[0]}\n")
            if where:
                fh.write(f"in: {where}\n")
            fh.write("".join(traceback.format_exception(type(error), error, error.__traceback__)))
        for old in sorted(folder.glob("crash-*.log"))[:-KEEP]:
            old.unlink(missing_ok=True)
        return path
    except OSError:
        return None


def install_thread_hook() -> None:
    """Uncaught exceptions in plain threads go to a crash log instead of stderr."""

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not isinstance(args.exc_value, SystemExit):
            write_crash_log(
                args.exc_value, where=f"thread {args.thread.name if args.thread else '?'}"
            )

    threading.excepthook = hook
