"""The config file: where it is, what it may hold, and validation that names the field.

The file is TOML at ``<platform config folder>/dockpit/config.toml`` (``dockpit config path``
prints it), overridden by the ``DOCKPIT_CONFIG`` environment variable and ``--config``. A
problem (bad TOML, a wrong type, an unknown key) never stops dockpit: the setting keeps its
default and the problem is reported (a notification at start, ``dockpit config check``).

Except in the unsafe direction: a ``read_only`` that cannot be read (not true/false, a file
that cannot be read or parsed but mentions it, ``read-only`` misspelt, ``read_only`` under a
[section]) means read-only, never the writable default. dockpit then starts read-only and
says why, rather than refusing to start: a dashboard that shows everything and changes
nothing is useful while the file is fixed, and nothing is changed that the user meant to
protect.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

APP_NAME = "dockpit"
CONFIG_ENV = "DOCKPIT_CONFIG"

#: A log ``since``: empty, a relative duration (30s, 5m, 1h, 2d) or a timestamp.
SINCE_PATTERN = re.compile(
    r"^$|^\d+(\.\d+)?[smhd]$|^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$|^\d{9,}$"
)
ENGINE_URL_PATTERN = re.compile(r"^(unix|tcp|ssh|npipe|http|https)://\S+$")
KEY_PATTERN = re.compile(r"^[^\s,]+(\s*,\s*[^\s,]+)*$")
#: A line of a file that did not parse which may set read_only (or a misspelling of it).
READ_ONLY_LINE = re.compile(r"^\s*[\"']?read[-_ ]?only[\"']?\s*=", re.IGNORECASE | re.MULTILINE)
READ_ONLY_FALLBACK = "starting read-only until it is fixed"


def default_config_path() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def resolve_config_path(flag: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """``--config``, else ``$DOCKPIT_CONFIG``, else the platform's config folder."""
    env = os.environ if environ is None else environ
    if flag:
        return Path(flag).expanduser()
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    return default_config_path()


def themes_dir_for(config_path: Path) -> Path:
    """User themes live next to the config file, in ``themes/``."""
    return config_path.parent / "themes"


Check = Callable[[Any], str | None]  # None when fine, else what is wrong


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {value!r}"


