"""One connected engine: its endpoint, a client for short calls, and clients for streams."""

from __future__ import annotations

from dataclasses import dataclass, field

import docker

from tui.engine.connect import DEFAULT_TIMEOUT, Endpoint, make_client
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
    _stream_clients: list[docker.DockerClient] = field(default_factory=list)

    @classmethod
    def open(cls, endpoint: Endpoint, connect_timeout: float = 10.0) -> EngineSession:
        """Connect and read the engine's version. Blocking: call from a worker.

        The handshake has its own short timeout, so an endpoint that accepts and never
        answers is reported in seconds, not after the ordinary call timeout.
        """
        client = make_client(endpoint, timeout=connect_timeout)
        with engine_call():
            version = client.api.version()
        client.api.timeout = DEFAULT_TIMEOUT
        return cls(
            endpoint=endpoint,
            client=client,
            server_version=clean_text(version.get("Version", "")),
            api_version=clean_text(client.api.api_version),
        )

    def stream_client(self) -> docker.DockerClient:
        """A client of its own for one long-lived stream (thread safety, pool budget)."""
        client = make_client(self.endpoint)
        self._stream_clients.append(client)
        return client

    def release(self, client: docker.DockerClient) -> None:
        if client in self._stream_clients:
            self._stream_clients.remove(client)
        try:
            client.close()
        except Exception:  # noqa: BLE001 - closing must never raise
            pass

    def close(self) -> None:
        for client in list(self._stream_clients):
            self.release(client)
        try:
            self.client.close()
        except Exception:  # noqa: BLE001
            pass
