"""The engines a user can pick: the current one, the --host ones, every docker context.

Also a quick probe of each (does it answer, which engine and version) for the hosts view.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tui.engine.core.connect import Endpoint, endpoint_from_context, resolve_endpoint
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from tui.engine.core.session import EngineSession
from tui.engine.hosts.contexts import configured_current_context, list_contexts

PROBE_TIMEOUT = 5.0


@dataclass(frozen=True)
class HostEntry:
    key: str  # a stable row key
    name: str  # context name, or the address for a --host entry
    endpoint: Endpoint
    kind: str  # "context" | "host"
    description: str = ""
    context_current: bool = False  # the docker CLI's current context


@dataclass(frozen=True)
class ProbeResult:
    up: bool
    text: str  # "Docker Engine 20.10.24, API 1.41" or why it does not answer


def _same(a: Endpoint, b: Endpoint) -> bool:
    return (a.url, a.context or "default") == (b.url, b.context or "default")


def known_engines(
    current: Endpoint | None,
    hosts: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> list[HostEntry]:
    """Every engine worth listing, without duplicates; the current one first."""
    env = os.environ if environ is None else environ
    entries: list[HostEntry] = []

    def add(entry: HostEntry) -> None:
        if not any(_same(entry.endpoint, e.endpoint) for e in entries):
            entries.append(entry)

    if current is not None and current.context is None:
        add(HostEntry(f"host:{current.url}", clean_text(current.url or "?"), current, "host",
                      f"from {current.source}"))  # fmt: skip
    for url in hosts:
        endpoint = resolve_endpoint(url, env)
        add(HostEntry(f"host:{url}", clean_text(url), endpoint, "host", "from --host"))
    cli_current = env.get("DOCKER_CONTEXT") or configured_current_context(env)
    for info in list_contexts(env):
        endpoint = endpoint_from_context(info)
        if current is not None and _same(endpoint, current):
            endpoint = current
        add(
            HostEntry(
                f"context:{info.name}",
                clean_text(info.name),
                endpoint,
                "context",
                clean_text(info.problem or info.description),
                context_current=info.name == cli_current,
            )
        )
    if (
        current is not None
        and current.context is not None
        and not any(_same(current, e.endpoint) for e in entries)
    ):
        entries.insert(0, HostEntry(f"context:{current.context}", clean_text(current.context),
                                        current, "context", clean_text(current.problem or "")))  # fmt: skip
    if current is not None:  # the current engine first
        entries.sort(key=lambda e: not _same(e.endpoint, current))
    return entries


def probe(endpoint: Endpoint, timeout: float = PROBE_TIMEOUT) -> ProbeResult:
    """Connect, read the version, disconnect. Blocking: call from a worker."""
    try:
        session = EngineSession.open(endpoint, connect_timeout=timeout)
    except EngineError as error:
        return ProbeResult(False, error.message)
    try:
        return ProbeResult(
            True, f"{session.engine_name} {session.server_version}, API {session.api_version}"
        )
    finally:
        session.close()
