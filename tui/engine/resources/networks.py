"""Networks: list (with subnets and attached containers), create, connect, disconnect, remove."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import docker

from tui.engine.core.errors import Conflict, EngineError, engine_call
from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text

#: Networks the engine makes itself and never removes or prunes.
PREDEFINED = frozenset({"bridge", "host", "none", "default", "ingress", "docker_gwbridge"})


@dataclass(frozen=True)
class Network:
    id: str
    name: str
    driver: str
    scope: str
    subnets: tuple[str, ...] = ()
    gateways: tuple[str, ...] = ()
    internal: bool = False
    created: datetime | None = None
    labels: dict[str, str] = field(default_factory=dict)
    containers: tuple[str, ...] = ()  # names of containers configured on it (running or not)

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def predefined(self) -> bool:
        return self.name in PREDEFINED

    @classmethod
    def from_api(cls, raw: dict[str, Any], containers: tuple[str, ...] = ()) -> Network:
        configs = (raw.get("IPAM") or {}).get("Config") or []
        return cls(
            id=str(raw.get("Id", "")),
            name=clean_text(raw.get("Name", "")),
            driver=clean_text(raw.get("Driver", "")),
            scope=clean_text(raw.get("Scope", "")),
            subnets=tuple(clean_text(c["Subnet"]) for c in configs if c.get("Subnet")),
            gateways=tuple(clean_text(c["Gateway"]) for c in configs if c.get("Gateway")),
            internal=bool(raw.get("Internal")),
            created=parse_time(raw.get("Created")),
            labels={clean_text(k): clean_text(v) for k, v in (raw.get("Labels") or {}).items()},
            containers=containers,
        )


def network_members(containers: list[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    """Network id -> names of the containers configured on it, from one /containers/json."""
    members: dict[str, list[str]] = {}
    for container in containers:
        names = container.get("Names") or ["/" + str(container.get("Id", ""))[:12]]
        name = clean_text(names[0].lstrip("/"))
        networks = (container.get("NetworkSettings") or {}).get("Networks") or {}
        for settings in networks.values():
            network_id = (settings or {}).get("NetworkID")
            if network_id:
                members.setdefault(str(network_id), []).append(name)
    return {key: tuple(sorted(value)) for key, value in members.items()}


def list_networks(client: docker.DockerClient) -> list[Network]:
    """Every network with its containers: two calls, no per-network inspect."""
    with engine_call():
        raw = client.api.networks()
        containers = client.api.containers(all=True)
    members = network_members(containers)
    return [Network.from_api(item, members.get(item.get("Id", ""), ())) for item in raw]


def inspect_network(client: docker.DockerClient, network_id: str) -> dict[str, Any]:
    with engine_call():
        return client.api.inspect_network(network_id)


#: Engine reasons that are terse, with what they mean for the user.
PLAIN_REASONS = (
    ("Pool overlaps with other one", "the subnet overlaps the subnet of another network"),
    ("invalid CIDR address", "the subnet does not parse as an address range (e.g. 10.42.0.0/16)"),
    ("Requested address is out of range", "the gateway is not inside the subnet"),
    ("already exists", "that name is already taken"),
    ("has active endpoints", "running containers are still attached"),
)


def plain(error: EngineError, what: str) -> EngineError:
    """The engine's reason, said plainly: ``what: meaning (engine: reason)``."""
    for needle, meaning in PLAIN_REASONS:
        if needle.lower() in error.message.lower():
            return type(error)(f"{what}: {meaning} (engine: {error.message})")
    return type(error)(f"{what}: {error.message}")


def create_network(
    client: docker.DockerClient,
    name: str,
    driver: str = "bridge",
    subnet: str = "",
    gateway: str = "",
    labels: dict[str, str] | None = None,
) -> str:
    """Create a network; returns its id. Taken names, bad or overlapping subnets are refused."""
    name, subnet, gateway = name.strip(), subnet.strip(), gateway.strip()
    if not name:
        raise EngineError("a network needs a name")
    if gateway and not subnet:
        raise EngineError(f"could not create network {name}: a gateway needs a subnet")
    ipam = None
    if subnet:
        pool = docker.types.IPAMPool(subnet=subnet, gateway=gateway or None)
        ipam = docker.types.IPAMConfig(pool_configs=[pool])
    try:
        with engine_call():
            raw = client.api.create_network(
                name, driver=driver or "bridge", ipam=ipam, labels=labels, check_duplicate=True
            )
    except EngineError as error:
        raise plain(error, f"could not create network {name}") from error
    return str(raw.get("Id", ""))


def remove_network(client: docker.DockerClient, network_id: str) -> None:
    """Remove a network; refused, naming them, while running containers are attached."""
    with engine_call():
        raw = client.api.inspect_network(network_id)
    attached = sorted(
        clean_text(c.get("Name") or key[:12]) for key, c in (raw.get("Containers") or {}).items()
    )
    name = clean_text(raw.get("Name", network_id[:12]))
    if attached:
        raise Conflict(f"network {name} is in use by {', '.join(attached)}")
    if name in PREDEFINED:
        raise Conflict(f"{name} is one of the engine's own networks and cannot be removed")
    try:
        with engine_call():
            client.api.remove_network(network_id)
    except EngineError as error:
        raise plain(error, f"could not remove network {name}") from error


def connect(client: docker.DockerClient, network_id: str, container_id: str) -> None:
    try:
        with engine_call():
            client.api.connect_container_to_network(container_id, network_id)
    except EngineError as error:
        raise plain(error, "could not connect") from error


def disconnect(client: docker.DockerClient, network_id: str, container_id: str) -> None:
    try:
        with engine_call():
            client.api.disconnect_container_from_network(container_id, network_id)
    except EngineError as error:
        raise plain(error, "could not disconnect") from error


@dataclass(frozen=True)
class ContainerChoice:
    """A container offered for connect/disconnect."""

    id: str
    name: str
    state: str
    networks: tuple[str, ...]  # ids of the networks it is configured on


def container_choices(client: docker.DockerClient) -> list[ContainerChoice]:
    with engine_call():
        raw = client.api.containers(all=True)
    choices = []
    for item in raw:
        names = item.get("Names") or ["/" + str(item.get("Id", ""))[:12]]
        networks = (item.get("NetworkSettings") or {}).get("Networks") or {}
        choices.append(
            ContainerChoice(
                id=str(item.get("Id", "")),
                name=clean_text(names[0].lstrip("/")),
                state=clean_text(item.get("State", "")),
                networks=tuple(
                    str(s["NetworkID"]) for s in networks.values() if s and s.get("NetworkID")
                ),
            )
        )
    return sorted(choices, key=lambda c: c.name)
