"""The door's custom commands (``session.commands``): run the user's own programs.

A command runs on this machine with the session's engine in its environment (DOCKER_HOST,
or DOCKER_CONTEXT, and the TLS variables), so ``docker ...`` in a template talks to the
engine dockpit shows. A dangerous command is refused here in read-only mode, whatever the UI
does. Output lines are made safe by the runner (compose/runner.py's process runner).
"""

from __future__ import annotations

import shlex
import shutil
import threading
from collections.abc import Callable, Mapping, Sequence

from tui.engine.compose.runner import ComposeRun, Outcome, Place, place_for
from tui.engine.containers.exec import Handoff
from tui.engine.core.door import Operations
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from tui.engine.custom.commands import CustomCommand, Row, expand


class CommandFailed(EngineError):
    """A custom command could not be started."""


class CustomCommandOps(Operations):
    """``session.commands``: expanding and running custom commands against this engine."""

    def place(self) -> Place:
        place = place_for(self.session.endpoint)
        env = dict(place.env)
        url = self.session.endpoint.url
        if place.ssh and url:  # compose runs on the remote; a command runs here, over ssh://
            env["DOCKER_HOST"] = url
        return Place(env=env)

    def host(self) -> str:
        endpoint = self.session.endpoint
        return endpoint.url or (f"context:{endpoint.context}" if endpoint.context else "")

    def runs(
        self, command: CustomCommand, rows: Sequence[Row], answers: Mapping[str, str]
    ) -> list[list[str]]:
        """The argv of each run (refused in read-only mode when the command is dangerous)."""
        if command.dangerous:
            self.writable(f"{command.name} (a dangerous custom command)")
        host = self.host()
        return expand(command, [{"host": host, **row} for row in rows], answers)

    def start(self, argvs: Sequence[Sequence[str]]) -> CommandRuns:
        """Runs in the background, one after the other; output is read with ``lines()``."""
        for argv in argvs:
            self._present(argv)
        return CommandRuns(self.place(), argvs)

    def handoff(self, command: CustomCommand, argv: Sequence[str]) -> Handoff:
        """One run in the terminal (the app suspends, as for exec)."""
        self._present(argv)
        return Handoff(command.name, argv=list(argv), env=dict(self.place().env), via="command")

    def _present(self, argv: Sequence[str]) -> None:
        if not argv or shutil.which(argv[0], path=self.place().env.get("PATH")) is None:
            program = argv[0] if argv else ""
            raise CommandFailed(f"{program!r} is not a program on this machine (not found in PATH)")


class CommandRuns:
    """Several runs one after the other, read like one (``lines()``, ``cancel()`` from any
    thread): each starts with a ``$ command`` line; the first failure ends the sequence."""

    def __init__(self, place: Place, argvs: Sequence[Sequence[str]]) -> None:
        self._place = place
        self._argvs = [list(a) for a in argvs]
        self._current: ComposeRun | None = None
        self._cancelled = threading.Event()
        self._lock = threading.Lock()

    def lines(self, on_line: Callable[[str], None] | None = None) -> Outcome:
        kept: list[str] = []
        outcome = Outcome(0, kept)
        for argv in self._argvs:
            if self._cancelled.is_set():
                return Outcome(outcome.exit_code, kept, cancelled=True)
            header = clean_text("$ " + shlex.join(argv))
            kept.append(header)
            if on_line is not None:
                on_line(header)
            with self._lock:
                self._current = ComposeRun(self._place, argv)
            outcome = self._current.lines(on_line)
            kept += outcome.lines
            if not outcome.ok:
                break
        return Outcome(outcome.exit_code, kept[-ComposeRun.KEEP :], self._cancelled.is_set())

    def cancel(self) -> None:
        self._cancelled.set()
        with self._lock:
            if self._current is not None:
                self._current.cancel()