def _int_range(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return None
        return f"expected a whole number from {low} to {high}, got {value!r}"

    return check


def _float_range(low: float, high: float) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high:
            return None
        return f"expected a number from {low:g} to {high:g}, got {value!r}"

    return check


def _tail(value: Any) -> str | None:
    if value == "all":
        return None
    if _int_range(0, 1_000_000)(value) is None:
        return None
    return f'expected a whole number from 0 to 1000000 or "all", got {value!r}'


def _string(pattern: re.Pattern[str] | None = None, hint: str = "") -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"expected a string, got {value!r}"
        if pattern is not None and not pattern.match(value):
            return f"{value!r} is not valid ({hint})"
        return None

    return check


def _string_list(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"expected a list of strings, got {value!r}"
    return None


@dataclass(frozen=True)
class Option:
    section: str  # "" for the top level
    key: str
    attr: str  # the Settings attribute it sets
    default: Any
    check: Check
    doc: str
    convert: Callable[[Any], Any] = lambda v: v
    fail_safe: bool = False  # a bad value means True (the safe direction), not the default

    @property
    def where(self) -> str:
        return f"[{self.section}] {self.key}" if self.section else self.key


OPTIONS: list[Option] = [
    Option("", "theme", "theme", "dockpit", _string(), "dockpit, dockpit-light, dockpit-high-contrast, dockpit-colorblind, dockpit-ansi, or a user theme's name"),
    Option("", "read_only", "read_only", False, _bool, "nothing that changes anything: no stop, remove, prune, exec (--read-only)", fail_safe=True),
    Option("", "confirm_quit", "confirm_quit", False, _bool, "ask before quitting"),
    Option("", "bandwidth", "bandwidth", "auto", _string(re.compile(r"^(auto|on|off)$"), "auto, on or off"), "fewer bytes to the terminal (frames capped, slower stats): on, off, or auto (on inside an SSH session)"),
    Option("", "show_stopped", "show_stopped", True, _bool, "list stopped containers too"),
    Option("", "stop_timeout", "stop_timeout", 10, _int_range(0, 3600), "seconds stop / restart wait for a container before killing it"),
    Option("engine", "host", "host", "", _string(re.compile(r"^$|" + ENGINE_URL_PATTERN.pattern), "unix://, tcp://, ssh:// or empty"), "engine URL; empty: --host, DOCKER_HOST, docker context, default socket", lambda v: v or None),
    Option("stats", "interval", "stats_interval", 1.0, _float_range(0.2, 60), "seconds between live stats samples (cgroup files)", float),
    Option("stats", "api_interval", "stats_api_interval", 2.0, _float_range(0.5, 120), "seconds between stats samples asked of the engine's API", float),
    Option("stats", "history", "stats_history_seconds", 300, _int_range(10, 86400), "seconds of stats history shown in the graphs"),
    Option("stats", "source", "stats_source", "auto", _string(re.compile(r"^(auto|api|cgroup)$"), "auto, api or cgroup"), "where live stats come from: auto, api or cgroup"),
    Option("stats", "cpu_of_limit", "stats_cpu_of_limit", False, _bool, "CPU % of the container's own CPU limit (when it has one) instead of the host's"),
    Option("logs", "tail", "log_tail", 500, _tail, "lines of history shown when logs open (\"all\": everything)", lambda v: None if v == "all" else v),
    Option("logs", "since", "log_since", "", _string(SINCE_PATTERN, "a duration such as 5m, 1h, 2d, a date/time, or empty"), "only logs newer than this (5m, 1h, 2026-01-31T12:00:00); empty: no limit"),
    Option("logs", "wrap", "log_wrap", False, _bool, "wrap long log lines"),
    Option("logs", "timestamps", "log_timestamps", False, _bool, "show the engine's timestamps"),
    Option("logs", "max_lines", "log_max_lines", 10_000, _int_range(100, 1_000_000), "lines kept in memory per log view (older lines are dropped)"),
    Option("exec", "shell", "shell", "", _string(re.compile(r"^$|^/?[\w./+-]+$"), "a program name or path such as zsh or /bin/ash"), "shell that e (exec) tries first, then bash, then sh; empty: DOCKPIT_SHELL or bash", lambda v: v or None),
    Option("files", "helper_image", "files_helper_image", "busybox:latest", _string(re.compile(r"^[\w./:@-]+$"), "an image reference such as busybox:latest"), "image of the short-lived helper container that browses a volume no container mounts (never pulled)"),
    Option("compose", "folders", "compose_folders", (), _string_list, "more folders whose compose files (and those of their subfolders) the projects pane lists", list),
    Option("compose", "command", "compose_command", "", _string(), "the compose to run when neither `docker compose` nor `docker-compose` answers (a path)", lambda v: v or None),
    Option("updates", "check_minutes", "update_check_minutes", 360, _int_range(0, 10080), "minutes between asking registries whether running containers' images have a newer digest (a manifest HEAD, not a pull; at start too); 0: never"),
    Option("alerts", "toast", "notify_toast", True, _bool, "a toast when a container crashes, loops, is OOM killed or turns unhealthy"),
    Option("alerts", "bell", "notify_bell", False, _bool, "ring the terminal bell for such incidents (at most once per container a minute)"),
    Option("alerts", "desktop", "notify_desktop", False, _bool, "a desktop notification through the terminal (OSC 9 / OSC 777, over SSH too)"),
]  # fmt: skip
SECTIONS = (
    "engine",
    "engines",
    "stats",
    "logs",
    "exec",
    "files",
    "compose",
    "updates",
    "alerts",
    "keymap",
)
TOP_LEVEL = (*(o.key for o in OPTIONS if not o.section), "commands")


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _previews(value: Any) -> str | None:
    if not isinstance(value, list) or not set(value) <= {"logs", "stats"}:
        return f'{value!r} is not valid (a list of "logs" and "stats")'
    return None


#: [layout]: how the main screen is laid out (issue 18).
OPTIONS += [
    Option("layout", "mode", "layout_mode", "dashboard", _string(re.compile(r"^(dashboard|list)$"), "dashboard or list"), "dashboard: the list beside live previews of its selection; list: the list alone"),
    Option("layout", "split", "layout_split", 0.5, _float_range(0.2, 0.8), "the list's share of the width (or height when stacked)", float),
    Option("layout", "previews_at", "layout_previews_at", "auto", _string(re.compile(r"^(auto|right|bottom)$"), "auto, right or bottom"), "where the previews go: auto (right from 120 columns), right or bottom"),
    Option("layout", "previews", "layout_previews", ("logs", "stats"), _previews, "which previews a container gets: logs, stats", list),
]  # fmt: skip
SECTIONS = (*SECTIONS, "layout")  # type: ignore[assignment]


@dataclass
class LoadedConfig:
    path: Path
    exists: bool = False
    values: dict[str, Any] = field(default_factory=dict)  # Settings attribute -> value
    engines: dict[str, str] = field(default_factory=dict)
    keymap: dict[str, str] = field(default_factory=dict)
    commands: list[Any] = field(default_factory=list)  # CustomCommand ([[commands]])
    problems: list[str] = field(default_factory=list)
    read_only_reason: str = ""  # why read-only was forced (a read_only that cannot be read)

    def force_read_only(self, problem: str) -> None:
        self.values["read_only"] = True
        self.read_only_reason = problem
        self.problems.append(problem)


def _is_read_only_key(key: str) -> bool:
    """``read_only``, ``read-only``, ``readonly``, ``Read Only``: the user meant read_only."""
    return re.sub(r"[-_ ]", "", key.lower()) == "readonly"


def parse_config(data: Mapping[str, Any], path: Path) -> LoadedConfig:
    """Validate parsed TOML: good values are kept, every problem is named by its field."""
    loaded = LoadedConfig(path=path, exists=True)
    problems = loaded.problems
    by_section: dict[str, dict[str, Option]] = {}
    for option in OPTIONS:
        by_section.setdefault(option.section, {})[option.key] = option

    def take(option: Option, value: Any) -> None:
        error = option.check(value)
        if error and option.fail_safe:
            loaded.force_read_only(f"{option.where}: {error}; {READ_ONLY_FALLBACK}")
        elif error:
            problems.append(f"{option.where}: {error}; using the default {option.default!r}")
        else:
            loaded.values[option.attr] = option.convert(value)

    for key, value in data.items():
        if _is_read_only_key(key) and key != "read_only" and value is not False:
            loaded.force_read_only(f"{key}: did you mean read_only? {READ_ONLY_FALLBACK}")
        elif key in by_section[""]:
            take(by_section[""][key], value)
        elif key == "commands":
            from tui.engine.custom.commands import parse_commands

            parsed = parse_commands(value)
            loaded.commands = parsed.commands
            problems.extend(parsed.problems)
        elif key in SECTIONS:
            if isinstance(value, dict):
                value = _take_misplaced_read_only(key, value, loaded)
            if not isinstance(value, dict):
                problems.append(f"[{key}]: expected a table, got {value!r}")
            elif key == "engines":
                _parse_engines(value, loaded)
            elif key == "keymap":
                _parse_keymap(value, loaded)
            else:
                for sub, subvalue in value.items():
                    if sub in by_section[key]:
                        take(by_section[key][sub], subvalue)
                    else:
                        known = list(by_section[key])
                        problems.append(
                            f"[{key}] {sub}: unknown setting{_suggest(sub, known)}"
                            f" (known: {', '.join(known)})"
                        )
        else:
            suggestion = _suggest(key, list(TOP_LEVEL) + list(SECTIONS))
            problems.append(f"{key}: unknown setting{suggestion}")
    return loaded


def _take_misplaced_read_only(
    section: str, table: dict[str, Any], loaded: LoadedConfig
) -> dict[str, Any]:
    """A read_only under a [section] (TOML puts every line after a header in it): the user
    meant read-only unless it says false. The rest of the table is returned."""
    rest = {}
    for key, value in table.items():
        if not _is_read_only_key(key):
            rest[key] = value
        elif value is not False:
            loaded.force_read_only(
                f"[{section}] {key}: read_only belongs at the top of the file, before any "
                f"[section]; {READ_ONLY_FALLBACK}"
            )
        else:
            loaded.problems.append(f"[{section}] {key}: read_only belongs at the top of the file")
    return rest


def _parse_engines(table: dict[str, Any], loaded: LoadedConfig) -> None:
    for name, url in table.items():
        if isinstance(url, str) and ENGINE_URL_PATTERN.match(url):
            loaded.engines[name] = url
        else:
            loaded.problems.append(
                f"[engines] {name}: expected an engine URL such as ssh://user@host, got {url!r}"
            )


def _parse_keymap(table: dict[str, Any], loaded: LoadedConfig) -> None:
    for binding_id, keys in table.items():
        if isinstance(keys, str) and KEY_PATTERN.match(keys.strip()):
            loaded.keymap[binding_id] = keys.strip()
        else:
            loaded.problems.append(
                f'[keymap] {binding_id}: expected keys such as "x" or "ctrl+x,f5", got {keys!r}'
            )


def load_config(path: Path) -> LoadedConfig:
    """Read and validate the config file. A missing file is not a problem (defaults apply)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedConfig(path=path, exists=False)
    except OSError as error:
        loaded = LoadedConfig(path, True)
        reason = error.strerror or str(error)
        loaded.force_read_only(
            f"cannot be read ({reason}): read_only is unknown; {READ_ONLY_FALLBACK}"
        )
        return loaded
    except UnicodeDecodeError:
        loaded = LoadedConfig(path, True)
        loaded.force_read_only(f"is not UTF-8 text: read_only is unknown; {READ_ONLY_FALLBACK}")
        return loaded
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        loaded = LoadedConfig(path, True)
        if READ_ONLY_LINE.search(text):
            loaded.force_read_only(
                f"is not valid TOML: {error}; it sets read_only, which cannot be read: "
                f"{READ_ONLY_FALLBACK}"
            )
        else:
            loaded.problems.append(f"is not valid TOML: {error}; using defaults")
        return loaded
    return parse_config(data, path)


def _toml_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def default_config_text(bindings: list[tuple[str, str, str]] | None = None) -> str:
    """A commented config file holding every default (``dockpit config init`` writes it).

    ``bindings`` lists (binding id, default keys, description) for the [keymap] comments.
    """
    lines = [
        "# dockpit configuration (TOML). Every setting below holds its default value.",
        "# `dockpit config check` validates this file; unknown keys are reported, never ignored.",
        "# Command-line flags (--host, --read-only, --theme) win over this file.",
    ]
    section = None
    for option in OPTIONS:
        if option.section != section:
            section = option.section
            lines += ["", f"[{section}]"] if section else [""]
        lines += [f"# {option.doc}", f"{option.key} = {_toml_value(option.default)}"]
        if option.attr == "host":
            lines += [
                "",
                "[engines]",
                "# Named engines, e.g. for the hosts view:",
                '# prod = "ssh://admin@prod.example.com"',
                '# lab = "tcp://10.0.0.5:2376"   # TLS from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH',
            ]
    lines += [
        "",
        "[keymap]",
        "# Remap any binding by its id: one or more Textual key names, comma separated",
        '# (e.g. "x", "ctrl+x", "f5", "question_mark", "slash", "space").',
    ]
    if bindings:
        lines.append("# The bindings and their default keys:")
        entries = [(f'"{b}" = "{k}"', d) for b, k, d in bindings]
        width = max(len(e) for e, _ in entries)
        lines += [f"# {e:<{width}}  # {d}".rstrip() for e, d in entries]
    else:
        lines.append('# "app.quit" = "q"')
    return "\n".join(lines) + "\n"
