"""The engine tests' image fixtures (defined in tests/image_fixtures.py)."""

from tests.image_fixtures import (  # noqa: F401 - fixtures for this folder
    build_test_image,
    docker_config,
    image_cleanup,
    registries,
)
