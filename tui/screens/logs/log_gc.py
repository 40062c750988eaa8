"""Shorter and fewer garbage-collector pauses while a logs view is open.

A followed flood makes ~20,000 LogLine objects a second. With CPython's default thresholds
(700, 10, 10) they live just long enough (the hand-over buffer, then the view's 10,000
lines) to be promoted to the oldest generation, so a full collection ran every ~4 s, and a
full collection walks every tracked object of the app (~200,000 with Textual, the tables
and the caches up): 0.2-0.8 s on a loaded 2-core machine, during which keys wait.

While a logs view is open:
- the objects that existed before it are frozen (``gc.freeze``: left out of collections),
  so a collection walks only what came later;
- the youngest generation is collected every 10,000 allocations instead of 700, so a line
  has usually scrolled out of the view (and been freed) before it could be promoted: full
  collections become rare.
When the last logs view closes, the thresholds come back and the frozen objects are
unfrozen (a cycle that became garbage meanwhile is collected then, not lost).
"""

from __future__ import annotations

import gc

LOGS_THRESHOLD0 = 10_000

_holders = 0
_saved: tuple[int, int, int] | None = None


def hold() -> None:
    """A logs view opened (pairs with release)."""
    global _holders, _saved
    if _holders == 0:
        _saved = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(max(LOGS_THRESHOLD0, _saved[0]), *_saved[1:])
    _holders += 1


def release() -> None:
    """A logs view closed."""
    global _holders, _saved
    if _holders <= 0:
        return
    _holders -= 1
    if _holders == 0:
        if _saved is not None and gc.get_threshold()[0] == max(LOGS_THRESHOLD0, _saved[0]):
            gc.set_threshold(*_saved)  # unless someone else changed them meanwhile
        _saved = None
        gc.unfreeze()


def holders() -> int:
    return _holders
