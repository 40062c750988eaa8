"""The ONE place where untrusted text (names, labels, logs, errors) is made safe.

Engine text can carry terminal escape sequences (ESC, C1 bytes, OSC 52 clipboard writes,
screen clears), bidi overrides and Textual/Rich markup. Everything a widget shows from the
engine goes through :func:`clean_text` (or :func:`clean_log_line` for log views, which keeps
SGR colour codes and nothing else). Controls are not dropped silently: they are shown as
visible escapes (``\\x1b``), so the user sees that something odd was there.

Markup is never interpreted: widgets receive ``rich.text.Text``/``Content`` objects built
from these strings, never markup strings.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, C1 controls, and bidi / invisible direction marks.
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\ufff9-\ufffb]")
_UNSAFE_WITH_NL_RE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "\ufff9-\ufffb]")

# A well-formed SGR sequence: ESC [ params m, params digits and ; or : only.
_SGR_RE = re.compile("\x1b\\[[0-9;:]{0,64}m")

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def decode(data: bytes | bytearray | str | None) -> str:
    """Bytes from the engine to str: invalid UTF-8 becomes U+FFFD, never an exception."""
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    return bytes(data).decode("utf-8", "replace")


def clean_text(value: object, *, keep_newlines: bool = False) -> str:
    """Make one piece of engine text safe for a single-line widget cell.

    Every control character (C0 but TAB/LF when ``keep_newlines``, DEL, C1, ESC) and every
    bidi override is replaced by a visible escape.
    """
    text = (
        decode(value)
        if isinstance(value, (bytes, bytearray))
        else str(value if value is not None else "")
    )
    pattern = _UNSAFE_RE if keep_newlines else _UNSAFE_WITH_NL_RE
    return pattern.sub(_visible, text)


def clean_log_line(value: bytes | bytearray | str) -> str:
    """Make one log line safe while keeping SGR colour codes (and only those).

    The result may contain ``ESC [ ... m`` sequences, for ``Text.from_ansi``; every other
    control or escape is shown as a visible escape.
    """
    text = decode(value)
    out: list[str] = []
    pos = 0
    for match in _SGR_RE.finditer(text):
        out.append(_UNSAFE_WITH_NL_RE.sub(_visible, text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_UNSAFE_WITH_NL_RE.sub(_visible, text[pos:]))
    return "".join(out)


def strip_sgr(value: str) -> str:
    """Remove SGR sequences (for searching and saving plain text)."""
    return _SGR_RE.sub("", value)
