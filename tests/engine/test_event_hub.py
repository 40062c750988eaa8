"""The events hub: one engine connection fanned out to subscribers with their own filters."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator

import docker
import pytest

from tests.conftest import BUSYBOX, LABELS, unique_name
from tui.engine.core.connect import resolve_endpoint
from tui.engine.core.event_hub import EventHub, HubState
from tui.engine.core.model import EngineEvent
from tui.engine.core.session import EngineSession

pytestmark = [pytest.mark.engine, pytest.mark.timeout(120)]


@pytest.fixture
def session(engine_host: str) -> Iterator[EngineSession]:
    opened = EngineSession.open(resolve_endpoint(engine_host))
    yield opened
    opened.close()


def wait_until(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def collect(into: list) -> Callable[[object], None]:
    return into.append


def test_two_subscribers_one_connection_each_gets_its_own_events(session, docker_client):
    hub = session.events
    containers: list[EngineEvent] = []
    volumes: list[EngineEvent] = []
    a = hub.subscribe({"type": ["container"], "event": ["create"]}, collect(containers))
    b = hub.subscribe({"type": "volume"}, collect(volumes))
    assert hub.open_streams == 1 and hub.connections_opened == 1
    name = unique_name("hub-v")
    volume = docker_client.volumes.create(name, labels=LABELS)
    container = docker_client.containers.create(
        BUSYBOX, "true", name=unique_name("hub-c"), labels=LABELS
    )
    try:
        wait_until(lambda: any(e.actor_id == container.id for e in containers))
        wait_until(lambda: any(e.actor_id == name for e in volumes))
        assert all(e.type == "container" and e.action == "create" for e in containers)
        assert all(e.type == "volume" for e in volumes)
        assert hub.connections_opened == 1  # both from the one stream

        a.close()  # one goes, the other stays live
        assert hub.open_streams == 1
        container.remove()
        volume.remove()
        wait_until(lambda: any(e.action == "destroy" and e.actor_id == name for e in volumes))
        assert not any(e.action == "destroy" for e in containers)

        b.close()  # the last one: the connection closes
        wait_until(lambda: hub.open_streams == 0 and not hub.is_open, timeout=5)
        assert hub.subscribers == 0
    finally:
        for thing in (container, volume):
            try:
                thing.remove()
            except docker.errors.APIError:
                pass


def test_nothing_is_lost_between_subscribe_and_list(session, docker_client):
    """subscribe() returns with the stream open: what happens right after reaches us."""
    for _ in range(3):  # each round opens the stream anew
        events = session.events.subscribe({"type": "container"})  # iterated, no callback
        container = docker_client.containers.create(
            BUSYBOX, "true", name=unique_name("hub-l"), labels=LABELS
        )
        got: queue.Queue[object] = queue.Queue()

        def read(subscription=events, got=got) -> None:
            for item in subscription:
                got.put(item)

        threading.Thread(target=read, daemon=True).start()
        try:
            deadline = time.monotonic() + 10
            while True:
                item = got.get(timeout=max(0.1, deadline - time.monotonic()))
                if isinstance(item, EngineEvent) and item.actor_id == container.id:
                    assert item.action == "create"
                    break
        finally:
            events.close()
            container.remove()
        wait_until(lambda: session.events.open_streams == 0, timeout=5)
    assert session.events.connections_opened == 3


def test_session_close_closes_the_stream(engine_host):
    session = EngineSession.open(resolve_endpoint(engine_host))
    subscription = session.events.subscribe({"type": "daemon"}, lambda event: None)
    assert session.events.open_streams == 1
    session.close()
    assert subscription.closed
    wait_until(lambda: session.events.open_streams == 0, timeout=5)
    with pytest.raises(Exception):  # noqa: B017 - a closed hub refuses (an EngineError)
        session.events.subscribe({}, lambda event: None)


def test_engine_restart_lost_once_then_back(own_engine):
    """A private engine (never the shared one) stops and starts: subscribers hear ``lost``
    once, ``retrying`` while it is away, ``back`` once, and events flow again."""
    session = EngineSession.open(resolve_endpoint(own_engine.host))
    hub = EventHub(session.stream_client, session.release, backoff=(0.3, 0.5, 1.0))
    states: list[HubState] = []
    events: list[EngineEvent] = []
    try:
        hub.subscribe({"type": "container"}, events.append, states.append)
        hub.subscribe({"type": "daemon"}, lambda event: None)
        own_engine.stop()
        wait_until(lambda: any(s.kind == "lost" for s in states), timeout=30)
        wait_until(lambda: any(s.kind == "retrying" for s in states), timeout=15)
        assert not hub.is_open
        own_engine.start()
        wait_until(lambda: any(s.kind == "back" for s in states), timeout=40)
        kinds = [s.kind for s in states if s.kind != "retrying"]
        assert kinds == ["lost", "back"], kinds
        assert states[0].error is not None  # the engine did not answer
        assert hub.open_streams == 1
        client = docker.DockerClient(base_url=own_engine.host, version="auto", timeout=30)
        try:
            made = client.containers.create(BUSYBOX, "true", name=unique_name("hub-r"))
            wait_until(lambda: any(e.actor_id == made.id for e in events))
            made.remove()
        finally:
            client.close()
    finally:
        hub.close()
        session.close()
