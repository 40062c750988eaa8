"""One container's inspect output, made safe, and the rows of the details tabs built from it."""

from __future__ import annotations

from typing import Any

import docker

from tui.engine.core.errors import engine_call
from tui.engine.core.sanitize import clean_text

JsonValue = Any


def clean_json(value: JsonValue) -> JsonValue:
    """Every string (keys too) of an engine JSON document through clean_text."""
    if isinstance(value, dict):
        return {clean_text(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, str):
        return clean_text(value)
    return value


def inspect_container(client: docker.DockerClient, container_id: str) -> dict[str, Any]:
    """The full inspect document, every string made safe."""
    with engine_call():
        raw = client.api.inspect_container(container_id)
    return clean_json(raw)


def env_pairs(info: dict[str, Any]) -> list[tuple[str, str]]:
    """Config.Env as (name, value) pairs, in the engine's order."""
    pairs: list[tuple[str, str]] = []
    for item in (info.get("Config") or {}).get("Env") or []:
        name, _, value = str(item).partition("=")
        pairs.append((name, value))
    return pairs


PUBLISHED = "published"
REQUESTED = "requested"  # a stopped container: published when it starts
NOT_PUBLISHED = "requested, not published"  # running, yet the engine publishes nothing
EXPOSED = "exposed"


def port_rows(info: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(container port, host ip, host port, state) per mapping, as the engine has it.

    A running container's NetworkSettings.Ports is what the engine publishes; a request
    (HostConfig.PortBindings) it does not publish (an engine without a bridge stores `-p`
    and ignores it) says so instead of passing for published. A stopped container has
    only its requests; exposed-only ports have no host side.
    """
    running = bool((info.get("State") or {}).get("Running"))
    published = ((info.get("NetworkSettings") or {}).get("Ports") or {}) if running else {}
    requested = (info.get("HostConfig") or {}).get("PortBindings") or {}
    exposed = (info.get("Config") or {}).get("ExposedPorts") or {}
    specs = {*published, *requested, *exposed}
    rows: list[tuple[str, str, str, str]] = []
    for private in sorted(specs, key=_port_sort):
        if published.get(private):
            bindings, state = published[private], PUBLISHED
        elif requested.get(private):
            bindings, state = requested[private], NOT_PUBLISHED if running else REQUESTED
        else:
            rows.append((private, "", "", EXPOSED))
            continue
        for public in bindings:
            host_ip, host_port = public.get("HostIp") or "", public.get("HostPort") or ""
            rows.append((private, host_ip, host_port, state))
    return rows


def _port_sort(spec: str) -> tuple[int, str]:
    number, _, proto = spec.partition("/")
    return (int(number) if number.isdigit() else 0, proto)


def mount_rows(info: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(type, source or volume name, destination, mode) per mount."""
    rows = []
    for mount in info.get("Mounts") or []:
        kind = mount.get("Type") or ""
        source = mount.get("Name") if kind == "volume" else mount.get("Source")
        mode = "rw" if mount.get("RW", True) else "ro"
        rows.append((kind, source or "", mount.get("Destination") or "", mode))
    return rows


def network_rows(info: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(network, IPv4 address, gateway, MAC) per network the container is on."""
    networks = (info.get("NetworkSettings") or {}).get("Networks") or {}
    rows = []
    for name, net in sorted(networks.items()):
        net = net or {}
        address = net.get("IPAddress") or ""
        if address and net.get("IPPrefixLen"):
            address = f"{address}/{net['IPPrefixLen']}"
        rows.append((name, address, net.get("Gateway") or "", net.get("MacAddress") or ""))
    return rows


def top(client: docker.DockerClient, container_id: str) -> tuple[list[str], list[list[str]]]:
    """The process list (titles, rows) of a running container, as `docker top` shows it."""
    with engine_call():
        raw = client.api.top(container_id)
    titles = [clean_text(t) for t in raw.get("Titles") or []]
    rows = [[clean_text(cell) for cell in row] for row in raw.get("Processes") or []]
    return titles, rows
