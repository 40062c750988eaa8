"""The fields a custom command's template may use, taken from the objects the lists show."""

from __future__ import annotations

from tui.engine.core.model import Container

PROJECT_LABEL = "com.docker.compose.project"
SERVICE_LABEL = "com.docker.compose.service"


def container_fields(container: Container) -> dict[str, str]:
    labels = container.labels or {}
    return {
        "id": container.id,
        "name": container.name,
        "image": container.image,
        "project": labels.get(PROJECT_LABEL, ""),
        "service": labels.get(SERVICE_LABEL, ""),
    }


def image_fields(image_id: str, reference: str) -> dict[str, str]:
    return {"id": image_id, "name": reference, "image": reference}
