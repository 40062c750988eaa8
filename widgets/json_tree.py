"""A JSON document as a collapsible tree: search it, copy the value under the cursor.

The document's strings must already be safe (tui.engine.core.sanitize); labels are Text objects,
never markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

#: Leaf values longer than this are cut in the label (the copy keeps all of it).
LABEL_MAX = 200


@dataclass(frozen=True)
class JsonPath:
    path: str  # e.g. Config.Env[2]
    value: Any


def leaf_text(value: Any) -> Text:
    if value is None:
        return Text("null", style="dim italic")
    if isinstance(value, bool):
        return Text("true" if value else "false", style="magenta")
    if isinstance(value, (int, float)):
        return Text(str(value), style="cyan")
    text = str(value)
    if len(text) > LABEL_MAX:
        text = text[:LABEL_MAX] + "\u2026"
    return Text(json.dumps(text, ensure_ascii=False), style="green")


def value_for_copy(value: Any) -> str:
    """Strings as they are; everything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False)


class JsonTree(Tree[JsonPath]):
    DEFAULT_CSS = """
    JsonTree { height: 1fr; }
    """

    def __init__(self, label: str = "inspect", **kwargs: Any) -> None:
        super().__init__(Text(label), **kwargs)
        self.show_root = False
        self.guide_depth = 3

    def load(self, document: Any, expand_depth: int = 1) -> None:
        self.clear()
        self.root.data = JsonPath("", document)
        self._add_json(self.root, "", document, expand_depth)
        self.root.expand()

    def _add_json(self, node: TreeNode[JsonPath], path: str, value: Any, depth: int) -> None:
        items: list[tuple[str, str, Any]]
        if isinstance(value, dict):
            items = [(str(k), f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
        else:
            items = [(f"[{i}]", f"{path}[{i}]", v) for i, v in enumerate(value)]
        for key, child_path, child in items:
            label = Text(key, style="bold")
            data = JsonPath(child_path, child)
            if isinstance(child, (dict, list)) and child:
                size = len(child)
                label.append(f"  {{{size}}}" if isinstance(child, dict) else f"  [{size}]", "dim")
                branch = node.add(label, data=data, expand=depth > 1)
                self._add_json(branch, child_path, child, depth - 1)
            else:
                label.append(": ")
                label.append_text(leaf_text(child) if child not in ({}, []) else Text(str(child)))
                node.add_leaf(label, data=data)

    def all_nodes(self) -> list[TreeNode[JsonPath]]:
        out: list[TreeNode[JsonPath]] = []
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def matches(self, term: str) -> list[TreeNode[JsonPath]]:
        """Nodes whose key or leaf value contains ``term`` (any case), in document order."""
        needle = term.casefold()
        if not needle:
            return []
        return [node for node in self.all_nodes() if needle in str(node.label).casefold()]

    def reveal(self, node: TreeNode[JsonPath]) -> None:
        """Expand the ancestors of ``node`` and move the cursor to it."""
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self._go_to, node)

    def _go_to(self, node: TreeNode[JsonPath]) -> None:
        self.move_cursor(node)
        self.scroll_to_node(node)

    def current_value(self) -> JsonPath | None:
        node = self.cursor_node
        return node.data if node is not None else None
