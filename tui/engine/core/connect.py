"""Where the engine is (flag, DOCKER_HOST, context, default socket) and a client for it.

Resolution follows the docker CLI: ``--context`` wins, then ``--host``, then DOCKER_HOST,
then DOCKER_CONTEXT, then ``currentContext`` of config.json, then the default socket.
TLS follows the CLI's meaning of DOCKER_TLS_VERIFY / DOCKER_CERT_PATH (see contexts.env_tls).
``ssh://`` goes through the system ssh binary (see ssh_bridge.py), never paramiko.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.engine.core.errors import EngineError, EngineUnavailable, engine_call
from tui.engine.hosts.contexts import (
    DEFAULT_CONTEXT,
    ContextError,
    ContextInfo,
    TlsFiles,
    configured_current_context,
    env_tls,
    load_context,
)
from tui.engine.hosts.ssh_bridge import SshBridge

if TYPE_CHECKING:  # docker-py is imported when a client is made (start-up paints first)
    import docker

DEFAULT_SOCKET = "unix:///var/run/docker.sock"
#: Seconds an ordinary (non-stream) call may take before it is a timeout, not a hang.
DEFAULT_TIMEOUT = 30.0
#: Streams (events, logs, stats) each pin a pooled connection: leave room for them.
POOL_SIZE = 64
SCHEMES = ("unix://", "tcp://", "ssh://", "http://", "https://", "npipe://")


@dataclass(frozen=True)
class Endpoint:
    """A resolved engine address and how it was chosen (for messages)."""

    url: str | None  # None: let docker-py follow the environment / current context
    source: str  # "--host", "DOCKER_HOST", "docker context x", "default socket"
    tls: TlsFiles | None = None
    context: str | None = None  # the docker context it came from, if any
    problem: str | None = None  # why it cannot be used (unknown context ...)

    @property
    def label(self) -> str:
        if self.context and self.context != DEFAULT_CONTEXT:
            return f"{self.context} ({self.url})"
        return self.url or "the current docker context"

    @property
    def key(self) -> str:
        """A short stable name for the engine (its context name, else its address)."""
        if self.context and self.context != DEFAULT_CONTEXT:
            return self.context
        return self.url or "default"

    def describe(self) -> str:
        tls = ""
        if self.tls is not None:
            tls = ", TLS verified" if self.tls.verify else ", TLS not verified"
        return f"{self.label} (from {self.source}{tls})"


def endpoint_from_context(info: ContextInfo, source: str | None = None) -> Endpoint:
    problem = info.problem
    if info.host is None and problem is None:
        problem = f"docker context {info.name!r} has no docker endpoint"
    return Endpoint(
        info.host,
        source or f"docker context {info.name}",
        tls=info.tls,
        context=info.name,
        problem=problem,
    )


def _context_endpoint(name: str, source: str, env: Mapping[str, str]) -> Endpoint:
    try:
        return endpoint_from_context(load_context(name, env), source)
    except ContextError as exc:
        return Endpoint(None, source, context=name, problem=str(exc))


def resolve_endpoint(
    host: str | None = None,
    environ: Mapping[str, str] | None = None,
    context: str | None = None,
) -> Endpoint:
    env = os.environ if environ is None else environ
    if context:
        return _context_endpoint(context, f"--context {context}", env)
    if host:
        return Endpoint(host, "--host", tls=env_tls(env))
    if env.get("DOCKER_HOST"):
        return Endpoint(env["DOCKER_HOST"], "DOCKER_HOST", tls=env_tls(env))
    if env.get("DOCKER_CONTEXT"):
        name = env["DOCKER_CONTEXT"]
        if name == DEFAULT_CONTEXT:
            return Endpoint(DEFAULT_SOCKET, "DOCKER_CONTEXT=default", tls=env_tls(env))
        return _context_endpoint(name, f"DOCKER_CONTEXT={name}", env)
    current = configured_current_context(env)
    if current != DEFAULT_CONTEXT:
        return _context_endpoint(current, f"current docker context {current}", env)
    return Endpoint(DEFAULT_SOCKET, "default socket", tls=env_tls(env))


def _tls_config(tls: TlsFiles) -> docker.tls.TLSConfig:
    import docker.tls

    client_cert = (tls.cert, tls.key) if tls.cert and tls.key else None
    return docker.tls.TLSConfig(
        client_cert=client_cert,
        ca_cert=tls.ca,
        verify=(tls.ca or True) if tls.verify else False,
    )


class Connection:
    """An endpoint made reachable: the address docker-py talks to, and what carries it.

    For ssh:// that is a bridge (a local socket and ssh processes) which lives until
    ``close()``; every client of the session shares it.
    """

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self.bridge: SshBridge | None = None
        #: Headers of the last /_ping: Api-Version and Server say what the engine is without
        #: a /version call (which takes seconds on a busy podman).
        self.ping_headers: dict[str, str] = {}
        if endpoint.problem:
            raise EngineUnavailable(endpoint.problem)
        url = endpoint.url
        if url is not None and not url.startswith(SCHEMES):
            raise EngineUnavailable(
                f"{url!r} is not an engine address (unix://, tcp://, ssh://, or a context name "
                "with --context)"
            )
        if url is not None and url.startswith("ssh://"):
            try:
                self.bridge = SshBridge(url)
            except (ValueError, OSError) as exc:
                raise EngineUnavailable(str(exc)) from exc
            self.base_url: str | None = self.bridge.base_url
        else:
            self.base_url = url

    def client(self, timeout: float = DEFAULT_TIMEOUT) -> docker.DockerClient:
        """A new client, API version negotiated and engine pinged. Blocking: use a worker."""
        try:
            with engine_call():
                try:
                    return self._client(timeout)
                except Exception as exc:
                    if self.endpoint.tls is not None and _is_tls_failure(exc):
                        raise EngineUnavailable(_tls_message(self.endpoint, exc)) from exc
                    raise
        except EngineUnavailable as error:
            raise EngineUnavailable(self._explain(error)) from error
        except EngineError as error:  # it answered, but not as an engine we can use
            raise EngineUnavailable(f"{self.endpoint.url}: {error.message}") from error

    def _client(self, timeout: float) -> docker.DockerClient:
        import docker

        if self.base_url is None:
            made = docker.from_env(version="auto", timeout=int(timeout), max_pool_size=POOL_SIZE)
            return one_pool_per_socket(made)
        tls = self.endpoint.tls
        client = docker.DockerClient(
            base_url=self.base_url,
            version=docker.constants.MINIMUM_DOCKER_API_VERSION,  # negotiated below
            timeout=int(timeout),
            max_pool_size=POOL_SIZE,
            tls=_tls_config(tls) if tls is not None else False,
        )
        try:
            # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE (set on many machines) win
            # over docker-py's own verify=ca.pem, and would send tcp:// to an HTTP proxy:
            # the engine's address and CA are the ones the user gave, as with the docker CLI.
            client.api.trust_env = False
            one_pool_per_socket(client)
            self.ping_headers = _ping(client)
            client.api._version = (
                self.ping_headers.get("Api-Version") or client.api._retrieve_server_version()
            )
        except Exception:
            client.close()
            raise
        return client

    def _explain(self, error: EngineUnavailable) -> str:
        if self.bridge is not None:
            self.bridge_wait()
            said = self.bridge.last_error.strip()
            if said:
                return f"ssh to {self.bridge.target.host} failed: {said}"
        return error.message

    def bridge_wait(self) -> None:
        import time

        for _ in range(20):  # ssh's complaint arrives just after the connection closes
            if self.bridge is None or self.bridge.last_error:
                return
            time.sleep(0.05)

    def close(self) -> None:
        if self.bridge is not None:
            self.bridge.close()


def one_pool_per_socket(client: docker.DockerClient) -> docker.DockerClient:
    """Make a unix-socket client keep ONE connection pool instead of one per request URL.

    docker-py's UnixHTTPAdapter (7.x) keys its pools by the full URL ("/containers/<id>/json"
    is a pool of its own), up to 25 pools each keeping its socket open: a client that visits
    many containers holds ~25 idle sockets to the engine. Every URL goes to the same socket
    file, so one pool (of up to POOL_SIZE connections) serves them all; the open sockets then
    follow the concurrency, not the number of containers visited.
    """
    from docker.transport import UnixHTTPAdapter

    adapter = client.api.adapters.get("http+docker://")
    if isinstance(adapter, UnixHTTPAdapter):
        by_url = adapter.get_connection

        def shared(url: str, proxies: object = None) -> object:
            return by_url("http+docker://localhost", proxies)

        adapter.get_connection = shared  # type: ignore[method-assign]
    return client


def _ping(client: docker.DockerClient) -> dict[str, str]:
    """GET /_ping (unversioned, as the docker CLI negotiates); its headers, or an APIError."""
    api = client.api
    response = api._get(api.base_url + "/_ping")
    api._raise_for_status(response)
    return {k: v for k, v in response.headers.items()}


def engine_from_server_header(server: str) -> tuple[str, str] | None:
    """("Docker Engine", "20.10.24") from "Docker/20.10.24 (linux)"; podman says "Libpod/4.3.1"."""
    product, _, rest = server.partition("/")
    version = rest.split(" ", 1)[0]
    if not version:
        return None
    if product.lower() == "docker":
        return "Docker Engine", version
    if product.lower() == "libpod":
        return "Podman Engine", version
    return None


def _is_tls_failure(exc: BaseException | None) -> bool:
    import requests

    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, requests.exceptions.SSLError) or "SSL" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _tls_message(endpoint: Endpoint, exc: Exception) -> str:
    text = str(exc)
    ca = endpoint.tls.ca if endpoint.tls is not None else None
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return (
            f"TLS: the engine at {endpoint.url} presented a certificate that "
            f"{'the CA in ' + ca if ca else 'no trusted CA'} did not sign "
            "(certificate verify failed); check DOCKER_CERT_PATH / the context's ca.pem"
        )
    return f"TLS handshake with {endpoint.url} failed: {text}"
