"""A missing endpoint (podman's compatible API) is told from a missing object by the 404's
text and named by its path; real answers recorded from podman 4.3.1 and dockerd 20.10."""

from __future__ import annotations

import docker.errors
import pytest
import requests

from tui.engine.core.errors import NotFound, Unsupported, translate


def not_found(method: str, url: str, body: str) -> docker.errors.NotFound:
    response = requests.Response()
    response.status_code = 404
    response._content = body.encode()
    response.request = requests.Request(method, url).prepare()
    return docker.errors.NotFound("404 Client Error", response=response, explanation=body)


@pytest.mark.parametrize(
    ("method", "path", "body", "feature"),
    [
        ("GET", "/v1.41/nodes", "Not Found", "swarm nodes"),
        ("POST", "/v1.41/build/prune?all=1", "Not Found", "the build cache"),
        ("GET", "/v1.41/plugins", "Path /v1.41/plugins is not supported", "plugins"),
        ("GET", "/v1.41/nowhere", "page not found", "GET /nowhere"),
    ],
)
def test_missing_routes_name_the_feature(method, path, body, feature):
    error = translate(not_found(method, f"http+docker://localhost{path}", body))
    assert isinstance(error, Unsupported)
    assert error.message.startswith(f"{feature} is not supported by this engine")
    assert path.split("?")[0].removeprefix("/v1.41") in error.message


@pytest.mark.parametrize(
    "body",
    ["No such container: abc", 'no container with name or ID "abc" found: no such container'],
)
def test_missing_objects_stay_not_found(body):
    error = translate(not_found("GET", "http+docker://localhost/v1.41/containers/abc/json", body))
    assert isinstance(error, NotFound) and not isinstance(error, Unsupported)
