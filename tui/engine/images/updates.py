"""Is a newer image waiting? For the images running containers use, ask their registry for the
tag's current digest (a manifest HEAD: not a pull, and not counted as one by Docker Hub) with
the stored login, and compare it with the digests of the image the container runs.

A container whose image was never pulled from or pushed to a registry (no RepoDigests), or that
runs an image by digest, has no answer (None). A registry that cannot be reached is an answer
with an error, never an exception: one registry down does not hide the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.model import Container
from tui.engine.core.sanitize import clean_text

if TYPE_CHECKING:
    import docker

MANIFEST_TYPES = ", ".join(
    (
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
    )
)
HUB_API = "registry-1.docker.io"


@dataclass(frozen=True)
class ImageUpdate:
    container_id: str
    reference: str  # what the container was started from, e.g. registry:5000/app:v1
    local: tuple[str, ...]  # the digests of the image it runs
    remote: str = ""  # the registry's digest of the tag now
    error: str = ""

    @property
    def available(self) -> bool:
        return bool(self.remote) and self.remote not in self.local


def split_reference(reference: str) -> tuple[str, str, str] | None:
    """(registry, repository, tag); None for a reference by digest or an image id."""
    import docker.auth  # docker-py: not before the first frame

    if "@" in reference or reference.startswith("sha256:"):
        return None
    registry, name = docker.auth.resolve_repository_name(reference)
    repository, tag = name, "latest"
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        repository, _, tag = name.rpartition(":")
    if registry in ("docker.io", "index.docker.io"):
        registry = HUB_API
        if "/" not in repository:
            repository = f"library/{repository}"
    return registry, repository, tag


def remote_digest(reference: str) -> str:
    """The tag's digest in its registry now (a manifest HEAD). EngineError when it cannot say."""
    import requests

    from tui.engine.images.registry_search import _Registry

    parts = split_reference(reference)
    if parts is None:
        raise EngineError(f"{clean_text(reference)} is pinned to a digest")
    registry, repository, tag = parts
    with requests.Session() as session, engine_call():
        reg = _Registry(registry, session)
        response = reg.get(
            f"/v2/{repository}/manifests/{tag}", method="HEAD", headers={"Accept": MANIFEST_TYPES}
        )
    if response.status_code == 401:
        raise EngineError(f"{clean_text(registry)} wants a login (images pane: g)")
    if response.status_code == 404:
        raise EngineError(f"{clean_text(reference)} is no longer in its registry")
    if response.status_code != 200:
        raise EngineError(f"{clean_text(registry)} answered HTTP {response.status_code}")
    digest = response.headers.get("Docker-Content-Digest", "")
    if not digest:
        raise EngineError(f"{clean_text(registry)} did not say the manifest's digest")
    return clean_text(digest)


def _local_digests(image: dict[str, Any], reference: str) -> tuple[str, ...]:
    parts = split_reference(reference)
    wanted = (
        reference.rsplit(":", 1)[0] if parts and ":" in reference.rsplit("/", 1)[-1] else reference
    )
    digests = []
    for entry in image.get("RepoDigests") or []:
        repo, _, digest = str(entry).partition("@")
        if repo == wanted or repo.endswith("/" + wanted) or wanted.endswith("/" + repo):
            digests.append(digest)
    return tuple(digests)


def check_updates(
    client: docker.DockerClient, containers: Iterable[Container]
) -> list[ImageUpdate]:
    """One answer per running container that has one (each registry tag asked once)."""
    remote: dict[str, tuple[str, str]] = {}
    images: dict[str, dict[str, Any]] = {}
    answers = []
    for container in containers:
        if container.state != "running":
            continue
        try:
            with engine_call():
                info = client.api.inspect_container(container.id)
                image_id = info.get("Image") or ""
                if image_id not in images:
                    images[image_id] = client.api.inspect_image(image_id)
        except EngineError:
            continue  # gone meanwhile
        # what it was started from (the list shows an id once the tag has moved on)
        reference = str((info.get("Config") or {}).get("Image") or container.image)
        if split_reference(reference) is None:
            continue
        local = _local_digests(images[image_id], reference)
        if not local:
            continue  # built here, never pulled or pushed: nothing to compare
        if reference not in remote:
            try:
                remote[reference] = (remote_digest(reference), "")
            except EngineError as failure:
                remote[reference] = ("", failure.message)
        digest, problem = remote[reference]
        answers.append(ImageUpdate(container.id, clean_text(reference), local, digest, problem))
    return answers


def started_from(client: docker.DockerClient, container_id: str) -> str:
    """The image reference a container was started from (its Config.Image)."""
    with engine_call():
        info = client.api.inspect_container(container_id)
    return str((info.get("Config") or {}).get("Image") or info.get("Image") or "")
