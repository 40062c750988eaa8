"""Compose command lines, built for the user's own compose (`docker compose` or `docker-compose`).

Pure: which compose to run is found by ``tui.engine.compose.runner.find_compose``; here only
argv lists are made. Every value is one argv item (never a shell string), so a hostile
project or service name cannot inject anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.engine.compose.projects import ComposeProject

#: Project actions and the compose subcommand (with fixed options) each runs.
ACTIONS: dict[str, tuple[str, ...]] = {
    "up": ("up", "-d"),
    "up_build": ("up", "-d", "--build"),
    "recreate": ("up", "-d", "--force-recreate"),
    "down": ("down",),
    "down_volumes": ("down", "--volumes"),
    "stop": ("stop",),
    "start": ("start",),
    "restart": ("restart",),
    "pull": ("pull",),
    "build": ("build",),
    "config_hash": ("config", "--hash", "*"),
    "config_volumes": ("config", "--volumes"),
}
#: Actions that change the engine (refused in read-only mode).
CHANGING = frozenset(ACTIONS) - {"config_hash", "config_volumes"}
#: Actions that take a list of services (the others act on the whole project).
PER_SERVICE = frozenset({"up", "up_build", "recreate", "stop", "start", "restart", "pull", "build"})


@dataclass(frozen=True)
class Compose:
    """The compose the user has: ``("docker", "compose")`` (v2) or ``("docker-compose",)``."""

    argv: tuple[str, ...]
    version: str = ""

    @property
    def is_v2(self) -> bool:
        return self.argv[-1] == "compose" and len(self.argv) == 2

    @property
    def label(self) -> str:
        return " ".join(self.argv) + (f" {self.version}" if self.version else "")


@dataclass(frozen=True)
class Options:
    profiles: tuple[str, ...] = ()
    env_file: str | None = None


def project_argv(
    compose: Compose, project: ComposeProject, options: Options = Options()
) -> list[str]:
    """The compose command for ``project`` from any folder: folder, files and name explicit."""
    argv = list(compose.argv)
    if project.working_dir:
        argv += ["--project-directory", project.working_dir]
    for config_file in project.config_files:
        argv += ["-f", config_file]
    argv += ["-p", project.name]
    for profile in options.profiles:
        argv += ["--profile", profile]
    env_file = options.env_file or (project.env_files[0] if project.env_files else None)
    if env_file:
        argv += ["--env-file", env_file]
    return argv


def action_argv(
    compose: Compose,
    project: ComposeProject,
    action: str,
    services: Sequence[str] = (),
    options: Options = Options(),
) -> list[str]:
    """The whole command for ``action`` on ``project`` (optionally some of its services)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown compose action: {action}")
    argv = [*project_argv(compose, project, options), *ACTIONS[action]]
    if services:
        if action not in PER_SERVICE:
            raise ValueError(f"{action} acts on the whole project, not on services")
        if action == "recreate":
            argv.append("--no-deps")
        argv += ["--", *services] if compose.is_v2 else list(services)
    return argv


def parse_hashes(output: str) -> dict[str, str]:
    """``config --hash '*'`` output ("service hash" per line) -> {service: hash}."""
    hashes = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2:
            hashes[parts[0]] = parts[1]
    return hashes


def drifted(project: ComposeProject, hashes: dict[str, str]) -> list[str]:
    """Services whose containers were made from another configuration than the files hold.

    A service in the files with no container is not drift (it was never created); a running
    service the files no longer define is (it would be removed as an orphan).
    """
    out = []
    for service in project.services:
        wanted = hashes.get(service.name)
        if wanted is None or (service.config_hash and service.config_hash != wanted):
            out.append(service.name)
        elif not service.config_hash and service.containers:
            out.append(service.name)  # containers disagree among themselves
    return out
