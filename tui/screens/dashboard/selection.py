"""What a pane has selected, and how many items it lists: read from its widgets only."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import DataTable

#: The panes whose selection has a preview.
PREVIEWED = frozenset({"containers", "images", "volumes", "networks", "swarm"})


def selection_of(pane: Widget) -> Any:
    """The selected container, image row, volume, network or swarm service (or None)."""
    if pane.id == "containers":
        table = getattr(pane, "table", None)
        return table.current_container() if table is not None else None
    if pane.id == "swarm":
        snapshot = getattr(pane, "snapshot", None)
        wanted = getattr(pane, "selected_service", None)
        services = getattr(snapshot, "services", None) or []
        return next((s for s in services if s.id == wanted), None)
    current = getattr(pane, "current", None)
    return current() if callable(current) else None


def selection_token(item: Any) -> Any:
    """What must change for the preview to be redrawn: identity, and a container's state."""
    if item is None:
        return None
    state = getattr(item, "state", None)
    ident = getattr(item, "id", None) or getattr(item, "key", None) or getattr(item, "name", None)
    return (type(item).__name__, ident, state)


def count_of(pane: Widget) -> str | None:
    """The pane bar's count: running/all for containers, the rows of other lists."""
    table = getattr(pane, "table", None) if pane.id == "containers" else None
    known = getattr(table, "known", None)
    if known is not None:
        running = sum(1 for r in known.values() if r.container.state == "running")
        return f"{running}/{len(known)}"
    if pane.id in ("events", "overview"):
        return None
    tables = [t for t in pane.query(DataTable) if t.display]
    if not tables:
        return None
    return str(tables[0].row_count)
