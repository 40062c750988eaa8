"""One connected engine: its endpoint, a client for short calls, and clients for streams.

A session is either opened here (``open``: connect, then the client exists) or made from what
a start-up child process found (``prepared``, see prefetch.py): then its client is made on
first use, so the UI can paint the engine's containers before docker-py is even imported.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.engine.core.connect import (
    DEFAULT_TIMEOUT,
    Connection,
    Endpoint,
    engine_from_server_header,
)
from tui.engine.core.errors import engine_call
from tui.engine.core.model import Container
from tui.engine.core.sanitize import clean_text

if TYPE_CHECKING:
    import docker

    from tui.engine.compose.ops import ComposeOps
    from tui.engine.containers.ops import ContainerOps
    from tui.engine.core.event_hub import EventHub
    from tui.engine.custom.ops import CustomCommandOps
    from tui.engine.images.ops import ImageOps
    from tui.engine.resources.ops import NetworkOps, SystemOps, VolumeOps
    from tui.engine.stats.stats_sampler import StatsSampler
    from tui.engine.swarm.ops import SwarmOps


@dataclass
class EngineFacts:
    """What a connection found out about the engine (plain data: crosses a process pipe)."""

    server_version: str
    api_version: str
    engine_name: str
    containers: list[Container] | None


@dataclass
class EngineSession:
    endpoint: Endpoint
    _client: docker.DockerClient | None = None
    server_version: str = ""
    api_version: str = ""
    #: The first container list, read while the UI started (see prefetch.py); used once.
    initial_containers: list[Container] | None = None
    engine_name: str = "Docker Engine"  # "Podman Engine" for podman's compatible API
    connection: Connection | None = None
    _stream_clients: list[docker.DockerClient] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _connect_timeout: float = 10.0
    _client_lock: threading.Lock = field(default_factory=threading.Lock)
    #: Read-only mode: every operation that changes the engine raises ReadOnlyError (door.py).
    read_only: bool = False
    #: How the session's stats sampler is made (interval, api_interval, source): set by the
    #: app from its settings before the first use of ``stats``.
    stats_options: dict[str, Any] = field(default_factory=dict)

    # The door (see door.py): the session's typed operations, one group per kind of object.
    # Imported on first use so that the first paint does not wait for them.

    @functools.cached_property
    def containers(self) -> ContainerOps:
        from tui.engine.containers.ops import ContainerOps

        return ContainerOps(self)

    @functools.cached_property
    def images(self) -> ImageOps:
        from tui.engine.images.ops import ImageOps

        return ImageOps(self)

    @functools.cached_property
    def volumes(self) -> VolumeOps:
        from tui.engine.resources.ops import VolumeOps

        return VolumeOps(self)

    @functools.cached_property
    def networks(self) -> NetworkOps:
        from tui.engine.resources.ops import NetworkOps

        return NetworkOps(self)

    @functools.cached_property
    def system(self) -> SystemOps:
        from tui.engine.resources.ops import SystemOps

        return SystemOps(self)

    @functools.cached_property
    def compose(self) -> ComposeOps:
        from tui.engine.compose.ops import ComposeOps

        return ComposeOps(self)

    @functools.cached_property
    def commands(self) -> CustomCommandOps:
        from tui.engine.custom.ops import CustomCommandOps

        return CustomCommandOps(self)

    @functools.cached_property
    def swarm(self) -> SwarmOps:
        from tui.engine.swarm.ops import SwarmOps

        return SwarmOps(self)

    @functools.cached_property
    def stats(self) -> StatsSampler:
        """The session's one stats sampler, shared by every view (made with stats_options)."""
        from tui.engine.stats.stats_sampler import StatsSampler

        return StatsSampler(self, **self.stats_options)

    @functools.cached_property
    def events(self) -> EventHub:
        """The engine's one events stream, fanned out to subscribers (event_hub.py)."""
        from tui.engine.core.event_hub import EventHub

        return EventHub(self.stream_client, self.release)

    @property
    def client(self) -> docker.DockerClient:
        """The client for short calls; a prepared session makes it now (blocking: a worker)."""
        client = self._client
        if client is not None:
            return client
        with self._client_lock:  # not _lock: making it may take seconds
            if self._client is None:
                connection = self.connection or Connection(self.endpoint)
                self.connection = connection
                made = connection.client(timeout=self._connect_timeout)
                made.api.timeout = DEFAULT_TIMEOUT
                self._client = made
            return self._client

    @classmethod
    def prepared(
        cls, endpoint: Endpoint, facts: EngineFacts, connect_timeout: float = 10.0
    ) -> EngineSession:
        """A session for an engine another process has just talked to; no I/O here."""
        return cls(
            endpoint=endpoint,
            server_version=facts.server_version,
            api_version=facts.api_version,
            engine_name=facts.engine_name,
            initial_containers=facts.containers,
            connection=Connection(endpoint),
            _connect_timeout=connect_timeout,
        )

    def facts(self) -> EngineFacts:
        return EngineFacts(
            self.server_version, self.api_version, self.engine_name, self.initial_containers
        )

    @classmethod
    def open(cls, endpoint: Endpoint, connect_timeout: float = 10.0) -> EngineSession:
        """Connect and read the engine's version. Blocking: call from a worker.

        The handshake has its own short timeout, so an endpoint that accepts and never
        answers is reported in seconds, not after the ordinary call timeout.
        """
        connection = Connection(endpoint)
        try:
            client = connection.client(timeout=connect_timeout)
            known = engine_from_server_header(connection.ping_headers.get("Server", ""))
            if known is None:
                with engine_call():
                    version = client.api.version()
                known = _engine_from_version(version)
            client.api.timeout = DEFAULT_TIMEOUT
        except BaseException:
            connection.close()
            raise
        name, server_version = known
        return cls(
            endpoint=endpoint,
            _client=client,
            server_version=clean_text(server_version),
            api_version=clean_text(client.api.api_version),
            engine_name=clean_text(name),
            connection=connection,
        )

    @property
    def is_podman(self) -> bool:
        return "podman" in self.engine_name.lower()

    def stream_client(self) -> docker.DockerClient:
        """A client of its own for one long-lived stream (thread safety, pool budget)."""
        connection = self.connection or Connection(self.endpoint)
        client = connection.client()
        with self._lock:
            self._stream_clients.append(client)
        return client

    def ping(self, timeout: float = 5.0) -> None:
        """Raise EngineUnavailable unless the engine answers now. Blocking."""
        connection = self.connection or Connection(self.endpoint)
        client = connection.client(timeout=timeout)
        client.close()

    def release(self, client: docker.DockerClient) -> None:
        with self._lock:
            if client in self._stream_clients:
                self._stream_clients.remove(client)
        try:
            client.close()
        except Exception:  # noqa: BLE001 - closing must never raise
            pass

    def close(self) -> None:
        sampler = self.__dict__.get("stats")  # made only if someone used it
        if sampler is not None:
            sampler.close(timeout=0)  # its thread ends at its next wake; its client goes below
        hub = self.__dict__.get("events")  # made on first use only
        if hub is not None:
            hub.close()
        with self._lock:
            clients = list(self._stream_clients)
        for client in clients:
            self.release(client)
        try:
            if self._client is not None:
                self._client.close()
        except Exception:  # noqa: BLE001
            pass
        if self.connection is not None:
            self.connection.close()


def _engine_from_version(version: dict) -> tuple[str, str]:
    components = version.get("Components") or []
    name = "Docker Engine"
    if components and isinstance(components[0], dict):
        name = str(components[0].get("Name") or name)
    if name == "Engine":  # what dockerd calls itself
        name = "Docker Engine"
    return name, str(version.get("Version", ""))
