"""Endpoints an engine does not have: podman's Docker-compatible API lacks swarm, build cache,
distribution, plugins... It answers them with a bare 404 ("Not Found", or "Path ... is not
supported"), which docker-py raises as NotFound, as if an object were missing. This tells the
two apart and names the feature, so the user reads what is unsupported, not "Not Found".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import docker.errors


#: First path segment (after /vX.Y) -> what a user calls it.
FEATURES = {
    "swarm": "swarm",
    "nodes": "swarm nodes",
    "services": "swarm services",
    "tasks": "swarm tasks",
    "configs": "swarm configs",
    "secrets": "swarm secrets",
    "build": "the build cache",
    "distribution": "registry image lookup (distribution)",
    "plugins": "plugins",
    "session": "BuildKit sessions",
}

#: What a router (not an object lookup) says for a path it has no route for.
ROUTE_MISSING = re.compile(r"^(404 )?(page )?not found$|is not supported", re.IGNORECASE)


def route_path(exc: docker.errors.APIError) -> tuple[str, str] | None:
    """(METHOD, /path without the API version or query) of the failed request."""
    response = getattr(exc, "response", None)
    request = getattr(response, "request", None)
    if request is None or not request.path_url:
        return None
    path = re.sub(r"^/v\d+(\.\d+)?", "", request.path_url.split("?", 1)[0])
    return str(request.method or "GET"), path or "/"


def unsupported_feature(exc: docker.errors.APIError, explanation: str) -> tuple[str, str] | None:
    """(feature, "METHOD /path") when the engine has no such endpoint at all, else None."""
    if exc.status_code != 404 or not ROUTE_MISSING.search(explanation.strip()):
        return None
    where = route_path(exc)
    if where is None:
        return None
    method, path = where
    segment = path.strip("/").split("/", 1)[0]
    feature = FEATURES.get(segment, f"{method} {path}")
    return feature, f"{method} {path}"
