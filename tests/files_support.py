"""Containers with known files for the files browser tests (issue 23)."""

from __future__ import annotations

import io
import os
import tarfile
import time

import docker

HELLO = b"hello from dockpit\nsecond line: needle here\nthird\n"
BLOB = bytes(range(256)) * 4 + b"\x00\xff"
MANY = 5000
BIG = 50 * 1024 * 1024


def _add(archive: tarfile.TarFile, name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE,
         link: str = "") -> None:  # fmt: skip
    member = tarfile.TarInfo(name)
    member.type = kind
    member.mtime = int(time.time())
    member.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
    member.linkname = link
    member.size = len(data) if kind == tarfile.REGTYPE else 0
    archive.addfile(member, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def known_files_tar(big: bool = False) -> bytes:
    """/data: hello.txt, blob.bin, link -> hello.txt, many/ (5,000 files), big.bin (50 MB)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:") as archive:
        _add(archive, "data", kind=tarfile.DIRTYPE)
        _add(archive, "data/hello.txt", HELLO)
        _add(archive, "data/blob.bin", BLOB)
        _add(archive, "data/link", kind=tarfile.SYMTYPE, link="hello.txt")
        _add(archive, "data/many", kind=tarfile.DIRTYPE)
        for index in range(MANY):
            _add(archive, f"data/many/f{index:05d}.txt", b"x")
        if big:
            _add(archive, "data/big.bin", os.urandom(1024 * 1024) * (BIG // (1024 * 1024)))
    return buffer.getvalue()


def with_known_files(client: docker.DockerClient, container, big: bool = False):
    """Put the known files into a (running or stopped) container; returns it."""
    client.api.put_archive(container.id, "/", known_files_tar(big))
    return container


def exec_out(container, *argv: str) -> bytes:
    code, output = container.exec_run(list(argv))
    assert code == 0, output
    return output
