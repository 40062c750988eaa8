"""Compose projects as the engine knows them (container labels) and as folders hold them.

Pure: no I/O except ``projects_in_folders``, which only looks for compose files by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tui.engine.core.model import Container

LABEL = "com.docker.compose."
PROJECT = LABEL + "project"
SERVICE = LABEL + "service"
WORKING_DIR = LABEL + "project.working_dir"
CONFIG_FILES = LABEL + "project.config_files"
ENV_FILE = LABEL + "project.environment_file"
CONFIG_HASH = LABEL + "config-hash"
ONEOFF = LABEL + "oneoff"

#: The names compose looks for, in its order of preference.
COMPOSE_FILE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")


@dataclass(frozen=True)
class ComposeService:
    name: str
    containers: tuple[Container, ...] = ()
    #: The config-hash label of the service's containers ("" when none or they disagree).
    config_hash: str = ""

    @property
    def running(self) -> int:
        return sum(1 for c in self.containers if c.state == "running")


@dataclass(frozen=True)
class ComposeProject:
    name: str
    working_dir: str = ""
    #: Absolute paths (labels may hold names relative to the working folder).
    config_files: tuple[str, ...] = ()
    env_files: tuple[str, ...] = ()
    services: tuple[ComposeService, ...] = ()
    #: "engine": seen on containers; "folder": only a compose file on disk (never ran here).
    source: str = "engine"
    oneoff: tuple[Container, ...] = field(default=())

    @property
    def containers(self) -> tuple[Container, ...]:
        return tuple(c for s in self.services for c in s.containers)

    @property
    def running(self) -> int:
        return sum(s.running for s in self.services)

    @property
    def total(self) -> int:
        return len(self.containers)

    @property
    def state(self) -> str:
        if not self.total:
            return "not created"
        if self.running == self.total:
            return f"running {self.running}/{self.total}"
        if self.running == 0:
            return f"stopped 0/{self.total}"
        return f"partly {self.running}/{self.total}"

    def service(self, name: str) -> ComposeService | None:
        return next((s for s in self.services if s.name == name), None)


def _split_paths(value: str, working_dir: str) -> tuple[str, ...]:
    out = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        path = PurePosixPath(part)
        if not path.is_absolute() and working_dir:
            path = PurePosixPath(working_dir) / path
        out.append(str(path))
    return tuple(out)


def projects_from_containers(containers: Iterable[Container]) -> list[ComposeProject]:
    """Every compose project the containers' labels name (stopped containers included)."""
    by_project: dict[str, list[Container]] = {}
    for container in containers:
        name = container.labels.get(PROJECT)
        if name:
            by_project.setdefault(name, []).append(container)
    projects = []
    for name, members in by_project.items():
        regular = [c for c in members if c.labels.get(ONEOFF, "False") != "True"]
        oneoff = tuple(c for c in members if c.labels.get(ONEOFF, "False") == "True")
        first = (regular or members)[0].labels
        working_dir = first.get(WORKING_DIR, "")
        by_service: dict[str, list[Container]] = {}
        for c in regular:
            by_service.setdefault(c.labels.get(SERVICE, "?"), []).append(c)
        services = []
        for service, found in sorted(by_service.items()):
            found.sort(key=lambda c: c.name)
            hashes = {c.labels.get(CONFIG_HASH, "") for c in found}
            services.append(
                ComposeService(service, tuple(found), hashes.pop() if len(hashes) == 1 else "")
            )
        projects.append(
            ComposeProject(
                name=name,
                working_dir=working_dir,
                config_files=_split_paths(first.get(CONFIG_FILES, ""), working_dir),
                env_files=_split_paths(first.get(ENV_FILE, ""), working_dir),
                services=tuple(services),
                oneoff=oneoff,
            )
        )
    return sorted(projects, key=lambda p: p.name)


def project_name_for(folder: str) -> str:
    """The project name compose gives a folder: its base name, lower case, [a-z0-9_-] only."""
    base = PurePosixPath(folder).name.lower()
    return re.sub(r"[^a-z0-9_-]", "", base)


def compose_file_in(folder: Path) -> Path | None:
    for name in COMPOSE_FILE_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def projects_in_folders(folders: Iterable[Path]) -> list[ComposeProject]:
    """Projects whose compose file is in one of ``folders`` or in a folder right under one."""
    found: dict[str, ComposeProject] = {}
    for folder in folders:
        try:
            candidates = [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]
        except OSError:
            continue
        for candidate in candidates:
            try:
                compose_file = compose_file_in(candidate)
            except OSError:
                continue
            if compose_file is None:
                continue
            resolved = str(candidate.resolve())
            name = project_name_for(resolved)
            if name and name not in found:
                found[name] = ComposeProject(
                    name=name,
                    working_dir=resolved,
                    config_files=(str(compose_file.resolve()),),
                    source="folder",
                )
    return list(found.values())


def merge_projects(
    engine: list[ComposeProject], folders: list[ComposeProject]
) -> list[ComposeProject]:
    """The engine's projects, plus folder projects the engine does not know (by name)."""
    known = {p.name for p in engine}
    return sorted([*engine, *(p for p in folders if p.name not in known)], key=lambda p: p.name)
