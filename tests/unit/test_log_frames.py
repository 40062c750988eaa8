"""The frame decoder and line assembler of the logs stream (pure, property-based)."""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.logs.log_frames import ENGINE_SPLIT, FrameDecoder, LineAssembler
from tui.engine.logs.log_lines import STDERR, STDOUT, LineBuffer, LogLine, normalize_ts
from tui.engine.logs.log_parse import ChunkedDecoder, LogParser

TS = b"2026-11-28T16:21:10.123456789Z"


def engine_messages(line: bytes) -> list[bytes]:
    """What the engine sends for one logged line: 16 KiB messages, each with a timestamp."""
    parts = [line[i : i + ENGINE_SPLIT] for i in range(0, len(line), ENGINE_SPLIT)] or [b""]
    return [
        TS + b" " + part + (b"\n" if i == len(parts) - 1 else b"") for i, part in enumerate(parts)
    ]


def framed(stream: int, payload: bytes) -> bytes:
    return struct.pack(">BxxxL", stream, len(payload)) + payload


def chop(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces, last = [], 0
    for point in points:
        pieces.append(data[last:point])
        last = point
    pieces.append(data[last:])
    return pieces


line_bytes = st.binary(max_size=200).map(lambda b: b.replace(b"\n", b"x").rstrip(b"\r"))
long_line = st.integers(ENGINE_SPLIT - 2, 3 * ENGINE_SPLIT + 5).map(lambda n: b"a" * n)
lines_strategy = st.lists(
    st.tuples(st.sampled_from([STDOUT, STDERR]), st.one_of(line_bytes, line_bytes, long_line)),
    max_size=12,
)


def assemble(data_chunks: list[bytes], *, tty: bool, max_line: int = 1 << 20):
    decoder = FrameDecoder(multiplexed=not tty)
    assembler = LineAssembler(timestamps=True, framed=not tty, max_line=max_line)
    out = []
    for chunk in data_chunks:
        for stream, payload in decoder.feed(chunk):
            out.extend(assembler.feed(stream, payload))
    out.extend(assembler.flush())
    return out


@settings(max_examples=150, deadline=None)
@given(lines_strategy, st.lists(st.integers(0, 10**6), max_size=20))
def test_frames_split_anywhere_give_back_the_lines(lines, cuts):
    body = b"".join(framed(s, m) for s, line in lines for m in engine_messages(line))
    out = assemble(chop(body, cuts), tty=False)
    assert [(s, c) for s, _, c, _ in out] == lines
    assert all(ts == TS for _, ts, _, _ in out)
    assert all(length == len(c) for _, _, c, length in out)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(line_bytes, long_line), max_size=8), st.lists(st.integers(0, 10**6)))
def test_tty_stream_split_anywhere_gives_back_the_lines(lines, cuts):
    body = b"".join(m for line in lines for m in engine_messages(line))
    out = assemble(chop(body, cuts), tty=True)
    assert [c for _, _, c, _ in out] == lines


@given(st.integers(1, 300_000), st.integers(100, 70_000))
def test_huge_lines_are_truncated_with_their_length(size, max_line):
    line = b"z" * size
    body = b"".join(framed(STDOUT, m) for m in engine_messages(line))
    [(stream, ts, content, length)] = assemble([body], tty=False, max_line=max_line)
    assert content == line[:max_line] and length == size


def test_crlf_and_partial_tail():
    out = assemble([framed(STDOUT, TS + b" one\r\n" + TS + b" two")], tty=False)
    assert [(c, n) for _, _, c, n in out] == [(b"one", 3), (b"two", 3)]


def test_line_buffer_drops_oldest_and_counts():
    buffer = LineBuffer(5)
    buffer.extend([LogLine(0, STDOUT, "", str(i).encode()) for i in range(8)])
    lines, dropped = buffer.drain()
    assert [line.raw for line in lines] == [b"3", b"4", b"5", b"6", b"7"] and dropped == 3
    assert buffer.drain() == ([], 0) and buffer.received == 8


def test_log_line_text_is_safe():
    line = LogLine(0, STDOUT, "", b"\tx \x1b[31mred\x1b[0m \x1b]0;t\x07 \xff \x9b")
    assert line.text == "        x \x1b[31mred\x1b[0m \\x1b]0;t\\x07 \ufffd \ufffd"
    assert line.plain == "        x red \\x1b]0;t\\x07 \ufffd \ufffd"


def test_normalize_ts():
    assert normalize_ts(TS) == TS.decode()
    assert normalize_ts("2026-11-28T17:21:10.5+01:00") == "2026-11-28T16:21:10.500000000Z"
    assert normalize_ts(b"garbage") == ""


@settings(max_examples=100, deadline=None)
@given(lines_strategy, st.lists(st.integers(0, 10**6), max_size=20), st.booleans())
def test_chunked_body_and_fast_parser_agree_with_the_general_path(lines, cuts, crlf):
    messages = [framed(s, m) for s, line in lines for m in engine_messages(line)]
    if crlf and messages:
        messages.append(framed(STDOUT, TS + b" windows\r\n"))
        lines = [*lines, (STDOUT, b"windows")]
    http = b"".join(b"%x\r\n" % len(m) + m + b"\r\n" for m in messages) + b"0\r\n\r\n"
    chunks, parser = ChunkedDecoder(), LogParser(3, tty=False)
    out = []
    for piece in chop(http, cuts):
        out.extend(parser.feed(chunks.feed(piece)))
    out.extend(parser.flush())
    assert chunks.done
    assert [(line.stream, line.raw) for line in out] == lines
    assert all(line.ts == TS.decode() and line.source == 3 for line in out)
