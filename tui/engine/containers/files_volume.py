"""Browse a volume's files: through a container that mounts it, or a short-lived helper.

A volume has no archive API of its own. When a container mounts it (running ones first),
its files are browsed there, under the mount's destination. Otherwise a helper container
is created from the configured image (``[files] helper_image``, default busybox:latest)
with the volume at /volume; it is never pulled (say so when it is missing) and removed when
the browser closes. In read-only mode the helper mounts the volume read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

import docker

from tui.engine.core.errors import EngineError, NotFound, engine_call, raw_engine_errors
from tui.engine.core.sanitize import clean_text
from tui.engine.core.session import EngineSession

HELPER_LABEL = "dockpit.files-helper"
HELPER_MOUNT = "/volume"
DEFAULT_HELPER_IMAGE = "busybox:latest"


@dataclass(frozen=True)
class VolumeView:
    volume: str
    container_id: str
    container_name: str
    root: str  # where the volume's files are in that container
    helper_image: str = ""  # set when a helper container was made (remove it afterwards)
    running: bool = True

    @property
    def is_helper(self) -> bool:
        return bool(self.helper_image)

    def describe(self) -> str:
        if self.is_helper:
            return (
                f"volume {self.volume} through a helper container from {self.helper_image}"
                f" (at {self.root}; removed when closed)"
            )
        return f"volume {self.volume} through container {self.container_name} (at {self.root})"


def mounting_container(client: docker.DockerClient, volume: str) -> VolumeView | None:
    """A container that mounts ``volume`` (a running one first), or None."""
    with engine_call():
        found = client.api.containers(all=True, filters={"volume": volume})
    found.sort(key=lambda c: c.get("State") != "running")
    for item in found:
        for mount in item.get("Mounts") or []:
            if mount.get("Type") == "volume" and mount.get("Name") == volume:
                name = clean_text(((item.get("Names") or ["?"])[0]).lstrip("/"))
                running = item.get("State") == "running"
                destination = str(mount.get("Destination"))
                return VolumeView(volume, item["Id"], name, destination, running=running)
    return None


def helper_image_present(client: docker.DockerClient, image: str) -> bool:
    with engine_call():
        try:
            client.api.inspect_image(image)
        except docker.errors.ImageNotFound:
            return False
    return True


def open_volume(session: EngineSession, volume: str, helper_image: str) -> VolumeView:
    """Where to browse ``volume``: a mounting container, else a new helper container."""
    client = session.client
    found = mounting_container(client, volume)
    if found is not None:
        return found
    image = helper_image or DEFAULT_HELPER_IMAGE
    if not helper_image_present(client, image):
        raise NotFound(
            f"no container mounts volume {volume}, and the helper image {image} is not on this"
            " engine (it is never pulled): set [files] helper_image to an image that is"
        )
    api = client.api
    mode = "ro" if session.read_only else "rw"
    with engine_call():
        host_config = api.create_host_config(binds={volume: {"bind": HELPER_MOUNT, "mode": mode}})
        made = api.create_container(
            image,
            command=["sleep", "86400"],
            labels={HELPER_LABEL: volume},
            host_config=host_config,
            network_disabled=True,
        )
    try:
        api.start(made["Id"])  # delete needs it running; reading does not
        running = True
    except raw_engine_errors():
        running = False  # an image without sleep: the stopped helper still reads and writes
    return VolumeView(volume, made["Id"], made["Id"][:12], HELPER_MOUNT, image, running)


def close_volume(session: EngineSession, view: VolumeView) -> None:
    """Remove the helper container (a mounting container is left alone)."""
    if not view.is_helper:
        return
    try:
        with engine_call():
            session.client.api.remove_container(view.container_id, force=True)
    except EngineError:
        pass  # gone already, or the engine went away: nothing more to do
