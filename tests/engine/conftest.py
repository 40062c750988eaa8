"""The engine tests' shared fixtures: the image fixtures (tests/image_fixtures.py) and the
(read-only, writable) session pair of the door's tests."""

from collections.abc import Iterator

import pytest

from tests.image_fixtures import (  # noqa: F401 - fixtures for this folder
    build_test_image,
    docker_config,
    image_cleanup,
    registries,
)
from tui.engine.core.connect import Endpoint
from tui.engine.core.session import EngineSession


@pytest.fixture
def sessions(engine_host: str) -> Iterator[tuple[EngineSession, EngineSession]]:
    """(read-only, writable) sessions on the sandbox engine."""
    read_only = EngineSession.open(Endpoint(engine_host, "test"))
    read_only.read_only = True
    writable = EngineSession.open(Endpoint(engine_host, "test"))
    yield read_only, writable
    read_only.close()
    writable.close()


@pytest.fixture
def ro(sessions: tuple[EngineSession, EngineSession]) -> EngineSession:
    return sessions[0]


@pytest.fixture
def rw(sessions: tuple[EngineSession, EngineSession]) -> EngineSession:
    return sessions[1]
