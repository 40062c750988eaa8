"""Create (and start) a container from a form, rename one, wait for one to stop.

The parse_* functions turn what a user types (as on the docker command line) into docker-py
arguments, or raise EngineError with a message that says what is wrong.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

import docker

from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.sanitize import clean_text

RESTART_POLICIES = ("no", "always", "unless-stopped", "on-failure")

PortBindings = dict[str, Any]


def _split(text: str, what: str) -> list[str]:
    try:
        return shlex.split(text.replace(",", " ") if what in ("ports", "volumes") else text)
    except ValueError as exc:
        raise EngineError(f"{what}: {exc}") from exc


def parse_pairs(text: str, what: str) -> dict[str, str]:
    """``A=1 B="two words"`` -> {"A": "1", "B": "two words"} (shell quoting rules)."""
    pairs: dict[str, str] = {}
    for item in _split(text, what):
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise EngineError(f"{what}: {clean_text(item)!r} is not NAME=VALUE")
        pairs[name] = value
    return pairs


def _port_number(text: str, item: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise EngineError(f"ports: {clean_text(item)!r}: {clean_text(text)!r} is not a port number")
    return int(text)


def parse_ports(text: str) -> PortBindings:
    """`-p` items: ``5000:5000``, ``8080:80/tcp``, ``127.0.0.1:8080:80``, ``80`` (any host port)."""
    ports: PortBindings = {}
    for item in _split(text, "ports"):
        spec, _, proto = item.partition("/")
        proto = proto or "tcp"
        if proto not in ("tcp", "udp", "sctp"):
            raise EngineError(
                f"ports: {clean_text(item)!r}: unknown protocol {clean_text(proto)!r}"
            )
        parts = spec.split(":")
        if len(parts) == 1:
            binding: Any = None
        elif len(parts) == 2:
            binding = _port_number(parts[0], item) if parts[0] else None
        elif len(parts) == 3:
            host = _port_number(parts[1], item) if parts[1] else None
            binding = (parts[0], host) if host else (parts[0],)
        else:
            raise EngineError(f"ports: {clean_text(item)!r} is not [ip:][host:]container[/proto]")
        key = f"{_port_number(parts[-1], item)}/{proto}"
        if key in ports:
            previous = ports[key]
            ports[key] = [*(previous if isinstance(previous, list) else [previous]), binding]
        else:
            ports[key] = binding
    return ports


def parse_volumes(text: str) -> list[str]:
    """`-v` items: ``name:/data``, ``/host/dir:/in/container:ro``."""
    binds: list[str] = []
    for item in _split(text, "volumes"):
        parts = item.split(":")
        if len(parts) not in (2, 3) or not parts[0] or not parts[1].startswith("/"):
            raise EngineError(
                f"volumes: {clean_text(item)!r} is not source:/container/path[:ro|rw]"
            )
        if len(parts) == 3 and not set(parts[2].split(",")) <= {"ro", "rw", "z", "Z"}:
            raise EngineError(
                f"volumes: {clean_text(item)!r}: unknown mode {clean_text(parts[2])!r}"
            )
        binds.append(item)
    return binds


def parse_restart(text: str) -> dict[str, Any] | None:
    """``no`` | ``always`` | ``unless-stopped`` | ``on-failure[:N]``."""
    name, _, count = text.strip().partition(":")
    name = name or "no"
    if name not in RESTART_POLICIES:
        raise EngineError(
            f"restart policy: {clean_text(text)!r} is not one of {', '.join(RESTART_POLICIES)}"
        )
    if name == "no":
        return None
    policy: dict[str, Any] = {"Name": name}
    if count:
        if name != "on-failure" or not count.isdigit():
            raise EngineError(
                f"restart policy: {clean_text(text)!r}: only on-failure:N takes a count"
            )
        policy["MaximumRetryCount"] = int(count)
    return policy


@dataclass
class RunSpec:
    """What the run form holds (the text of each field)."""

    image: str
    name: str = ""
    command: str = ""
    env: str = ""
    ports: str = ""
    volumes: str = ""
    restart: str = "no"
    labels: str = ""
    network: str = ""  # --network (empty: the engine's default bridge)
    auto_remove: bool = False  # --rm: the engine removes it when it stops
    detach: bool = True
    create_only: bool = False
    extra_labels: dict[str, str] = field(default_factory=dict)
    #: more docker-py create arguments kept from a container being recreated (limits, user...)
    extra: dict[str, Any] = field(default_factory=dict)

    def create_kwargs(self) -> dict[str, Any]:
        """docker-py ``containers.create`` keyword arguments; EngineError on a bad field."""
        if not self.image.strip():
            raise EngineError("image: give an image, e.g. busybox:latest")
        kwargs: dict[str, Any] = {
            "image": self.image.strip(),
            "command": _split(self.command, "command") or None,
            "name": self.name.strip() or None,
            "environment": parse_pairs(self.env, "env"),
            "ports": parse_ports(self.ports),
            "volumes": parse_volumes(self.volumes),
            "labels": {**parse_pairs(self.labels, "labels"), **self.extra_labels},
            "detach": True,
        }
        kwargs.update(self.extra)
        restart = parse_restart(self.restart)
        if restart:
            kwargs["restart_policy"] = restart
        network = self.network.strip()
        if network:
            if any(c.isspace() for c in network):
                raise EngineError(f"network: {clean_text(network)!r} is one network name")
            kwargs["network"] = network
        if self.auto_remove:
            if restart:
                raise EngineError("--rm and a restart policy do not go together (as in docker run)")
            kwargs["auto_remove"] = True
        if not self.detach:  # the form attaches afterwards, like `docker run -it`
            kwargs.update(tty=True, stdin_open=True)
        return kwargs


@dataclass(frozen=True)
class Created:
    id: str
    name: str
    started: bool
    attach: bool = False  # run without detach: the UI attaches to it now


def run_container(client: docker.DockerClient, spec: RunSpec) -> Created:
    """`docker create` (+ `docker start` unless create-only)."""
    kwargs = spec.create_kwargs()
    image = kwargs.pop("image")
    with engine_call():
        container = client.containers.create(image, **kwargs)
        if not spec.create_only:
            try:
                container.start()
            except docker.errors.APIError:
                container.remove(force=True)  # `docker run` leaves nothing behind either
                raise
    started = not spec.create_only
    return Created(container.id, clean_text(container.name), started, started and not spec.detach)


def rename_container(client: docker.DockerClient, container_id: str, new_name: str) -> None:
    name = new_name.strip().lstrip("/")
    if not name:
        raise EngineError("give a new name")
    with engine_call():
        client.api.rename(container_id, name)


def wait_container(client: docker.DockerClient, container_id: str) -> int | None:
    """Block until the container stops (no timeout); its exit code."""
    with engine_call():
        result = client.api.wait(container_id, timeout=None)
    code = result.get("StatusCode") if isinstance(result, dict) else None
    return int(code) if code is not None else None
