"""Listing images (with the containers that use them), tagging and removing them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import docker

from tui.engine.core.errors import Conflict, EngineError, engine_call
from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text

NONE = "<none>"


@dataclass(frozen=True)
class Image:
    """One image as the images pane shows it. Every str is already safe."""

    id: str  # sha256:...
    repo_tags: tuple[str, ...] = ()
    repo_digests: tuple[str, ...] = ()
    size: int = 0
    shared_size: int | None = None  # None until /system/df told us
    created: datetime | None = None
    parent_id: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    containers: tuple[str, ...] = ()  # names of the containers made from it
    intermediate: bool = False  # untagged, and the parent of another image

    @property
    def short_id(self) -> str:
        return self.id.removeprefix("sha256:")[:12]

    @property
    def dangling(self) -> bool:
        return not self.repo_tags and not self.intermediate

    @property
    def label(self) -> str:
        """The name a user recognises: the first tag, else the short id."""
        return self.repo_tags[0] if self.repo_tags else self.short_id


@dataclass(frozen=True)
class ImageRow:
    """One row of the images pane: an image under one of its tags (or untagged)."""

    key: str
    image: Image
    reference: str  # "repo:tag", or the image id when untagged

    @property
    def repository(self) -> str:
        if not self.image.repo_tags:
            return NONE
        return split_reference(self.reference)[0]

    @property
    def tag(self) -> str:
        if not self.image.repo_tags:
            return NONE
        return split_reference(self.reference)[1]


def split_reference(reference: str) -> tuple[str, str]:
    """'host:5000/a/b:tag' -> ('host:5000/a/b', 'tag'); no tag -> 'latest'; digests kept."""
    if "@" in reference:
        repo, _, digest = reference.partition("@")
        return repo, "@" + digest
    slash = reference.rfind("/")
    colon = reference.rfind(":")
    if colon > slash:
        return reference[:colon], reference[colon + 1 :]
    return reference, "latest"


def _tags(raw: dict[str, Any]) -> tuple[str, ...]:
    tags = [t for t in (raw.get("RepoTags") or []) if t and t != "<none>:<none>"]
    return tuple(clean_text(t) for t in tags)


def build_images(
    raw_images: Iterable[dict[str, Any]],
    raw_containers: Iterable[dict[str, Any]],
    shared_sizes: dict[str, int] | None = None,
) -> list[Image]:
    """Images from GET /images/json?all=1 and /containers/json?all=1 (pure: unit tested)."""
    raw_list = list(raw_images)
    users: dict[str, list[str]] = {}
    for container in raw_containers:
        names = container.get("Names") or []
        name = names[0].lstrip("/") if names else str(container.get("Id", ""))[:12]
        users.setdefault(str(container.get("ImageID", "")), []).append(clean_text(name))
    parents = {str(raw.get("ParentId") or "") for raw in raw_list}
    images = []
    for raw in raw_list:
        image_id = str(raw.get("Id", ""))
        tags = _tags(raw)
        images.append(
            Image(
                id=image_id,
                repo_tags=tags,
                repo_digests=tuple(clean_text(d) for d in (raw.get("RepoDigests") or [])),
                size=int(raw.get("Size") or 0),
                shared_size=(shared_sizes or {}).get(image_id),
                created=parse_time(raw.get("Created")),
                parent_id=str(raw.get("ParentId") or ""),
                labels={clean_text(k): clean_text(v) for k, v in (raw.get("Labels") or {}).items()},
                containers=tuple(sorted(users.get(image_id, []))),
                intermediate=not tags and image_id in parents,
            )
        )
    return images


def image_rows(images: Iterable[Image]) -> list[ImageRow]:
    """One row per tag; an untagged image is one row keyed by its id."""
    rows: list[ImageRow] = []
    for image in images:
        if image.repo_tags:
            rows.extend(ImageRow(f"{image.id}|{tag}", image, tag) for tag in image.repo_tags)
        else:
            rows.append(ImageRow(image.id, image, image.id))
    return rows


def list_images(client: docker.DockerClient) -> list[Image]:
    """Every image (intermediate ones too) and the containers made from each: two calls."""
    with engine_call():
        raw_images = client.api.images(all=True)
        raw_containers = client.api.containers(all=True)
    return build_images(raw_images, raw_containers)


def shared_sizes(client: docker.DockerClient) -> dict[str, int]:
    """SharedSize per image id, from /system/df (the only place the engine computes it).

    It can be slow on big engines: call it from its own worker, after the list is shown.
    """
    with engine_call():
        data = client.api.df()
    return {
        str(raw.get("Id", "")): int(raw.get("SharedSize") or 0)
        for raw in (data.get("Images") or [])
        if (raw.get("SharedSize") or -1) >= 0
    }


def tag_image(client: docker.DockerClient, image: str, reference: str) -> None:
    repository, tag = split_reference(reference.strip())
    if not repository:
        raise EngineError("a tag needs a repository name, e.g. myapp:1.0")
    with engine_call():
        client.api.tag(image, repository, tag)


def containers_using(client: docker.DockerClient, image_id: str) -> list[str]:
    """Names of the containers (running or not) made from exactly this image."""
    with engine_call():
        raw = client.api.containers(all=True)
    return sorted(
        clean_text((c.get("Names") or ["/" + str(c.get("Id", ""))[:12]])[0].lstrip("/"))
        for c in raw
        if c.get("ImageID") == image_id
    )


class ImageInUse(Conflict):
    """The engine refused to remove an image because containers use it."""

    def __init__(self, message: str, containers: list[str]) -> None:
        super().__init__(message)
        self.containers = containers


def remove_image(
    client: docker.DockerClient,
    reference: str,
    image_id: str,
    *,
    force: bool = False,
    noprune: bool = False,
) -> list[str]:
    """Remove (or untag) an image; the lines the engine reports (Untagged:/Deleted:).

    Without force, a reference of an image with other tags only loses that tag. With force
    the image goes with every tag it has (``docker rmi -f <id>``; the engine's force on a
    tag would still untag only that one), even while stopped containers use it.
    When containers still use it the engine answers 409; this raises ImageInUse naming them.
    """
    target = image_id if force and image_id else reference
    try:
        with engine_call():
            result = client.api.remove_image(target, force=force, noprune=noprune)
    except Conflict as error:
        users = containers_using(client, image_id)
        if not users:
            raise
        names = ", ".join(users)
        raise ImageInUse(
            f"{reference} is used by container{'s' if len(users) > 1 else ''} {names}: "
            f"remove {'them' if len(users) > 1 else 'it'} first ({error.message})",
            users,
        ) from error
    lines = []
    for entry in result or []:
        for key, value in entry.items():
            lines.append(clean_text(f"{key}: {value}"))
    return lines
