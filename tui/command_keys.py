"""Custom commands' keys (config ``[[commands]] key``) checked against the built-in ones.

Custom keys come from the config file, so they are not in the static registry
(tui/binding_ids.py); a key that cannot fire (tui/key_names.py) or that a built-in binding
live in the same scope already holds (after the user's keymap) is refused: the command stays
in the palette without a key, and the problem is reported as a config error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tui import binding_ids
from tui.engine.custom.commands import CustomCommand
from tui.key_names import canonical, key_problem, split_keys

#: The classes whose bindings are live while a scope's list has the focus (besides the App's).
SCOPE_OWNERS: dict[str, tuple[str, ...]] = {
    "containers": ("ContainersPane", "KeyedTable", "MainScreen"),
    "images": ("ImagesPane", "KeyedTable", "MainScreen"),
    "volumes": ("VolumesPane", "KeyedTable", "MainScreen"),
    "networks": ("NetworksPane", "KeyedTable", "MainScreen"),
    "projects": ("ProjectsPane", "KeyedTable", "MainScreen"),
    "services": ("ServicesScreen", "KeyedTable"),
}


@dataclass
class CommandKeys:
    commands: list[CustomCommand] = field(default_factory=list)  # keys refused are emptied
    problems: list[str] = field(default_factory=list)


def built_in_keys(scope: str, keymap: Mapping[str, str]) -> dict[str, str]:
    """key -> the binding id that holds it in ``scope`` (the user's keymap applied)."""
    owners = set(SCOPE_OWNERS.get(scope, ())) | set(binding_ids.APP_OWNERS)
    held: dict[str, str] = {}
    for binding_id, keys, _description, owner in binding_ids.BINDINGS:
        if owner in owners:
            for key in split_keys(keymap.get(binding_id, keys)):
                held.setdefault(canonical(key), binding_id)
    return held


def check_command_keys(
    commands: Sequence[CustomCommand], keymap: Mapping[str, str] | None = None
) -> CommandKeys:
    result = CommandKeys()
    taken: dict[tuple[str, str], str] = {}  # (scope, key) -> the custom command holding it
    for command in commands:
        if not command.key:
            result.commands.append(command)
            continue
        held = built_in_keys(command.scope, keymap or {})
        problem = None
        for key in split_keys(command.key):
            bad = key_problem(key)
            name = canonical(key)
            if bad:
                problem = bad
            elif name in held:
                problem = f"{key!r} is already {held[name]} in the {command.scope} list"
            elif (command.scope, name) in taken:
                problem = f"{key!r} is already the command {taken[command.scope, name]!r}"
            if problem:
                break
        if problem:
            result.problems.append(
                f"[[commands]] {command.name!r}: {problem}; it has no key (palette only)"
            )
            command = replace(command, key="")
        else:
            for key in split_keys(command.key):
                taken[command.scope, canonical(key)] = command.name
        result.commands.append(command)
    return result
