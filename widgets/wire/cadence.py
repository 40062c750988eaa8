"""How often things that refresh by themselves should: slower in bandwidth mode.

Widgets ask here (duck-typed on the app: ``bandwidth_on``, set by the App from the settings)
rather than reading settings, so that they stay free of the app and its screens."""

from __future__ import annotations

from textual.dom import DOMNode


def bandwidth_on(node: DOMNode) -> bool:
    try:
        return bool(getattr(node.app, "bandwidth_on", False))
    except Exception:  # noqa: BLE001 - no app yet (a widget built outside one)
        return False


def every(node: DOMNode, seconds: float, slow_seconds: float) -> float:
    """``seconds`` normally, ``slow_seconds`` in bandwidth mode."""
    return slow_seconds if bandwidth_on(node) else seconds
