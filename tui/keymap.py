"""Every remappable binding (by id), and checking a user keymap against them."""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

#: Packages whose modules are imported so that every screen and widget class is known.
PACKAGES = ("tui.screens", "widgets")


@dataclass(frozen=True)
class BindingInfo:
    id: str
    keys: str
    description: str
    owner: str  # the class that declares it


def _import_all() -> None:
    importlib.import_module("tui.app")
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, package_name + "."):
            try:
                importlib.import_module(module.name)
            except Exception:  # noqa: BLE001 - a broken module must not break `config check`
                continue


def _subclasses(cls: type) -> list[type]:
    seen: list[type] = []
    stack: list[type] = [cls]
    while stack:
        current = stack.pop()
        subs: list[type] = current.__subclasses__()
        for sub in subs:
            if sub not in seen:
                seen.append(sub)
                stack.append(sub)
    return seen


def all_bindings() -> list[BindingInfo]:
    """The bindings with an id declared by dockpit's classes, sorted by id (first wins)."""
    _import_all()
    found: dict[str, BindingInfo] = {}
    for cls in _subclasses(DOMNode):
        if not cls.__module__.startswith(("tui.", "widgets.", "themes.")):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id and binding.id not in found:
                found[binding.id] = BindingInfo(
                    binding.id, binding.key, binding.description or binding.action, cls.__name__
                )
    return sorted(found.values(), key=lambda b: b.id)


def check_keymap(keymap: dict[str, str], known: list[BindingInfo] | None = None) -> list[str]:
    """A problem for each binding id in ``keymap`` that no dockpit binding has."""
    ids = [b.id for b in (known if known is not None else all_bindings())]
    problems = []
    for binding_id in keymap:
        if binding_id not in ids:
            close = difflib.get_close_matches(binding_id, ids, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"[keymap] {binding_id}: no binding has this id{hint}")
    return problems
