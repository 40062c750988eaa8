"""Turn the bytes of the engine's logs endpoint into whole lines. Pure, no I/O.

Non-TTY containers: the body is a sequence of frames, an 8-byte header (stream type, three
zero bytes, big-endian payload length) then the payload. Frames need not arrive whole: the
decoder buffers partial headers and payloads. TTY containers: the body is the raw bytes.

With ``timestamps=1`` each message the engine logged starts with "<RFC3339Nano> ". The engine
splits lines longer than 16 KiB into several messages, each with its own timestamp and no
newline but the last: the assembler joins them back (by frame for non-TTY output, by the
16 KiB offsets for TTY output) and keeps at most ``max_line`` bytes of a line, noting its
full length.
"""

from __future__ import annotations

import re
import struct

from tui.engine.logs.log_lines import MAX_LINE_BYTES, STDERR, STDOUT

HEADER = struct.Struct(">BxxxL")
ENGINE_SPLIT = 16 * 1024
_TS_RE = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) ")

#: One assembled line: stream, raw timestamp token (b"" when none), content, full length.
Piece = tuple[int, bytes, bytes, int]


class FrameDecoder:
    """Feed it body bytes; it returns (stream, payload) for every complete frame."""

    def __init__(self, multiplexed: bool = True) -> None:
        self.multiplexed = multiplexed
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[tuple[int, bytes]]:
        if not self.multiplexed:
            return [(STDOUT, bytes(data))] if data else []
        buf = self._buf
        buf += data
        out: list[tuple[int, bytes]] = []
        pos = 0
        size = len(buf)
        unpack = HEADER.unpack_from
        while size - pos >= 8:
            kind, length = unpack(buf, pos)
            end = pos + 8 + length
            if end > size:
                break
            if length:
                out.append((STDERR if kind >= 2 else STDOUT, bytes(buf[pos + 8 : end])))
            pos = end
        if pos:
            del buf[:pos]
        return out

    @property
    def pending(self) -> int:
        return len(self._buf)


class _Partial:
    __slots__ = ("parts", "kept", "total")

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.kept = 0
        self.total = 0


class LineAssembler:
    """Payloads (per stream) in, whole lines out."""

    def __init__(
        self, *, timestamps: bool = True, framed: bool = True, max_line: int = MAX_LINE_BYTES
    ) -> None:
        self.timestamps = timestamps
        self.framed = framed
        self.max_line = max_line
        self._partial: dict[int, _Partial] = {}

    def feed(self, stream: int, payload: bytes) -> list[Piece]:
        out: list[Piece] = []
        partial = self._partial.get(stream)
        # Fast path: one whole message, one line (the common case by far).
        if (
            partial is None
            and self.framed
            and payload.endswith(b"\n")
            and payload.count(b"\n") == 1
        ):
            out.append(self._whole(stream, payload[:-1]))
            return out
        if partial is not None and self.framed and self.timestamps:
            match = _TS_RE.match(payload)
            if match:  # the engine's continuation of a line it split
                payload = payload[match.end() :]
        pieces = payload.split(b"\n")
        for piece in pieces[:-1]:
            if partial is None:
                out.append(self._whole(stream, piece))
            else:
                self._add(partial, piece)
                out.append(self._finish(stream, partial))
                partial = None
        last = pieces[-1]
        if last:
            if partial is None:
                partial = _Partial()
            self._add(partial, last)
        if partial is None:
            self._partial.pop(stream, None)
        else:
            self._partial[stream] = partial
        return out

    def flush(self) -> list[Piece]:
        """The unfinished lines at the end of a stream."""
        out = [self._finish(stream, partial) for stream, partial in self._partial.items()]
        self._partial.clear()
        return out

    # -- helpers

    def _split_ts(self, data: bytes) -> tuple[bytes, bytes, bytes]:
        match = _TS_RE.match(data)
        if match is None:
            return b"", b"", data
        return data[: match.end() - 1], b" ", data[match.end() :]

    def _whole(self, stream: int, line: bytes) -> Piece:
        ts = b""
        if self.timestamps:
            ts, _, line = self._split_ts(line)
        if not self.framed and self.timestamps and len(line) > ENGINE_SPLIT:
            line = _join_tty_splits(line)
        if line.endswith(b"\r"):
            line = line[:-1]
        total = len(line)
        if total > self.max_line:
            line = line[: self.max_line]
        return (stream, ts, line, total)

    def _add(self, partial: _Partial, data: bytes) -> None:
        partial.total += len(data)
        room = self.max_line + ENGINE_SPLIT + 64 - partial.kept
        if room > 0:
            data = data[:room]
            partial.parts.append(data)
            partial.kept += len(data)

    def _finish(self, stream: int, partial: _Partial) -> Piece:
        line = b"".join(partial.parts)
        total = partial.total
        ts = b""
        if self.timestamps:
            ts, _, content = self._split_ts(line)
            total -= len(line) - len(content)
            line = content
        if not self.framed and self.timestamps and len(line) > ENGINE_SPLIT:
            joined = _join_tty_splits(line)
            total -= len(line) - len(joined)
            line = joined
        if line.endswith(b"\r"):
            line = line[:-1]
            total -= 1
        if len(line) > self.max_line:
            line = line[: self.max_line]
        return (stream, ts, line, max(total, len(line)))


def _join_tty_splits(line: bytes) -> bytes:
    """Remove the timestamps the engine put at each 16 KiB split of a TTY line."""
    pos = ENGINE_SPLIT
    while pos < len(line):
        match = _TS_RE.match(line, pos)
        if match is None:
            break
        line = line[:pos] + line[match.end() :]
        pos += ENGINE_SPLIT
    return line
