"""Recreate a container with changes: the run form filled from its own configuration, then the
old one replaced under the same name, its anonymous volumes kept, put back if the new one fails.

Values the image already gives (its env, labels, command) are left out of the form, so that a
newer image's own defaults apply after an update.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, replace
from typing import Any

import docker

from tui.engine.containers.run import RunSpec
from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.sanitize import clean_text

ANONYMOUS = re.compile(r"^[0-9a-f]{64}$")
OLD_SUFFIX = "-dockpit-old"
#: HostConfig / Config fields kept as they are (docker-py create argument <- inspect field)
KEPT_HOST = {
    "nano_cpus": "NanoCpus",
    "cpu_shares": "CpuShares",
    "cpuset_cpus": "CpusetCpus",
    "mem_limit": "Memory",
    "memswap_limit": "MemorySwap",
    "pids_limit": "PidsLimit",
    "privileged": "Privileged",
    "cap_add": "CapAdd",
    "cap_drop": "CapDrop",
    "extra_hosts": "ExtraHosts",
    "dns": "Dns",
}
KEPT_CONFIG: dict[str, str] = {
    "user": "User",
    "working_dir": "WorkingDir",
    "tty": "Tty",
    "stdin_open": "OpenStdin",
}


@dataclass(frozen=True)
class Recreated:
    id: str
    name: str
    old_id: str


def _join(items: list[str]) -> str:
    return " ".join(shlex.quote(i) for i in items)


def spec_from_inspect(info: dict[str, Any], image_config: dict[str, Any] | None = None) -> RunSpec:
    """The run form's values for a container (made safe for display; the image's own env,
    labels and command left out when ``image_config`` is given)."""
    config = info.get("Config") or {}
    host = info.get("HostConfig") or {}
    image_config = image_config or {}
    image_env = set(image_config.get("Env") or [])
    env = [e for e in config.get("Env") or [] if e not in image_env]
    image_labels = image_config.get("Labels") or {}
    labels = {k: v for k, v in (config.get("Labels") or {}).items() if image_labels.get(k) != v}
    cmd = config.get("Cmd") or []
    if cmd == (image_config.get("Cmd") or []):
        cmd = []
    ports = []
    for key, bindings in (host.get("PortBindings") or {}).items():
        port, _, proto = key.partition("/")
        suffix = "" if proto in ("", "tcp") else f"/{proto}"
        for b in bindings or [{}]:
            ip, hport = (b or {}).get("HostIp") or "", (b or {}).get("HostPort") or ""
            if ip:
                ports.append(f"{ip}:{hport}:{port}{suffix}")
            else:
                ports.append(f"{hport}:{port}{suffix}" if hport else f"{port}{suffix}")
    volumes = list(host.get("Binds") or [])
    bound = {b.split(":")[1] for b in volumes if ":" in b}
    for mount in info.get("Mounts") or []:
        if mount.get("Type") == "volume" and mount.get("Destination") not in bound:
            mode = "" if mount.get("RW", True) else ":ro"
            volumes.append(f"{mount['Name']}:{mount['Destination']}{mode}")
    policy = host.get("RestartPolicy") or {}
    restart = policy.get("Name") or "no"
    if restart == "on-failure" and policy.get("MaximumRetryCount"):
        restart += f":{policy['MaximumRetryCount']}"
    network = host.get("NetworkMode") or ""
    extra: dict[str, Any] = {}
    for arg, key in KEPT_HOST.items():
        if host.get(key):
            extra[arg] = host[key]
    for arg, key in KEPT_CONFIG.items():
        if config.get(key):
            extra[arg] = config[key]
    if config.get("Entrypoint") and config.get("Entrypoint") != image_config.get("Entrypoint"):
        extra["entrypoint"] = config["Entrypoint"]
    return RunSpec(
        image=clean_text(config.get("Image") or info.get("Image") or ""),
        name=clean_text(str(info.get("Name", "")).lstrip("/")),
        command=clean_text(_join(cmd)),
        env=clean_text(_join(env)),
        ports=clean_text(" ".join(ports)),
        volumes=clean_text(" ".join(volumes)),
        restart=restart,
        labels=clean_text(_join([f"{k}={v}" for k, v in labels.items()])),
        network="" if network in ("default", "bridge") else clean_text(network),
        extra=extra,
    )


def spec_of(client: docker.DockerClient, container_id: str) -> RunSpec:
    with engine_call():
        info = client.api.inspect_container(container_id)
        try:
            image = client.api.inspect_image(info.get("Image") or "")
        except docker.errors.NotFound:
            image = {}
    return spec_from_inspect(info, image.get("Config") or {})


def recreate(client: docker.DockerClient, container_id: str, spec: RunSpec) -> Recreated:
    """Rename the old one aside, create the new one under the name, stop the old, start the
    new; remove the old (never its volumes). A failure puts the old one back as it was."""
    with engine_call():
        info = client.api.inspect_container(container_id)
    name = str(info.get("Name", "")).lstrip("/")
    was_running = bool((info.get("State") or {}).get("Running"))
    spec = replace(spec, name=spec.name.strip() or name, create_only=True, detach=True)
    kwargs = spec.create_kwargs()  # a bad field: nothing has been touched yet
    image = kwargs.pop("image")
    aside = f"{name}{OLD_SUFFIX}"
    with engine_call():
        client.api.rename(container_id, aside)
    new = None
    try:
        with engine_call():
            new = client.containers.create(image, **kwargs)
            if was_running:
                client.api.stop(container_id)
            new.start()
    except EngineError as error:
        _put_back(client, container_id, name, was_running, new)
        raise EngineError(
            f"the new {spec.name} did not start: {error.message}; the old one is back"
        ) from error
    with engine_call():
        client.api.remove_container(container_id, v=False, force=True)
    return Recreated(new.id, clean_text(spec.name), container_id)


def _put_back(
    client: docker.DockerClient, old_id: str, name: str, was_running: bool, new: Any
) -> None:
    try:
        if new is not None:
            client.api.remove_container(new.id, force=True, v=False)
        client.api.rename(old_id, name)
        if was_running:
            client.api.start(old_id)
    except Exception:  # noqa: BLE001 - the first failure is what the user needs to read
        pass
