"""The door's operations inside containers: exec a shell, attach, run a command, logs.

Part of ``session.containers`` (see ops.py). Exec, attach and commands change what runs in a
container: they need a writable session. Streams (commands, logs) get clients of their own
from the session here, in the engine layer, and give them back when they end.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tui.engine.core.door import Operations

if TYPE_CHECKING:
    from tui.engine.containers.command import CommandRun
    from tui.engine.containers.exec import Handoff
    from tui.engine.core.model import Container
    from tui.engine.logs.log_lines import LineBuffer
    from tui.engine.logs.logs import LogFollower


class ContainerInsideOps(Operations):
    """Shells, attach, one-off commands and logs (mixed into ContainerOps)."""

    def shell(self, container: Container, preferred: str | None = None) -> Handoff:
        """A shell session to hand the terminal to: the first of ``preferred``, bash, sh that
        exists in the container (probed with an exec), through the CLI when installed."""
        from tui.engine.containers.exec import choose_shell, exec_handoff, find_docker_cli

        self.writable("exec")
        argv = choose_shell(self.client, container.id, preferred)
        return exec_handoff(self.session, container.id, container.name, argv, find_docker_cli())

    def attach(self, container: Container) -> Handoff:
        """An attach session to hand the terminal to; Conflict when it makes no sense
        (not running, paused, no stdin)."""
        from tui.engine.containers.exec import attach_handoff, check_attachable, find_docker_cli

        self.writable("attach")
        info = check_attachable(self.client, container.id)
        config = info.get("Config") or {}
        return attach_handoff(
            self.session,
            container.id,
            container.name,
            bool(config.get("Tty")),
            find_docker_cli(),
            stdin=bool(config.get("OpenStdin")),
        )

    @contextlib.contextmanager
    def command(self, container_id: str, command: str) -> Iterator[CommandRun]:
        """A one-off command, started; iterate its output. Its client is given back on leaving."""
        from tui.engine.containers.command import CommandRun

        self.writable("running a command")
        client = self.session.stream_client()
        try:
            yield CommandRun(client, container_id, command)
        finally:
            self.session.release(client)

    def follow_logs(
        self,
        container_id: str,
        sink: LineBuffer,
        *,
        source: int = 0,
        tail: int | None = 500,
        since: float | None = None,
    ) -> LogFollower:
        """A follower of the container's log into ``sink`` (not started: call ``start()``)."""
        from tui.engine.logs.logs import LogFollower

        return LogFollower(
            self.session.stream_client,
            self.session.release,
            container_id,
            sink,
            source=source,
            tail=tail,
            since=since,
            events=self.session.events,  # waiting for a restart: the engine's one events stream
        )

    def tail(self, container_id: str, count: int = 20) -> str:
        """The last ``count`` lines of the container's log as one (unsafe) text. Blocking."""
        from tui.engine.core.errors import engine_call
        from tui.engine.core.sanitize import decode

        with engine_call():
            raw = self.client.api.logs(container_id, stdout=True, stderr=True, tail=count)
        return decode(raw) if isinstance(raw, (bytes, bytearray)) else str(raw)

    def save_logs(
        self, containers: list[tuple[str, str]], path: Path, *, timestamps: bool = True
    ) -> int:
        """The whole log of (id, name) containers into one file, merged by time; its lines."""
        from tui.engine.logs.log_export import export_logs

        return export_logs(self.session, containers, path, timestamps=timestamps)
