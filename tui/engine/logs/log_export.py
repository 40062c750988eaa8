"""Save the whole log of one or more containers to a file (merged by timestamp). Blocking."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker

from tui.engine.core.errors import engine_call
from tui.engine.core.http_stream import body_reader, close_response
from tui.engine.core.session import EngineSession
from tui.engine.logs.log_lines import STDERR, LogLine
from tui.engine.logs.log_parse import LogParser


def iter_log_lines(
    client: docker.DockerClient, container_id: str, source: int
) -> Iterator[LogLine]:
    """Every line the engine holds for a container, oldest first (no follow)."""
    api = client.api
    with engine_call():
        info = api.inspect_container(container_id)
        tty = bool((info.get("Config") or {}).get("Tty"))
        params: dict[str, Any] = {"stdout": 1, "stderr": 1, "timestamps": 1, "tail": "all"}
        response = api._get(
            api._url("/containers/{0}/logs", container_id), params=params, stream=True
        )
        api._raise_for_status(response)
    parser = LogParser(source, tty=tty)
    read = body_reader(response)
    try:
        with engine_call():
            while (data := read()) is not None:
                yield from parser.feed(data)
        yield from parser.flush()
    finally:
        close_response(response)


def export_logs(
    session: EngineSession,
    containers: list[tuple[str, str]],
    path: Path,
    *,
    timestamps: bool = True,
) -> int:
    """Write the logs of (id, name) containers to path, merged by time; the number of lines.

    Lines are plain safe text (no colour, controls shown as escapes); merged logs carry the
    container name; stderr lines are marked "E ".
    """
    clients = [session.stream_client() for _ in containers]
    count = 0
    try:
        streams = [
            iter_log_lines(client, cid, index)
            for index, (client, (cid, _)) in enumerate(zip(clients, containers, strict=True))
        ]
        merged = heapq.merge(*streams, key=lambda line: line.ts) if len(streams) > 1 else streams[0]
        width = max(len(name) for _, name in containers)
        with path.open("w", encoding="utf-8", errors="replace") as handle:
            for line in merged:
                parts = []
                if len(containers) > 1:
                    parts.append(containers[line.source][1].ljust(width) + " ")
                if timestamps and line.ts:
                    parts.append(line.ts + " ")
                if line.stream == STDERR:
                    parts.append("E ")
                parts.append(line.plain)
                if line.truncated:
                    parts.append(f" ... [{line.length:,} bytes, truncated]")
                handle.write("".join(parts) + "\n")
                count += 1
    finally:
        for client in clients:
            session.release(client)
    return count
