"""The engine's own description of itself (/info, /version) and the client side of the link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import docker

from tui import __version__
from tui.engine.core.errors import engine_call
from tui.engine.core.sanitize import clean_text


@dataclass(frozen=True)
class EngineReport:
    name: str
    version: str
    api_version: str
    min_api_version: str
    os: str
    os_type: str
    architecture: str
    kernel: str
    storage_driver: str
    cgroup_driver: str
    cgroup_version: str
    cpus: int
    memory: int
    root_dir: str
    containers: int
    running: int
    paused: int
    stopped: int
    images: int
    warnings: tuple[str, ...]
    # The client side
    client_api_version: str  # negotiated
    docker_py_version: str
    dockpit_version: str

    @classmethod
    def from_api(
        cls, info: dict[str, Any], version: dict[str, Any], negotiated: str, dockpit: str
    ) -> EngineReport:
        def text(source: dict[str, Any], key: str) -> str:
            return clean_text(source.get(key) or "")

        return cls(
            name=text(info, "Name"),
            version=text(version, "Version") or text(info, "ServerVersion"),
            api_version=text(version, "ApiVersion"),
            min_api_version=text(version, "MinAPIVersion"),
            os=text(info, "OperatingSystem"),
            os_type=text(info, "OSType"),
            architecture=text(info, "Architecture"),
            kernel=text(info, "KernelVersion"),
            storage_driver=text(info, "Driver"),
            cgroup_driver=text(info, "CgroupDriver"),
            cgroup_version=text(info, "CgroupVersion"),
            cpus=int(info.get("NCPU") or 0),
            memory=int(info.get("MemTotal") or 0),
            root_dir=text(info, "DockerRootDir"),
            containers=int(info.get("Containers") or 0),
            running=int(info.get("ContainersRunning") or 0),
            paused=int(info.get("ContainersPaused") or 0),
            stopped=int(info.get("ContainersStopped") or 0),
            images=int(info.get("Images") or 0),
            warnings=tuple(clean_text(w) for w in (info.get("Warnings") or ())),
            client_api_version=clean_text(negotiated),
            docker_py_version=clean_text(docker.__version__),
            dockpit_version=clean_text(dockpit),
        )


def read_engine_report(client: docker.DockerClient) -> EngineReport:
    with engine_call():
        info = client.api.info()
        version = client.api.version()
    return EngineReport.from_api(info, version, str(client.api.api_version), __version__)
