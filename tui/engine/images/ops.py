"""The door's operations on images (list, tag, remove, pull, push, build, save, load, import, ...) (see core/door.py)."""

from __future__ import annotations

from tui.engine.core.door import Operations


class ImageOps(Operations):
    """``session.images``: operations on images (list, tag, remove, pull, push, build, save, load, import, ...)."""
