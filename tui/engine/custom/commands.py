"""Custom commands: the user's own programs on a key (``[[commands]]`` in the config file).

A command is a template: ``argv = ["docker", "logs", "{name}"]`` (or one string, split like a
shell line would be, but never run by one). Each placeholder is replaced inside its own
argument, so a container named ``x; rm -rf ~`` stays ONE argument: no shell sees it. Only a
command that asks for one (``shell = true``) runs through ``sh -c``, and then every value is
quoted for that shell.

Fields a template may use: ``{id}``, ``{name}``, ``{image}``, ``{project}``, ``{service}``,
``{host}`` (the engine's URL), and the names of its prompts. ``{{`` and ``}}`` are braces.
Pure data and text here: parsing (with problems named by field) and expansion.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SCOPES = ("containers", "images", "volumes", "networks", "projects", "services")
FIELDS = ("id", "name", "image", "project", "service", "host")
OUTPUTS = ("panel", "terminal")
MARKS = ("each", "all")
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
PROMPT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KNOWN_KEYS = (
    "name", "key", "scope", "command", "shell", "prompts", "confirm", "dangerous",
    "output", "marks",
)  # fmt: skip


@dataclass(frozen=True)
class Prompt:
    name: str  # the placeholder it fills
    label: str
    default: str = ""


@dataclass(frozen=True)
class CustomCommand:
    name: str
    key: str  # Textual key names, comma separated ("" : palette only)
    scope: str
    argv: tuple[str, ...]  # the template, one entry per argument (shell: one entry)
    shell: bool = False
    prompts: tuple[Prompt, ...] = ()
    confirm: str = ""  # a question asked before running ("" : none)
    dangerous: bool = False  # changes things: refused in read-only mode
    output: str = "panel"  # panel: in the background, output in a panel; terminal: suspend
    marks: str = "each"  # each: once per marked row; all: once with every marked row

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "_", self.name.lower()).strip("_") or "command"


Row = Mapping[str, str]  # a selected row's fields (FIELDS)


def _fill(template: str, values: Mapping[str, str], quote: bool) -> str:
    def one(match: re.Match[str]) -> str:
        text = match.group(0)
        if text == "{{":
            return "{"
        if text == "}}":
            return "}"
        value = values.get(match.group(1), "")
        return shlex.quote(value) if quote else value

    return PLACEHOLDER.sub(one, template)


def _uses_row(template: str, prompts: Sequence[Prompt]) -> bool:
    own = {p.name for p in prompts}
    return any(m.group(1) and m.group(1) not in own for m in PLACEHOLDER.finditer(template))


def expand(
    command: CustomCommand, rows: Sequence[Row], answers: Mapping[str, str] | None = None
) -> list[list[str]]:
    """The argv of each run: one per row (``marks = "each"``) or one for all rows.

    With ``marks = "all"`` an argument that names a row's field is repeated once per row
    (``["docker", "stop", "{name}"]`` -> ``docker stop a b c``). Values never change how the
    template splits into arguments; with ``shell = true`` they are quoted for ``sh``.
    """
    answers = dict(answers or {})
    if not rows:
        return []
    if command.marks == "each" or len(rows) == 1:
        return [_one(command, {**row, **answers}) for row in rows]
    argv: list[str] = []
    for template in command.argv:
        if _uses_row(template, command.prompts):
            filled = [_fill(template, {**row, **answers}, command.shell) for row in rows]
            if command.shell:
                argv.append(" ".join(filled))
            else:
                argv.extend(filled)
        else:
            argv.append(_fill(template, answers, command.shell))
    return [_wrap(command, argv)]


def _one(command: CustomCommand, values: Mapping[str, str]) -> list[str]:
    return _wrap(command, [_fill(t, values, command.shell) for t in command.argv])


def _wrap(command: CustomCommand, argv: list[str]) -> list[str]:
    return ["sh", "-c", " ".join(argv)] if command.shell else argv


# ---- parsing (the config file's [[commands]]) -----------------------------------------------


@dataclass
class Parsed:
    commands: list[CustomCommand] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_commands(value: Any) -> Parsed:
    """Validate ``[[commands]]``: good entries are kept, each problem names its entry."""
    parsed = Parsed()
    if not isinstance(value, list):
        parsed.problems.append(f"[[commands]]: expected an array of tables, got {value!r}")
        return parsed
    names: set[str] = set()
    for index, table in enumerate(value, 1):
        where = f"[[commands]] #{index}"
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            where = f"[[commands]] {table['name']!r}"
        try:
            command = _parse_one(table)
        except ValueError as error:
            parsed.problems.append(f"{where}: {error}; this command is left out")
            continue
        if command.name in names:
            parsed.problems.append(f"{where}: a second command of this name is left out")
            continue
        names.add(command.name)
        parsed.commands.append(command)
    return parsed


def _text(table: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a string, got {value!r}")
    return value


def _choice(table: Mapping[str, Any], key: str, choices: Sequence[str]) -> str:
    value = _text(table, key, choices[0])
    if value not in choices:
        raise ValueError(f"{key}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def _flag(table: Mapping[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{key}: expected true or false, got {value!r}")
    return value


def _parse_one(table: Any) -> CustomCommand:
    if not isinstance(table, dict):
        raise ValueError(f"expected a table, got {table!r}")
    unknown = [k for k in table if k not in KNOWN_KEYS]
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r} (known: {', '.join(KNOWN_KEYS)})")
    name = _text(table, "name").strip()
    if not name:
        raise ValueError("name: must not be empty")
    shell = _flag(table, "shell")
    raw = table.get("command")
    if isinstance(raw, str):
        try:
            argv = (raw,) if shell else tuple(shlex.split(raw))
        except ValueError as error:
            raise ValueError(f"command: cannot be split into arguments ({error})") from None
    elif isinstance(raw, list) and raw and all(isinstance(a, str) for a in raw):
        argv = (" ".join(raw),) if shell else tuple(raw)
    else:
        raise ValueError(f"command: expected a string or a list of strings, got {raw!r}")
    if not argv:
        raise ValueError("command: is empty")
    prompts = _prompts(table.get("prompts", []))
    allowed = set(FIELDS) | {p.name for p in prompts}
    for template in argv:
        for match in PLACEHOLDER.finditer(template):
            if match.group(1) and match.group(1) not in allowed:
                raise ValueError(
                    f"command: unknown field {{{match.group(1)}}} "
                    f"(fields: {', '.join(FIELDS)}, and the prompts' names)"
                )
    confirm = table.get("confirm", "")
    if isinstance(confirm, bool):
        confirm = f"Run {name}?" if confirm else ""
    elif not isinstance(confirm, str):
        raise ValueError(f"confirm: expected true, false or a question, got {confirm!r}")
    return CustomCommand(
        name=name,
        key=_text(table, "key", "").strip(),
        scope=_choice(table, "scope", SCOPES),
        argv=argv,
        shell=shell,
        prompts=prompts,
        confirm=confirm,
        dangerous=_flag(table, "dangerous"),
        output=_choice(table, "output", OUTPUTS),
        marks=_choice(table, "marks", MARKS),
    )


def _prompts(value: Any) -> tuple[Prompt, ...]:
    if not isinstance(value, list):
        raise ValueError(f"prompts: expected a list of tables, got {value!r}")
    prompts = []
    for item in value:
        if isinstance(item, str) and PROMPT_NAME.match(item):
            item = {"name": item}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"prompts: expected {{ name = ..., label = ... }}, got {item!r}")
        name = item["name"]
        if not PROMPT_NAME.match(name) or name in FIELDS:
            raise ValueError(f"prompts: {name!r} is not a usable name (letters, digits, _; "
                             f"not one of {', '.join(FIELDS)})")  # fmt: skip
        label = item.get("label", name)
        default = item.get("default", "")
        if not isinstance(label, str) or not isinstance(default, str):
            raise ValueError(f"prompts: {name}: label and default must be strings")
        prompts.append(Prompt(name, label, default))
    return tuple(prompts)
