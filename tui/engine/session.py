"""One connected engine: its endpoint, a client for short calls, and clients for streams."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import docker

from tui.engine.connect import (
    DEFAULT_TIMEOUT,
    Connection,
    Endpoint,
    engine_from_server_header,
)
from tui.engine.errors import engine_call
from tui.engine.model import Container
from tui.engine.sanitize import clean_text


@dataclass
class EngineSession:
    endpoint: Endpoint
    client: docker.DockerClient
    server_version: str = ""
    api_version: str = ""
    #: The first container list, read while the UI started (see prefetch.py); used once.
    initial_containers: list[Container] | None = None
    engine_name: str = "Docker Engine"  # "Podman Engine" for podman's compatible API
    connection: Connection | None = None
    _stream_clients: list[docker.DockerClient] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

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
            client=client,
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
        with self._lock:
            clients = list(self._stream_clients)
        for client in clients:
            self.release(client)
        try:
            self.client.close()
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
