"""Reading a streamed HTTP body from the engine, and closing it from any thread.

Shared by the log follower, the log export and the swarm service logs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docker.types.daemon import CancellableStream

from tui.engine.logs.log_parse import ChunkedDecoder

READ_SIZE = 64 * 1024


def close_response(response: Any) -> None:
    """Shut the socket down (unblocks a reader in another thread), then close."""
    try:
        CancellableStream(None, response).close()
    except Exception:  # noqa: BLE001 - closing a dead stream must never raise
        pass
    try:
        response.close()
    except Exception:  # noqa: BLE001
        pass


def body_reader(response: Any) -> Callable[[], bytes | None]:
    """A function returning the next body bytes (b"" for none yet, None at the end).

    Chunked bodies are read straight from the socket's buffer, many chunks per call, and
    de-chunked by ChunkedDecoder; anything else goes through urllib3.
    """
    raw = response.raw
    inner = getattr(raw, "_fp", None)
    fp = getattr(inner, "fp", None)
    if getattr(inner, "chunked", False) and fp is not None and hasattr(fp, "read1"):
        chunks = ChunkedDecoder()
        read1 = fp.read1

        def read_chunked() -> bytes | None:
            if chunks.done:  # the last chunk came: the connection stays open, do not read
                return None
            data = read1(READ_SIZE)
            if not data:
                return None
            return chunks.feed(data)

        return read_chunked
    plain = raw.read1 if hasattr(raw, "read1") else raw.read

    def read_plain() -> bytes | None:
        return plain(READ_SIZE) or None

    return read_plain
