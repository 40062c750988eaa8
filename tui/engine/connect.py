"""Where the engine is (flag, DOCKER_HOST, context, default socket) and a client for it."""

from __future__ import annotations

import os
from dataclasses import dataclass

import docker

from tui.engine.errors import EngineUnavailable, engine_call

DEFAULT_SOCKET = "unix:///var/run/docker.sock"
#: Seconds an ordinary (non-stream) call may take before it is a timeout, not a hang.
DEFAULT_TIMEOUT = 30.0
#: Streams (events, logs, stats) each pin a pooled connection: leave room for them.
POOL_SIZE = 64


@dataclass(frozen=True)
class Endpoint:
    """A resolved engine address and how it was chosen (for messages)."""

    url: str | None  # None: let docker-py follow the environment / current context
    source: str  # "--host", "DOCKER_HOST", "docker context", "default socket"

    @property
    def label(self) -> str:
        return self.url or "the current docker context"

    def describe(self) -> str:
        return f"{self.label} (from {self.source})"


def resolve_endpoint(host: str | None = None, environ: dict[str, str] | None = None) -> Endpoint:
    env = os.environ if environ is None else environ
    if host:
        return Endpoint(host, "--host")
    if env.get("DOCKER_HOST"):
        return Endpoint(env["DOCKER_HOST"], "DOCKER_HOST")
    if env.get("DOCKER_CONTEXT") and env["DOCKER_CONTEXT"] != "default":
        return Endpoint(None, f"DOCKER_CONTEXT={env['DOCKER_CONTEXT']}")
    return Endpoint(DEFAULT_SOCKET, "default socket")


def make_client(endpoint: Endpoint, timeout: float = DEFAULT_TIMEOUT) -> docker.DockerClient:
    """A client for the endpoint, API version negotiated. Blocking: call from a worker."""
    with engine_call():
        if endpoint.url is None:
            client = docker.from_env(version="auto", timeout=int(timeout), max_pool_size=POOL_SIZE)
        else:
            client = docker.DockerClient(
                base_url=endpoint.url,
                version="auto",
                timeout=int(timeout),
                max_pool_size=POOL_SIZE,
            )
        try:
            client.ping()
        except Exception:
            client.close()
            raise
    if client is None:  # pragma: no cover - defensive
        raise EngineUnavailable(f"no engine at {endpoint.describe()}")
    return client
