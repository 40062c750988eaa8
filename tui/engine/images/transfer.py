"""Pull and push with per-layer progress, parsed from the engine's JSON progress messages."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import docker.auth

from tui.engine.core.sanitize import clean_text
from tui.engine.core.streaming import OperationHandle, Throttle
from tui.engine.images.registry_auth import auth_config_for

#: Statuses after which a layer needs nothing more.
DONE_STATUSES = ("Pull complete", "Already exists", "Pushed", "Layer already exists")
DOWNLOADED_STATUSES = ("Download complete", "Verifying Checksum")
MAX_LINES = 200


@dataclass(frozen=True)
class LayerView:
    id: str
    status: str
    current: int = 0
    total: int = 0
    fraction: float = 0.0  # 0..1 of this layer's whole job (download + extract, or upload)
    done: bool = False


@dataclass(frozen=True)
class ProgressView:
    """What a progress screen shows; made by the engine thread, read by the UI."""

    layers: tuple[LayerView, ...] = ()
    overall: float | None = None  # None: no measure yet (indeterminate)
    headline: str = ""
    lines: tuple[str, ...] = ()
    finished: bool = False


class TransferProgress:
    """Folds pull/push progress messages into per-layer and overall progress."""

    def __init__(self, kind: str) -> None:
        self.kind = kind  # "pull" or "push"
        self._layers: dict[str, LayerView] = {}
        self._lines: deque[str] = deque(maxlen=MAX_LINES)
        self.headline = ""
        self.digest = ""
        self.finished = False

    def _is_layer(self, status: str, layer_id: str) -> bool:
        if not layer_id:
            return False
        return not status.startswith(("Pulling from", "Digest", "Status"))

    def feed(self, message: dict[str, Any]) -> None:
        status = clean_text(message.get("status") or "")
        layer_id = clean_text(message.get("id") or "")
        aux = message.get("aux")
        if isinstance(aux, dict) and aux.get("Digest"):
            self.digest = clean_text(aux["Digest"])
        if not status:
            return
        if not self._is_layer(status, layer_id):
            line = f"{layer_id}: {status}" if layer_id else status
            self._lines.append(line)
            self.headline = line
            return
        detail = message.get("progressDetail") or {}
        current = int(detail.get("current") or 0) if isinstance(detail, dict) else 0
        total = int(detail.get("total") or 0) if isinstance(detail, dict) else 0
        before = self._layers.get(layer_id)
        done = status in DONE_STATUSES or status.startswith("Mounted from")
        fraction = self._fraction(status, current, total, done, before)
        if not total and before is not None and status in ("Downloading", "Extracting", "Pushing"):
            current, total = before.current, before.total
        self._layers[layer_id] = LayerView(layer_id, status, current, total, fraction, done)

    def _fraction(
        self, status: str, current: int, total: int, done: bool, before: LayerView | None
    ) -> float:
        if done:
            return 1.0
        part = min(current / total, 1.0) if total > 0 else 0.0
        previous = before.fraction if before else 0.0
        if self.kind == "push":
            return part if status == "Pushing" else previous
        if status == "Downloading":
            return 0.5 * part
        if status in DOWNLOADED_STATUSES:
            return 0.5
        if status == "Extracting":
            return 0.5 + 0.5 * part
        return previous

    def finish(self) -> None:
        self.finished = True

    @property
    def layers(self) -> list[LayerView]:
        return list(self._layers.values())

    def overall(self) -> float | None:
        if self.finished:
            return 1.0
        if not self._layers:
            return None
        return sum(layer.fraction for layer in self._layers.values()) / len(self._layers)

    def view(self) -> ProgressView:
        return ProgressView(
            layers=tuple(self._layers.values()),
            overall=self.overall(),
            headline=self.headline,
            lines=tuple(self._lines),
            finished=self.finished,
        )


def registry_of(reference: str) -> str:
    """The registry a reference lives in ('docker.io' for Docker Hub)."""
    registry, _ = docker.auth.resolve_repository_name(reference)
    return registry


def pull(handle: OperationHandle, reference: str, report: Callable[[ProgressView], None]) -> str:
    """Pull ``reference``; report progress views; return the engine's closing status."""
    reference = reference.strip()
    progress = TransferProgress("pull")
    throttle = Throttle()
    auth = auth_config_for(registry_of(reference))

    def start() -> Any:
        return handle.client.api.pull(reference, stream=True, decode=True, auth_config=auth)

    for message in handle.messages(start):
        progress.feed(message)
        if throttle.ready():
            report(progress.view())
    progress.finish()
    report(progress.view())
    return progress.headline or f"pulled {reference}"


def push(handle: OperationHandle, reference: str, report: Callable[[ProgressView], None]) -> str:
    """Push ``reference`` (repo:tag) to its registry; report progress; return a summary."""
    reference = reference.strip()
    progress = TransferProgress("push")
    throttle = Throttle()
    auth = auth_config_for(registry_of(reference))
    repository, _, tag = reference.rpartition(":")
    if not repository or "/" in tag:
        repository, tag = reference, "latest"

    def start() -> Any:
        return handle.client.api.push(
            repository, tag=tag, stream=True, decode=True, auth_config=auth
        )

    for message in handle.messages(start):
        progress.feed(message)
        if throttle.ready():
            report(progress.view())
    progress.finish()
    report(progress.view())
    suffix = f" ({progress.digest})" if progress.digest else ""
    return f"pushed {clean_text(reference)}{suffix}"
