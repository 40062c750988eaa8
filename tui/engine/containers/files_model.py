"""What the files browser shows: entries of a container folder, change marks, text or hex.

Pure functions and frozen dataclasses (no engine calls): the tar headers of the archive API
become ``FileEntry`` objects, ``docker diff`` kinds become marks, file bytes become lines.
Every name and every line shown comes out of here already made safe (sanitize.clean_text).
"""

from __future__ import annotations

import difflib
import hashlib
import posixpath
import stat as stat_module
import tarfile
from dataclasses import dataclass

from tui.engine.core.sanitize import clean_text

#: `docker diff` kinds (client.api.diff) -> the mark shown next to a path.
CHANGE_MARKS = {0: "C", 1: "A", 2: "D"}
CHANGE_WORDS = {"C": "changed", "A": "added", "D": "deleted"}
#: Bytes per line of a hex view.
HEX_WIDTH = 16
#: A file whose first bytes hold a NUL (or are not UTF-8) is shown as hex.
SNIFF = 8192


@dataclass(frozen=True)
class FileEntry:
    path: str  # absolute path in the container (raw: used for engine calls, never shown)
    kind: str  # "dir", "file", "link", "other"
    size: int = 0
    mode: int = 0  # permission bits
    uid: int = 0
    gid: int = 0
    owner: str = ""  # user name from the archive, else the uid
    mtime: float = 0.0
    link_target: str = ""
    change: str = ""  # "A", "C", "D" or "" (from `docker diff`)

    @property
    def name(self) -> str:
        """The entry's name, safe to show."""
        return clean_text(posixpath.basename(self.path.rstrip("/")) or "/")

    @property
    def is_dir(self) -> bool:
        return self.kind == "dir"

    @property
    def mode_text(self) -> str:
        """``drwxr-xr-x`` as ls shows it."""
        letter = {"dir": "d", "link": "l", "file": "-"}.get(self.kind, "?")
        return letter + stat_module.filemode(self.mode)[1:]


def entry_from_member(member: tarfile.TarInfo, path: str, change: str = "") -> FileEntry:
    """The entry of a tar header; ``path`` is the member's absolute container path."""
    if member.isdir():
        kind = "dir"
    elif member.issym():
        kind = "link"
    elif member.isfile() or member.islnk():
        kind = "file"
    else:
        kind = "other"
    return FileEntry(
        path=path,
        kind=kind,
        size=member.size,
        mode=member.mode & 0o7777,
        uid=member.uid,
        gid=member.gid,
        owner=clean_text(member.uname or str(member.uid)),
        mtime=float(member.mtime),
        link_target=clean_text(member.linkname) if member.issym() else "",
        change=change,
    )


def child_name(member_name: str, top: str) -> str | None:
    """The direct child of the archived folder that ``member_name`` is, or None.

    An archive of "/" names its members "/bin", "/bin/sh"; one of "/etc" names them "etc",
    "etc/hosts" (``top`` is the folder's own name from the path stat).
    """
    if top in ("/", ""):
        rest = member_name.strip("/")
    elif member_name.startswith(top + "/"):
        rest = member_name[len(top) + 1 :].strip("/")
    else:
        return None
    return rest if rest and "/" not in rest else None


def deleted_entry(path: str) -> FileEntry:
    """A path `docker diff` reports as deleted (it is in no archive any more)."""
    return FileEntry(path=path, kind="other", change="D")


def change_marks(diff: list[dict] | None) -> dict[str, str]:
    """``client.api.diff`` -> {absolute path: "A" | "C" | "D"}."""
    marks: dict[str, str] = {}
    for item in diff or []:
        path = str(item.get("Path") or "")
        mark = CHANGE_MARKS.get(int(item.get("Kind", -1)))
        if path and mark:
            marks[path] = mark
    return marks


def children_changes(marks: dict[str, str], folder: str) -> dict[str, str]:
    """The marks of ``folder``'s direct children."""
    prefix = folder.rstrip("/") + "/"
    return {
        path: mark
        for path, mark in marks.items()
        if path.startswith(prefix) and "/" not in path[len(prefix) :]
    }


def resolve_link(entry_path: str, target: str) -> str:
    """The absolute path a symlink at ``entry_path`` points to."""
    base = posixpath.dirname(entry_path.rstrip("/")) or "/"
    return posixpath.normpath(posixpath.join(base, target))


def looks_binary(data: bytes) -> bool:
    head = data[:SNIFF]
    if b"\x00" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4  # a character cut at the end of the sniff is fine
    return False


def text_lines(data: bytes) -> list[str]:
    """A text file's lines, tabs expanded, every control shown as a visible escape."""
    text = data.decode("utf-8", "replace")
    return [clean_text(line.expandtabs(8)) for line in text.splitlines()]


def hex_line(data: bytes, index: int) -> str:
    """Line ``index`` of a hex dump: offset, 16 bytes in hex, the printable ASCII."""
    chunk = data[index * HEX_WIDTH : (index + 1) * HEX_WIDTH]
    hexes = " ".join(f"{b:02x}" for b in chunk)
    text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
    return f"{index * HEX_WIDTH:08x}  {hexes:<{HEX_WIDTH * 3 - 1}}  {text}"


def hex_line_count(data: bytes) -> int:
    return (len(data) + HEX_WIDTH - 1) // HEX_WIDTH


def unified_diff(before: bytes, after: bytes, path: str) -> list[str]:
    """What an edit changed, as unified diff lines (safe to show)."""
    old = before.decode("utf-8", "replace").splitlines()
    new = after.decode("utf-8", "replace").splitlines()
    lines = difflib.unified_diff(old, new, f"a{path}", f"b{path}", lineterm="")
    return [clean_text(line.expandtabs(8)) for line in lines]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def human_size(count: int) -> str:
    value = float(count)
    for unit in ("B", "K", "M", "G"):
        if value < 1024 or unit == "G":
            return f"{count}" if unit == "B" else f"{value:.1f}{unit}"
        value /= 1024
    return str(count)
