"""Reading and changing a swarm through a manager's API: nodes, services, tasks, logs.

Every change checks what the engine would only discover later (a replica count that is not
a number, an image that does not exist, demoting the last manager) and refuses it with a
clear reason, leaving the service or node as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import docker

from tui.engine.core.errors import Conflict, EngineError, NotFound, Unsupported, engine_call
from tui.engine.core.http_stream import body_reader, close_response
from tui.engine.core.sanitize import clean_log_line
from tui.engine.logs.log_frames import FrameDecoder
from tui.engine.swarm.swarm_model import Node, Service, SwarmState, Task

NOT_IN_SWARM_HELP = (
    "This engine is not part of a swarm.\n\n"
    "Create a single-node swarm on it with:\n"
    "    docker swarm init --advertise-addr <this machine's address>\n"
    "or point dockpit at a swarm manager (--host / docker context).\n\n"
    "dockpit reads a swarm through a manager's API, so on a multi-node swarm it shows every\n"
    "node, service and task as long as it is connected to one of the managers."
)

AVAILABILITIES = ("active", "pause", "drain")


def swarm_state(client: docker.DockerClient) -> SwarmState:
    """Raises Unsupported for an engine without a swarm API at all (podman says "inactive")."""
    with engine_call():
        state = SwarmState.from_info(client.api.info())
    if state.local_state == "inactive":
        try:
            with engine_call():
                client.api.inspect_swarm()
        except Unsupported:
            raise
        except EngineError:
            pass  # dockerd: "not a swarm manager", the API is there
    return state


def list_nodes(client: docker.DockerClient) -> list[Node]:
    with engine_call():
        return [Node.from_api(raw) for raw in client.api.nodes()]


def list_tasks(client: docker.DockerClient, service_id: str | None = None) -> list[Task]:
    filters = {"service": service_id} if service_id else None
    with engine_call():
        return [Task.from_api(raw) for raw in client.api.tasks(filters=filters)]


def list_services(client: docker.DockerClient) -> list[Service]:
    """Services with their running task counts (one tasks call for all services)."""
    with engine_call():
        raw_services = client.api.services()
        raw_tasks = client.api.tasks(filters={"desired-state": "running"})
    running = Counter(
        t.get("ServiceID") for t in raw_tasks if (t.get("Status") or {}).get("State") == "running"
    )
    services = [Service.from_api(raw, running.get(raw.get("ID"), 0)) for raw in raw_services]
    return sorted(services, key=lambda s: (s.stack, s.name))


def parse_replicas(text: str) -> int:
    """A replica count typed by the user: a whole number from 0 to 10,000."""
    value = text.strip()
    if not value.isdigit():
        raise ValueError(f"“{value}” is not a number of replicas (a whole number, 0 or more)")
    count = int(value)
    if count > 10_000:
        raise ValueError(f"{count} replicas is more than dockpit will ask for (10,000)")
    return count


def _inspect(client: docker.DockerClient, service_id: str) -> dict[str, Any]:
    with engine_call():
        return client.api.inspect_service(service_id)


def _post_spec(
    client: docker.DockerClient, raw: dict[str, Any], spec: dict[str, Any], rollback: bool = False
) -> None:
    """Send a whole service spec, as the CLI does (the engine checks the version index)."""
    params: dict[str, Any] = {"version": raw["Version"]["Index"]}
    if rollback:
        params["rollback"] = "previous"
    api = client.api
    with engine_call():
        response = api._post_json(
            api._url("/services/{0}/update", raw["ID"]), data=spec, params=params
        )
        api._result(response, json=True)


def _update(client: docker.DockerClient, raw: dict[str, Any], **changes: Any) -> None:
    _post_spec(client, raw, {**raw["Spec"], **changes})


def scale_service(client: docker.DockerClient, service_id: str, replicas: int) -> None:
    raw = _inspect(client, service_id)
    if "Replicated" not in (raw["Spec"].get("Mode") or {}):
        raise Conflict(f"{raw['Spec'].get('Name')} is a global service: it cannot be scaled")
    _update(client, raw, Mode={"Replicated": {"Replicas": replicas}})


def image_exists(client: docker.DockerClient, image: str) -> bool:
    """True when the engine has the image, or its registry knows it."""
    with engine_call():
        try:
            client.api.inspect_image(image)
            return True
        except docker.errors.NotFound:
            pass
        try:
            client.api.inspect_distribution(image)
            return True
        except docker.errors.APIError:
            return False


def update_image(client: docker.DockerClient, service_id: str, image: str) -> None:
    image = image.strip()
    if not image or any(ch.isspace() for ch in image):
        raise EngineError(f"“{image}” is not an image reference")
    if not image_exists(client, image):
        raise NotFound(f"image {image} does not exist here or in its registry: service unchanged")
    raw = _inspect(client, service_id)
    template = dict(raw["Spec"]["TaskTemplate"])
    template["ContainerSpec"] = {**template["ContainerSpec"], "Image": image}
    _update(client, raw, TaskTemplate=template)


def force_restart(client: docker.DockerClient, service_id: str) -> None:
    """A rolling restart: bump ForceUpdate so every task is replaced."""
    raw = _inspect(client, service_id)
    template = dict(raw["Spec"]["TaskTemplate"])
    template["ForceUpdate"] = int(template.get("ForceUpdate") or 0) + 1
    _update(client, raw, TaskTemplate=template)


def rollback_service(client: docker.DockerClient, service_id: str) -> None:
    raw = _inspect(client, service_id)
    if not raw.get("PreviousSpec"):
        raise Conflict(f"{raw['Spec'].get('Name')} has no previous version to roll back to")
    _post_spec(client, raw, raw["Spec"], rollback=True)  # the engine restores PreviousSpec


def remove_service(client: docker.DockerClient, service_id: str) -> None:
    with engine_call():
        client.api.remove_service(service_id)


def set_node_availability(client: docker.DockerClient, node_id: str, availability: str) -> None:
    if availability not in AVAILABILITIES:
        raise EngineError(f"“{availability}” is not one of {', '.join(AVAILABILITIES)}")
    with engine_call():
        raw = client.api.inspect_node(node_id)
        spec = {**raw["Spec"], "Availability": availability}
        client.api.update_node(node_id, raw["Version"]["Index"], spec)


def demote_node(client: docker.DockerClient, node_id: str) -> None:
    nodes = list_nodes(client)
    managers = [n for n in nodes if n.role == "manager"]
    target = next((n for n in nodes if n.id == node_id), None)
    if target is None:
        raise NotFound(f"node {node_id[:12]} is not in the swarm any more")
    if target.role == "manager" and len(managers) <= 1:
        raise Conflict(
            f"{target.hostname} is the last manager: demoting it would leave the swarm "
            "without a manager. Promote another node first."
        )
    with engine_call():
        raw = client.api.inspect_node(node_id)
        client.api.update_node(node_id, raw["Version"]["Index"], {**raw["Spec"], "Role": "worker"})


class ServiceLogStream:
    """The merged logs of every task of a service; ``close()`` from any thread ends it."""

    def __init__(
        self, client: docker.DockerClient, service_id: str, tail: int = 200, follow: bool = True
    ) -> None:
        api = client.api
        params = {
            "stdout": 1, "stderr": 1, "timestamps": 1, "follow": int(follow), "tail": str(tail),
        }  # fmt: skip
        self._closed = False
        with engine_call():
            self._response = api._get(
                api._url("/services/{0}/logs", service_id), params=params, stream=True
            )
            api._raise_for_status(self._response)

    def __iter__(self) -> Iterator[str]:
        """Lines made safe (SGR colour kept), from the engine's multiplexed frames."""
        read = body_reader(self._response)
        frames = FrameDecoder()
        pending = b""
        with engine_call():
            while not self._closed:
                data = read()
                if data is None:
                    break
                for _stream, payload in frames.feed(data):
                    *lines, pending = (pending + payload).split(b"\n")
                    for line in lines:
                        yield clean_log_line(line)
        if pending and not self._closed:
            yield clean_log_line(pending)

    def close(self) -> None:
        """Shut the socket down too, so a thread blocked in a read wakes up."""
        self._closed = True
        close_response(self._response)
