"""The app's own error types: every docker-py / requests / urllib3 failure becomes one of these.

The message of an EngineError is already made safe (see sanitize.py) and fit for a user.
docker-py and its stack are imported on first use, not with this module: the UI paints its
first frame before anything needs them (see prefetch.py).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tui.engine.core.sanitize import clean_text
from tui.engine.core.unsupported import unsupported_feature

if TYPE_CHECKING:
    import docker.errors


@functools.cache
def raw_engine_errors() -> tuple[type[BaseException], ...]:
    """Everything docker-py can raise at us; catch these at the engine boundary."""
    import docker.errors
    import requests
    import urllib3.exceptions

    return (
        docker.errors.DockerException,
        requests.RequestException,
        urllib3.exceptions.HTTPError,
        ConnectionError,
        TimeoutError,
        OSError,
    )


class EngineError(Exception):
    """A failure reported by (or on the way to) a Docker engine. ``str()`` is user-safe."""

    def __init__(self, message: str) -> None:
        super().__init__(clean_text(message))

    @property
    def message(self) -> str:
        return str(self)


class EngineUnavailable(EngineError):
    """No engine answered at the endpoint."""


class NotFound(EngineError):
    """The object (container, image, ...) does not exist (any more)."""


class Conflict(EngineError):
    """The engine refused because of the object's state (in use, name taken, ...)."""


class Unsupported(EngineError):
    """The engine has no such endpoint at all (podman's compatible API lacks swarm, ...)."""

    def __init__(self, feature: str, request: str) -> None:
        super().__init__(f"{feature} is not supported by this engine (its API has no {request})")
        self.feature = clean_text(feature)


def _explanation(exc: docker.errors.APIError) -> str:
    explanation = exc.explanation
    if isinstance(explanation, bytes):
        explanation = explanation.decode("utf-8", "replace")
    return str(explanation or exc)


def translate(exc: BaseException) -> EngineError:
    """Turn any exception from docker-py and its stack into an EngineError."""
    if isinstance(exc, EngineError):
        return exc
    import docker.errors
    import requests
    import urllib3.exceptions

    if isinstance(exc, docker.errors.NotFound):
        missing = unsupported_feature(exc, _explanation(exc))
        if missing is not None:
            return Unsupported(*missing)
        return NotFound(_explanation(exc))
    if isinstance(exc, docker.errors.APIError):
        status = exc.status_code or 0
        if status == 409:
            return Conflict(_explanation(exc))
        return EngineError(_explanation(exc))
    if isinstance(
        exc,
        (
            requests.ConnectionError,
            requests.Timeout,
            urllib3.exceptions.HTTPError,
            ConnectionError,
            TimeoutError,
        ),
    ):
        return EngineUnavailable(f"the engine did not answer ({type(exc).__name__}: {exc})")
    if isinstance(exc, docker.errors.DockerException):
        return EngineUnavailable(str(exc))
    return EngineError(f"{type(exc).__name__}: {exc}")


@contextlib.contextmanager
def engine_call() -> Iterator[None]:
    """Run a block of docker-py calls; re-raise anything it throws as an EngineError."""
    try:
        yield
    except EngineError:
        raise
    except Exception as exc:
        if not isinstance(exc, raw_engine_errors()):
            raise
        raise translate(exc) from exc
