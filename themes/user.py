"""User themes: TOML files in ``<config folder>/themes/``, validated field by field.

A file looks like this (every colour is a CSS colour: ``#rrggbb``, ``rgb(...)``, a name such as
``tomato``, or an ANSI colour such as ``ansi_green``)::

    name = "harbour"          # required; how the theme is chosen (config `theme`, the palette)
    primary = "#2496ED"       # required
    dark = true               # optional, default true
    background = "#0E1621"    # optional: secondary warning error success accent foreground
                              #           background surface panel boost
    [states]                  # optional: running paused restarting exited unhealthy dead
    running = "#3DDC97"       #           created removing
    [graphs]                  # optional: cpu memory net-rx net-tx block-read block-write pids
    cpu = "#2496ED"
    [variables]               # optional: any Textual theme variable, e.g. footer-key-foreground
    border = "#2496ED"

A broken file never stops the app: it is skipped and reported with the field at fault.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES as TEXTUAL_THEMES
from textual.theme import Theme

from themes.builtin import BUILTIN_NAMES
from themes.palette import GRAPHS, STATES, VARIABLE_NAMES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

COLOR_FIELDS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
TABLES = ("states", "graphs", "variables")
KNOWN_FIELDS = ("name", "dark", "ansi", "luminosity_spread", "text_alpha", *COLOR_FIELDS, *TABLES)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TEXT_STYLE_WORDS = frozenset(
    {"none", "bold", "italic", "underline", "reverse", "dim", "strike", "blink", "not"}
)


@dataclass(frozen=True)
class ThemeProblem:
    path: Path
    field: str  # "name", "states.running", "(file)" ...
    message: str
    fatal: bool = True  # the theme was not loaded

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


def _textual_variable_names() -> frozenset[str]:
    return frozenset(TEXTUAL_THEMES["textual-dark"].to_color_system().generate())


def _check_color(value: Any) -> str | None:
    """None when ``value`` is a colour, else what is wrong with it."""
    if not isinstance(value, str):
        return f"expected a colour string, got {type(value).__name__} {value!r}"
    try:
        Color.parse(value)
    except ColorParseError:
        return f"{value!r} is not a colour (use #rrggbb, rgb(r,g,b), a colour name or ansi_<name>)"
    return None


def _check_text_style(value: Any) -> str | None:
    if not isinstance(value, str) or not value.split():
        return f"expected text style words such as 'bold' or 'none', got {value!r}"
    bad = [w for w in value.split() if w not in TEXT_STYLE_WORDS]
    if bad:
        return f"unknown text style {bad[0]!r} (use: {', '.join(sorted(TEXT_STYLE_WORDS))})"
    return None


def parse_theme(data: dict[str, Any], path: Path) -> tuple[Theme | None, list[ThemeProblem]]:
    """Validate a theme's TOML data: the Theme (None when a fatal problem was found) and
    every problem, each naming its field."""
    problems: list[ThemeProblem] = []

    def problem(field: str, message: str, fatal: bool = True) -> None:
        problems.append(ThemeProblem(path, field, message, fatal))

    for key in data:
        if key not in KNOWN_FIELDS:
            problem(key, f"unknown field (known: {', '.join(KNOWN_FIELDS)})", fatal=False)

    name = data.get("name")
    if name is None:
        problem("name", 'missing (every theme needs a name, e.g. name = "harbour")')
    elif not isinstance(name, str) or not NAME_PATTERN.match(name):
        problem("name", f"{name!r} is not a valid name (lower-case letters, digits, - and _)")
    elif name in BUILTIN_NAMES or name in TEXTUAL_THEMES:
        problem("name", f"{name!r} is a built-in theme; choose another name")

    if "primary" not in data:
        problem("primary", "missing (every theme needs a primary colour)")
    colors: dict[str, str] = {}
    for field in COLOR_FIELDS:
        if field in data:
            error = _check_color(data[field])
            if error:
                problem(field, error)
            else:
                colors[field] = data[field]

    flags: dict[str, Any] = {}
    for field in ("dark", "ansi"):
        if field in data:
            if isinstance(data[field], bool):
                flags[field] = data[field]
            else:
                problem(field, f"expected true or false, got {data[field]!r}")
    for field in ("luminosity_spread", "text_alpha"):
        if field in data:
            value = data[field]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1:
                flags[field] = float(value)
            else:
                problem(field, f"expected a number from 0 to 1, got {value!r}")

    variables: dict[str, str] = {}
    known_variables = _textual_variable_names() | set(VARIABLE_NAMES)
    for table, prefix, allowed in (
        ("states", "state-", STATES),
        ("graphs", "graph-", GRAPHS),
        ("variables", "", None),
    ):
        if table not in data:
            continue
        entries = data[table]
        if not isinstance(entries, dict):
            problem(table, f"expected a table [{table}], got {entries!r}")
            continue
        for key, value in entries.items():
            field = f"{table}.{key}"
            if allowed is not None and key not in allowed:
                problem(field, f"unknown {table[:-1]} (known: {', '.join(allowed)})")
                continue
            variable = prefix + key
            if allowed is None and variable not in known_variables:
                problem(field, "unknown theme variable")
                continue
            checker = _check_text_style if variable.endswith("text-style") else _check_color
            error = checker(value)
            if error:
                problem(field, error)
            else:
                variables[variable] = value

    if any(p.fatal for p in problems):
        return None, problems
    assert isinstance(name, str)
    theme = Theme(name=name, primary=colors.pop("primary"), variables=variables)
    for attr, value in {**colors, **flags}.items():
        setattr(theme, attr, value)
    try:
        theme.to_color_system().generate()
    except Exception as error:  # noqa: BLE001 - a theme Textual itself cannot use
        problems.append(ThemeProblem(path, "(theme)", f"Textual rejected it: {error}"))
        return None, problems
    return theme, problems


def load_theme_file(path: Path) -> tuple[Theme | None, list[ThemeProblem]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return None, [ThemeProblem(path, "(file)", f"cannot be read: {error.strerror or error}")]
    except UnicodeDecodeError:
        return None, [ThemeProblem(path, "(file)", "is not UTF-8 text")]
    except tomllib.TOMLDecodeError as error:
        return None, [ThemeProblem(path, "(file)", f"is not valid TOML: {error}")]
    return parse_theme(data, path)


def load_user_themes(directory: Path) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every ``*.toml`` theme in ``directory`` (sorted by file name) and every problem found.
    A missing directory is not a problem: user themes are optional."""
    themes: list[Theme] = []
    problems: list[ThemeProblem] = []
    if not directory.is_dir():
        return themes, problems
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.toml")):
        theme, found = load_theme_file(path)
        problems.extend(found)
        if theme is None:
            continue
        if theme.name in seen:
            problems.append(
                ThemeProblem(
                    path, "name", f"{theme.name!r} is already defined in {seen[theme.name]}"
                )
            )
            continue
        seen[theme.name] = path
        themes.append(theme)
    return themes, problems
