"""Custom commands: parsing [[commands]], expanding templates, keys checked against built-ins."""

from __future__ import annotations

from pathlib import Path

from tui.command_keys import check_command_keys
from tui.config import parse_config
from tui.engine.custom.commands import expand, parse_commands

HOSTILE = "x; touch /tmp/pwned $(id) `id` 'q\" \\n"


def one(**table):
    parsed = parse_commands([{"name": "t", "scope": "containers", **table}])
    assert not parsed.problems, parsed.problems
    return parsed.commands[0]


def test_values_stay_one_argument_without_a_shell():
    command = one(command="echo --name={name} {project}")
    runs = expand(command, [{"name": "web", "project": HOSTILE}])
    assert runs == [["echo", "--name=web", HOSTILE]]


def test_a_shell_command_gets_quoted_values():
    command = one(command="echo {project} > /dev/null", shell=True)
    (argv,) = expand(command, [{"project": HOSTILE}])
    assert argv[:2] == ["sh", "-c"]
    import shlex

    assert shlex.split(argv[2]) == ["echo", HOSTILE, ">", "/dev/null"]


def test_marks_each_and_all():
    rows = [{"name": "a"}, {"name": "b"}]
    assert expand(one(command=["docker", "stop", "{name}"]), rows) == [
        ["docker", "stop", "a"],
        ["docker", "stop", "b"],
    ]
    assert expand(one(command=["docker", "stop", "{name}"], marks="all"), rows) == [
        ["docker", "stop", "a", "b"]
    ]


def test_prompts_fill_their_placeholders_and_braces_escape():
    command = one(command=["echo", "{{{tag}}}", "{name}:{tag}"], prompts=[{"name": "tag"}])
    assert expand(command, [{"name": "n"}], {"tag": "v2"}) == [["echo", "{v2}", "n:v2"]]


def test_problems_name_the_entry():
    parsed = parse_commands(
        [
            {"name": "a", "scope": "pods", "command": "x"},
            {"name": "b", "command": "echo {nope}"},
            {"name": "c", "command": "echo", "colour": 1},
            {"name": "d", "command": "echo", "dangerous": "yes"},
            {"name": "ok", "command": "echo {id}"},
        ]
    )
    assert [c.name for c in parsed.commands] == ["ok"]
    assert len(parsed.problems) == 4
    assert "'a'" in parsed.problems[0] and "scope" in parsed.problems[0]
    assert "{nope}" in parsed.problems[1]


def test_config_file_reads_commands():
    loaded = parse_config(
        {"commands": [{"name": "Top", "key": "ctrl+y", "command": "docker top {id}"}]},
        Path("c.toml"),
    )
    assert not loaded.problems
    assert loaded.commands[0].argv == ("docker", "top", "{id}")


def test_keys_that_clash_with_built_ins_are_refused():
    commands = parse_commands(
        [
            {"name": "s", "key": "s", "command": "echo"},  # containers.start_stop
            {"name": "ok", "key": "ctrl+y", "command": "echo"},
            {"name": "twice", "key": "ctrl+y", "command": "echo"},
            {"name": "bad", "key": "Ctrl+Y", "command": "echo"},
            {"name": "img", "key": "s", "scope": "images", "command": "echo"},
        ]
    ).commands
    checked = check_command_keys(commands, {})
    keys = {c.name: c.key for c in checked.commands}
    assert keys["s"] == "" and keys["ok"] == "ctrl+y" and keys["twice"] == "" and keys["bad"] == ""
    assert any("containers.start_stop" in p for p in checked.problems)
    # a key moved away by the user's keymap is free again
    moved = check_command_keys(commands[:1], {"containers.start_stop": "f6"})
    assert moved.commands[0].key == "s" and not moved.problems
