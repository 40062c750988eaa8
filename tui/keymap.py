"""Every remappable binding (by id), and checking a user keymap against them.

The bindings come from the static registry tui/binding_ids.py (start-up and ``dockpit config
check`` never import the screens to find them). ``python -m tui.keymap --write`` regenerates
it from the live classes (tui/keymap_live.py).

A keymap entry is refused (the binding keeps its default keys, and the problem is reported)
when its id is unknown, when one of its keys can never fire (tui/key_names.py), or when it
puts a key on a binding that is live at the same time as another binding on that key: both
declared by the same class (or one by a base of the other's), or one of them by the App
(the App's bindings are live on every screen). Overlaps the defaults already have (``enter``
both opening details and applying a typed filter) are by design and not reported.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

from tui import binding_ids
from tui.key_names import canonical, key_problem, split_keys


@dataclass(frozen=True)
class BindingInfo:
    id: str
    keys: str  # the default keys, comma separated
    description: str
    owner: str  # the class that declares it


@dataclass
class KeymapCheck:
    keymap: dict[str, str] = field(default_factory=dict)  # the entries safe to apply
    problems: list[str] = field(default_factory=list)


def declared_bindings() -> list[BindingInfo]:
    """Every (binding id, owner class) pair, from the registry."""
    return [BindingInfo(*entry) for entry in binding_ids.BINDINGS]


def known_bindings() -> list[BindingInfo]:
    """One binding per id, sorted by id (the first owner when several declare it)."""
    found: dict[str, BindingInfo] = {}
    for info in declared_bindings():
        found.setdefault(info.id, info)
    return sorted(found.values(), key=lambda b: b.id)


def _live_together(a: str, b: str) -> bool:
    scopes, app = binding_ids.SCOPES, binding_ids.APP_OWNERS
    return a in scopes.get(b, (b,)) or b in scopes.get(a, (a,)) or a in app or b in app


def _keys(keys: str) -> set[str]:
    return {canonical(k) for k in split_keys(keys)}


def _clashes(keymap: Mapping[str, str], declared: list[BindingInfo]) -> tuple[set[str], list[str]]:
    """(the keymap ids to refuse, a problem for each clash) for one pass."""
    by_key: dict[str, list[BindingInfo]] = {}
    for info in declared:
        for key in _keys(keymap.get(info.id, info.keys)):
            by_key.setdefault(key, []).append(info)
    refused: set[str] = set()
    problems: list[str] = []
    for key, infos in by_key.items():
        for i, a in enumerate(infos):
            for b in infos[i + 1 :]:
                if a.id == b.id or not _live_together(a.owner, b.owner):
                    continue
                if key in _keys(a.keys) and key in _keys(b.keys):
                    continue  # the defaults overlap: by design
                mine = [x for x in (a, b) if x.id in keymap and key in _keys(keymap[x.id])]
                if not mine or all(x.id in refused for x in mine):
                    continue
                refused.update(x.id for x in mine)
                problems.append(_clash_message(key, a, b, mine))
    return refused, problems


def _clash_message(key: str, a: BindingInfo, b: BindingInfo, mine: list[BindingInfo]) -> str:
    where = f"both in {a.owner}" if a.owner == b.owner else f"{a.owner} and {b.owner}"
    if len(mine) == 2:
        return (
            f"[keymap] {a.id}, {b.id}: both on {key!r}, live at the same time ({where}); "
            "both keep their default keys"
        )
    (own,) = mine
    other = b if own is a else a
    return (
        f"[keymap] {own.id}: {key!r} is already {other.id} ({other.description}), live at the "
        f"same time ({where}); {own.id} keeps its default keys ({own.keys})"
    )


def check_keymap(keymap: Mapping[str, str]) -> KeymapCheck:
    """Which entries of ``keymap`` to apply, and a problem for each one refused."""
    if not keymap:
        return KeymapCheck()
    declared = declared_bindings()
    ids = sorted({b.id for b in declared})
    result = KeymapCheck()
    for binding_id, keys in keymap.items():
        if binding_id not in ids:
            close = difflib.get_close_matches(binding_id, ids, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            result.problems.append(f"[keymap] {binding_id}: no binding has this id{hint}")
            continue
        bad = next(filter(None, (key_problem(k) for k in split_keys(keys))), None)
        if bad:
            result.problems.append(f"[keymap] {binding_id}: {bad}; keeping the default keys")
            continue
        result.keymap[binding_id] = keys
    while True:  # a refused entry goes back to its defaults, which may clash with another
        refused, problems = _clashes(result.keymap, declared)
        if not refused:
            return result
        result.problems += problems
        result.keymap = {k: v for k, v in result.keymap.items() if k not in refused}


if __name__ == "__main__":  # python -m tui.keymap [--write | --check]
    from tui.keymap_live import main

    raise SystemExit(main(sys.argv[1:]))
