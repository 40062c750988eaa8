"""The fast path of the logs stream: HTTP chunks and frames to LogLines in one pass.

At 20,000 lines/s every microsecond per line counts. ``ChunkedDecoder`` undoes the HTTP
chunked encoding of many frames per socket read (http.client would return one chunk, so
one frame, per call); ``LogParser`` turns frames into LogLines, with a fused path for the
common frame (one whole line with the engine's fixed timestamp) and the general
FrameDecoder/LineAssembler path for everything else (partial frames, 16 KiB splits, TTY).
"""

from __future__ import annotations

import struct

from tui.engine.logs.log_frames import FrameDecoder, LineAssembler
from tui.engine.logs.log_lines import STDERR, STDOUT, LogLine, normalize_ts

_HEADER = struct.Struct(">BxxxL")


class ChunkedDecoder:
    """HTTP/1.1 chunked transfer encoding, fed in arbitrary pieces."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._left = 0  # data bytes left in the current chunk
        self._skip = 0  # CRLF bytes after a chunk's data
        self.done = False

    def feed(self, data: bytes) -> bytes:
        buf = self._buf
        buf += data
        out: list[bytes] = []
        pos, size = 0, len(buf)
        while pos < size and not self.done:
            if self._skip:
                take = min(self._skip, size - pos)
                pos += take
                self._skip -= take
            elif self._left:
                take = min(self._left, size - pos)
                out.append(bytes(buf[pos : pos + take]))
                pos += take
                self._left -= take
                if not self._left:
                    self._skip = 2
            else:
                eol = buf.find(b"\r\n", pos)
                if eol < 0:
                    break
                length = int(bytes(buf[pos:eol]).split(b";")[0].strip() or b"0", 16)
                pos = eol + 2
                if length == 0:
                    self.done = True
                    break
                self._left = length
        del buf[:pos]
        return b"".join(out)


class LogParser:
    """Body bytes of the logs endpoint in, LogLines out."""

    def __init__(self, source: int, *, tty: bool) -> None:
        self.source = source
        self.tty = tty
        self._decoder = FrameDecoder(multiplexed=not tty)
        self._assembler = LineAssembler(timestamps=True, framed=not tty)
        self._buf = bytearray()

    def _general(self, stream: int, payload: bytes, out: list[LogLine]) -> None:
        for kind, ts, content, length in self._assembler.feed(stream, payload):
            out.append(LogLine(self.source, kind, normalize_ts(ts), content, length))

    def feed(self, data: bytes) -> list[LogLine]:
        out: list[LogLine] = []
        if self.tty:
            for stream, payload in self._decoder.feed(data):
                self._general(stream, payload, out)
            return out
        buf = self._buf
        if buf:
            buf += data
            body = bytes(buf)
        else:
            body = bytes(data)
        pos, size = 0, len(body)
        partial = self._assembler._partial
        unpack = _HEADER.unpack_from
        source = self.source
        append = out.append
        find = body.find
        while size - pos >= 8:
            kind, length = unpack(body, pos)
            start = pos + 8
            end = start + length
            if end > size:
                break
            stream = STDERR if kind >= 2 else STDOUT
            if (
                length >= 32
                and body[end - 1] == 10  # \n
                and body[start + 30] == 32  # the space after the timestamp
                and body[start + 29] == 90  # Z
                and body[end - 2] != 13  # no \r\n (the general path trims it)
                and stream not in partial
                and find(b"\n", start, end - 1) < 0
            ):
                append(
                    LogLine(
                        source,
                        stream,
                        body[start : start + 30].decode("ascii", "replace"),
                        body[start + 31 : end - 1],
                        length - 32,
                    )
                )
            elif length:
                self._general(stream, body[start:end], out)
            pos = end
        self._buf = bytearray(body[pos:]) if pos < size else bytearray()
        return out

    def flush(self) -> list[LogLine]:
        return [
            LogLine(self.source, kind, normalize_ts(ts), content, length)
            for kind, ts, content, length in self._assembler.flush()
        ]
