"""A lean reader of a tar stream: headers and member data, straight from a ``read(n)``.

tarfile's stream mode copies its buffer on every read and parses every header field; for an
image export of 50,000 small files that doubled the CPU time. This reads only what the layer
analysis needs (name, type, size, mode, link target), honours PAX (``x``/``g``) and GNU long
names (``L``/``K``) and the ustar prefix, and copies each data byte once. Pure: no I/O of
its own. Names decode as tarfile's do (UTF-8, surrogateescape).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

BLOCK = 512
CHUNK = 1 << 20
ZEROS = bytes(BLOCK)
#: Types that carry data after the header (tarfile: regular files, and any unknown type).
NO_DATA = frozenset(b"123456")  # hard link, symlink, char, block, dir, fifo
REGULAR = frozenset(b"07\x00")
PAX_LIMIT = 1 << 20


class TarFormatError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Header:
    name: str
    type: int  # the type byte: ord("0"), ord("5"), ...
    size: int
    mode: int
    linkname: str

    @property
    def isreg(self) -> bool:
        return self.type in REGULAR


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")


def _number(field: bytes) -> int:
    if field[:1] and field[0] & 0x80:  # base-256 (GNU, for big sizes)
        value = int.from_bytes(field[1:], "big")
        return -value if field[0] & 0x40 else value
    digits = field.split(b"\0", 1)[0].strip()
    try:
        return int(digits or b"0", 8)
    except ValueError as error:
        raise TarFormatError(f"bad number in a tar header: {digits!r}") from error


def _pax(data: bytes) -> dict[str, str]:
    records: dict[str, str] = {}
    at = 0
    while at < len(data):
        space = data.find(b" ", at)
        if space < 0:
            break
        length = int(data[at:space] or b"0")
        if length <= 0:
            break
        key, _, value = data[space + 1 : at + length - 1].partition(b"=")
        records[key.decode("utf-8", "surrogateescape")] = value.decode("utf-8", "surrogateescape")
        at += length
    return records


class TarReader:
    """Iterate the headers; between two, ``read(n)`` gives the current member's data."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._source = read
        self._buffer = b""
        self._at = 0
        self._left = 0  # data bytes of the current member not read yet
        self._pad = 0

    def _fill(self) -> bool:
        if self._at < len(self._buffer):
            return True
        data = self._source(CHUNK)
        if not data:
            return False
        self._buffer, self._at = data, 0
        return True

    def _take(self, size: int) -> bytes:
        parts = []
        while size > 0 and self._fill():
            part = self._buffer[self._at : self._at + size]
            self._at += len(part)
            size -= len(part)
            parts.append(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _skip(self, size: int) -> None:
        while size > 0 and self._fill():
            step = min(size, len(self._buffer) - self._at)
            self._at += step
            size -= step

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of the current member (b"" at its end)."""
        if self._left <= 0:
            return b""
        if size < 0 or size > self._left:
            size = self._left
        if not self._fill():
            raise TarFormatError("the tar stream ends inside a member")
        data = self._buffer[self._at : self._at + size]
        self._at += len(data)
        self._left -= len(data)
        return data

    def _all(self, limit: int) -> bytes:
        if self._left > limit:
            raise TarFormatError("a tar extended header is too big")
        return self._take(self._left)

    def __iter__(self) -> Iterator[Header]:
        extended: dict[str, str] = {}
        long_name = long_link = None
        while True:
            self._skip(self._left + self._pad)
            self._left = self._pad = 0
            block = self._take(BLOCK)
            if len(block) < BLOCK or block == ZEROS:
                return
            kind = block[156]
            size = _number(block[124:136])
            self._left, self._pad = size, -size % BLOCK
            if kind in (ord("x"), ord("g")):
                records = _pax(self._all(PAX_LIMIT))
                self._left = 0
                if kind == ord("x"):
                    extended.update(records)
                continue
            if kind in (ord("L"), ord("K")):
                value = _text(self._all(PAX_LIMIT))
                self._left = 0
                if kind == ord("L"):
                    long_name = value
                else:
                    long_link = value
                continue
            name = _text(block[0:100])
            if block[257:263] == b"ustar\x00" and block[345] != 0:
                name = _text(block[345:500]) + "/" + name
            name = long_name or extended.get("path") or name
            link = long_link or extended.get("linkpath") or _text(block[157:257])
            if "size" in extended:
                size = int(extended["size"])
                self._left, self._pad = size, -size % BLOCK
            if kind in NO_DATA:  # as tarfile: no data follows, whatever the size says
                self._left = self._pad = 0
            header = Header(name, kind, size, _number(block[100:108]), link)
            extended, long_name, long_link = {}, None, None
            yield header
