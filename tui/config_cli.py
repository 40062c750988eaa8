"""`dockpit config path|init|check|keys`: the config file from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from tui.config import default_config_text, load_config, resolve_config_path, themes_dir_for


def add_config_command(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "config",
        help="show, create or check the config file",
        description="The config file: TOML, at `dockpit config path` "
        "(override with --config or DOCKPIT_CONFIG).",
    )
    actions = parser.add_subparsers(dest="config_action", required=True, metavar="ACTION")
    actions.add_parser("path", help="print where the config file is (it need not exist)")
    init = actions.add_parser("init", help="write a commented config file holding the defaults")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.add_argument("--stdout", action="store_true", help="print it instead of writing it")
    actions.add_parser("check", help="validate the config file, its keymap and user themes")
    keys = actions.add_parser("keys", help="list every binding id with its default keys")
    keys.add_argument("--markdown", action="store_true", help="as a Markdown table")


def run_config_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    path = resolve_config_path(args.config)
    action = args.config_action
    if action == "path":
        print(path, file=out)
        return 0
    if action == "keys":
        from tui.keymap import known_bindings

        bindings = known_bindings()
        if getattr(args, "markdown", False):
            print("| keys | action | binding id |\n|---|---|---|", file=out)
            for info in bindings:
                keys = " ".join(f"`{_display(k.strip())}`" for k in info.keys.split(","))
                print(f"| {keys} | {info.description} | `{info.id}` |", file=out)
            return 0
        for info in bindings:
            print(f"{info.id:<32} {info.keys:<16} {info.description}", file=out)
        return 0
    if action == "init":
        from tui.keymap import known_bindings

        text = default_config_text([(b.id, b.keys, b.description) for b in known_bindings()])
        if args.stdout:
            out.write(text)
            return 0
        if path.exists() and not args.force:
            print(f"dockpit: {path} exists; use --force to overwrite it", file=sys.stderr)
            return 1
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=out)
        return 0
    return check_config(path, out)


def _display(key: str) -> str:
    """``question_mark`` -> ``?``; ``ctrl+t`` and ``escape`` stay as they are."""
    from textual.keys import key_to_character

    character = key_to_character(key) if key not in ("space", "escape", "enter", "tab") else None
    return character if character and character.isprintable() else key


def check_config(path, out: TextIO) -> int:
    import themes
    from tui.keymap import check_keymap

    loaded = load_config(path)
    problems = [f"{path}: {p}" for p in loaded.problems]
    problems += [f"{path}: {p}" for p in check_keymap(loaded.keymap).problems]
    from tui.command_keys import check_command_keys

    problems += [
        f"{path}: {p}" for p in check_command_keys(loaded.commands, loaded.keymap).problems
    ]
    user_themes, theme_problems = themes.load_user_themes(themes_dir_for(path))
    problems += [str(p) for p in theme_problems]
    names = themes.known_theme_names(user_themes)
    theme = loaded.values.get("theme")
    if theme is not None and theme not in names:
        problems.append(
            f"{path}: theme: no theme named {theme!r} (have: {', '.join(sorted(names))})"
        )
    if not loaded.exists:
        print(
            f"{path} does not exist: the defaults apply (`dockpit config init` writes it)", file=out
        )
    for problem in problems:
        print(problem, file=out)
    if problems:
        return 1
    extra = f", {len(user_themes)} user theme(s)" if user_themes else ""
    print(f"{path}: OK{extra}", file=out)
    return 0
