"""Read an image's layers from the engine: its export (``docker save``) as one stream.

The HTTP body goes straight into layers_tar's stream parser: nothing is kept in memory or
written to disk but the summaries. Progress (bytes read) and cancel go through one
``Watch``; the result is cached by image id (layers_cache.py).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.http_stream import close_response
from tui.engine.core.sanitize import clean_text
from tui.engine.images import layers_cache
from tui.engine.images.layers_merge import Analysis, analyse
from tui.engine.images.layers_model import ImageLayers
from tui.engine.images.layers_tar import ExportError, assemble, read_export_parts

if TYPE_CHECKING:
    import docker

REPORT_EVERY = 4 << 20
CHUNK = 1 << 20
#: Chunks read ahead of the parser (memory: DEPTH x CHUNK at most).
DEPTH = 8


class AnalysisCancelled(EngineError):
    def __init__(self) -> None:
        super().__init__("the layer analysis was cancelled")


class Watch:
    """Bytes read so far, a progress callback (every few MB) and a cancel flag."""

    def __init__(self, progress: Callable[[int], None] | None = None) -> None:
        self.progress = progress
        self.cancelled = threading.Event()
        self.bytes_read = 0
        self._reported = 0

    def cancel(self) -> None:
        self.cancelled.set()

    def count(self, size: int) -> None:
        self.bytes_read += size
        if self.cancelled.is_set():
            raise AnalysisCancelled()
        if self.progress is not None and self.bytes_read - self._reported >= REPORT_EVERY:
            self._reported = self.bytes_read
            self.progress(self.bytes_read)


class BodyStream:
    """A file-like ``read(n)`` over an engine response body, counted by a Watch.

    A thread of its own reads the socket ahead (at most DEPTH chunks) while the caller
    parses: the engine never waits for the parser, which matters on a busy machine.
    """

    def __init__(self, response: Any, watch: Watch) -> None:
        self._chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=DEPTH)
        self._stop = threading.Event()
        self._buffer = b""
        self._at = 0  # an offset, not slicing: the parser reads a little at a time
        self._ended = False
        self._watch = watch
        self._pump = threading.Thread(
            target=self._read_ahead, args=(response.raw,), name="dockpit-export-reader", daemon=True
        )
        self._pump.start()

    def _read_ahead(self, raw: Any) -> None:
        try:
            while not self._stop.is_set():
                data = raw.read(CHUNK)  # urllib3 de-chunks
                self._put(data)
                if not data:
                    return
        except BaseException as error:  # noqa: BLE001 - handed to the reading thread
            self._put(error)

    def _put(self, item: bytes | BaseException) -> None:
        while not self._stop.is_set():
            try:
                self._chunks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        self._stop.set()

    def read(self, size: int = -1) -> bytes:
        if self._at >= len(self._buffer):
            if self._ended:
                return b""
            item = self._chunks.get()
            if isinstance(item, BaseException):
                self._ended = True
                raise item
            if not item:
                self._ended = True
                return b""
            self._watch.count(len(item))
            self._buffer, self._at = item, 0
        if self._at == 0 and (size < 0 or size >= len(self._buffer)):
            self._at = len(self._buffer)
            return self._buffer
        end = len(self._buffer) if size < 0 else self._at + size
        data = self._buffer[self._at : end]
        self._at += len(data)
        return data


def image_id_of(client: docker.DockerClient, image: str) -> tuple[str, list[str]]:
    with engine_call():
        raw = client.api.inspect_image(image)
    return clean_text(raw.get("Id", "")), [clean_text(t) for t in raw.get("RepoTags") or []]


@contextlib.contextmanager
def export_stream(client: docker.DockerClient, image_id: str, watch: Watch) -> Iterator[BodyStream]:
    """The engine's ``docker save`` body for one image; closed when the block ends."""
    api = client.api
    with engine_call():
        response = api._get(api._url("/images/{0}/get", image_id), stream=True, timeout=None)
        api._raise_for_status(response)
    body = BodyStream(response, watch)
    try:
        with engine_call():
            yield body
    finally:
        body.close()
        close_response(response)


def read_layers(
    client: docker.DockerClient,
    image: str,
    watch: Watch | None = None,
    *,
    use_cache: bool = True,
) -> ImageLayers:
    """The image's layers (from the cache when it has them). Blocking: run in a worker."""
    return read_analysis(client, image, watch, use_cache=use_cache)[0]


def read_analysis(
    client: docker.DockerClient,
    image: str,
    watch: Watch | None = None,
    *,
    use_cache: bool = True,
) -> tuple[ImageLayers, Analysis]:
    """The image's layers and their analysis, from the cache when it has them."""
    image_id, tags = image_id_of(client, image)
    if use_cache:
        cached = layers_cache.load(image_id)
        if cached is not None:
            cached[0].tags = tags
            return cached
    watch = watch or Watch()
    with export_stream(client, image_id, watch) as body:
        try:
            parts = read_export_parts(body, lambda: watch.count(0))
            result = assemble(parts, image_id)
        except ExportError as error:
            raise EngineError(str(error)) from error
    result.tags = tags
    analysis = analyse(result.layers)
    layers_cache.store(result, analysis)
    return result, analysis
