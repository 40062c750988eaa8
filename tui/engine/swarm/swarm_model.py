"""Swarm objects as the UI sees them: nodes, services, tasks. Every str is already safe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text

STACK_LABEL = "com.docker.stack.namespace"


@dataclass(frozen=True)
class SwarmState:
    """Where the connected engine stands in a swarm."""

    local_state: str  # inactive | pending | active | error | locked
    is_manager: bool
    node_id: str
    nodes: int = 0
    managers: int = 0
    error: str = ""

    @property
    def usable(self) -> bool:
        return self.local_state == "active" and self.is_manager

    @classmethod
    def from_info(cls, info: dict[str, Any]) -> SwarmState:
        swarm = info.get("Swarm") or {}
        return cls(
            local_state=clean_text(swarm.get("LocalNodeState") or "inactive"),
            is_manager=bool(swarm.get("ControlAvailable")),
            node_id=clean_text(swarm.get("NodeID") or ""),
            nodes=int(swarm.get("Nodes") or 0),
            managers=int(swarm.get("Managers") or 0),
            error=clean_text(swarm.get("Error") or ""),
        )


@dataclass(frozen=True)
class Node:
    id: str
    hostname: str
    role: str  # manager | worker
    availability: str  # active | pause | drain
    state: str  # ready | down | unknown | disconnected
    engine_version: str
    cpus: float
    memory: int
    leader: bool
    manager_reachability: str

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> Node:
        spec = raw.get("Spec") or {}
        desc = raw.get("Description") or {}
        res = desc.get("Resources") or {}
        manager = raw.get("ManagerStatus") or {}
        return cls(
            id=clean_text(raw.get("ID", "")),
            hostname=clean_text(desc.get("Hostname", "")),
            role=clean_text(spec.get("Role", "")),
            availability=clean_text(spec.get("Availability", "")),
            state=clean_text((raw.get("Status") or {}).get("State", "")),
            engine_version=clean_text((desc.get("Engine") or {}).get("EngineVersion", "")),
            cpus=(res.get("NanoCPUs") or 0) / 1e9,
            memory=int(res.get("MemoryBytes") or 0),
            leader=bool(manager.get("Leader")),
            manager_reachability=clean_text(manager.get("Reachability", "")),
        )


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    mode: str  # replicated | global
    desired: int | None  # None for global services
    running: int
    image: str
    ports: str
    update_state: str  # "" | updating | paused | completed | rollback_started | ...
    stack: str
    version: int

    @property
    def replicas_label(self) -> str:
        desired = "global" if self.desired is None else str(self.desired)
        return f"{self.running}/{desired}"

    @classmethod
    def from_api(cls, raw: dict[str, Any], running: int) -> Service:
        spec = raw.get("Spec") or {}
        mode = spec.get("Mode") or {}
        replicated = mode.get("Replicated")
        image = ((spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}).get("Image", "")
        image = image.split("@", 1)[0]  # drop the digest pin the engine adds
        ports = ", ".join(
            f"{p.get('PublishedPort', '')}->{p.get('TargetPort', '')}/{p.get('Protocol', 'tcp')}"
            for p in ((raw.get("Endpoint") or {}).get("Ports") or [])
        )
        labels = spec.get("Labels") or {}
        return cls(
            id=clean_text(raw.get("ID", "")),
            name=clean_text(spec.get("Name", "")),
            mode="replicated" if replicated is not None else "global",
            desired=int(replicated.get("Replicas") or 0) if replicated is not None else None,
            running=running,
            image=clean_text(image),
            ports=clean_text(ports),
            update_state=clean_text((raw.get("UpdateStatus") or {}).get("State", "")),
            stack=clean_text(labels.get(STACK_LABEL, "")),
            version=int((raw.get("Version") or {}).get("Index") or 0),
        )


@dataclass(frozen=True)
class Task:
    id: str
    service_id: str
    slot: int | None
    node_id: str
    desired_state: str
    state: str
    error: str
    message: str
    container_id: str
    updated: datetime | None

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> Task:
        status = raw.get("Status") or {}
        return cls(
            id=clean_text(raw.get("ID", "")),
            service_id=clean_text(raw.get("ServiceID", "")),
            slot=raw.get("Slot"),
            node_id=clean_text(raw.get("NodeID", "")),
            desired_state=clean_text(raw.get("DesiredState", "")),
            state=clean_text(status.get("State", "")),
            error=clean_text(status.get("Err", "")),
            message=clean_text(status.get("Message", "")),
            container_id=clean_text((status.get("ContainerStatus") or {}).get("ContainerID", "")),
            updated=parse_time(status.get("Timestamp") or raw.get("UpdatedAt")),
        )
