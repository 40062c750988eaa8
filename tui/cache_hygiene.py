"""Let go of what removed widgets leave in Textual's global caches (a long session's memory).

Textual 8.2.8 memoises ``StylesCache.get_inner_outer`` with a class-wide ``lru_cache(1024)``
whose keys hold the StylesCache of every widget that ever rendered, and each StylesCache keeps
its widget's last rendered lines (strips, segments, their own crop/style caches). A widget
removed from the screen (a closed logs screen, a footer key rebuilt on a bindings change) thus
keeps its rendered lines alive until 1024 newer entries push it out: several MB of dead
strips after a dozen screens opened and closed. The entries are cheap to recompute (two styles
from two colours), so the app clears that cache every SWEEP_SECONDS.
"""

from __future__ import annotations

from widgets.textual_compat import clear_styles_cache

SWEEP_SECONDS = 30.0


def release_dead_widget_caches() -> None:
    """Drop Textual's memoised styles keyed by widgets' StylesCache (live ones refill it)."""
    clear_styles_cache()
