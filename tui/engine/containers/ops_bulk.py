"""One lifecycle action on many containers at once: a small pool, one plain result.

``stop`` waits up to its timeout per container, so the calls run in parallel (a bounded pool);
the caller learns of each container as it is done (``finished``, called from a pool thread)
and gets the whole outcome at the end, in the order it gave.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.engine.containers.containers import perform
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container

if TYPE_CHECKING:
    import docker

#: Parallel engine calls for one bulk action.
MAX_PARALLEL = 8


@dataclass
class BulkResult:
    """What one bulk action did: the containers it was done to, and those that failed (why)."""

    action: str
    done: list[Container] = field(default_factory=list)
    failed: list[tuple[Container, EngineError]] = field(default_factory=list)


def run_bulk(
    client: docker.DockerClient,
    action: str,
    containers: list[Container],
    stop_timeout: int,
    finished: Callable[[Container], None] = lambda container: None,
    signal: str | None = None,
) -> BulkResult:
    """Blocking: perform ``action`` on every container (in parallel), collect the answers."""
    result = BulkResult(action)

    def one(container: Container) -> tuple[Container, EngineError | None]:
        try:
            perform(client, action, container.id, stop_timeout=stop_timeout, signal=signal)
        except EngineError as error:
            return container, error
        return container, None

    workers = max(1, min(MAX_PARALLEL, len(containers)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"dockpit-{action}") as pool:
        futures = [pool.submit(one, container) for container in containers]
        for future in as_completed(futures):
            container, error = future.result()
            finished(container)
            if error is None:
                result.done.append(container)
            else:
                result.failed.append((container, error))
    order = {c.id: i for i, c in enumerate(containers)}
    result.done.sort(key=lambda c: order[c.id])
    return result
