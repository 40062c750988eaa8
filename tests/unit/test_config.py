"""The config loader: validation names the field, unknown keys are reported, init loads back."""

from __future__ import annotations

import io
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.config import (
    OPTIONS,
    SECTIONS,
    _toml_value,
    default_config_text,
    load_config,
    parse_config,
    resolve_config_path,
)
from tui.config_cli import run_config_command
from tui.key_names import key_problem, split_keys
from tui.keymap import check_keymap, known_bindings
from tui.settings import Settings, apply_config, load_settings

PATH = Path("/nowhere/config.toml")
KNOWN_TOP = {o.key for o in OPTIONS if not o.section} | set(SECTIONS)

toml_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
keys = st.one_of(
    st.sampled_from(sorted(KNOWN_TOP | {o.key for o in OPTIONS})), st.text(min_size=1, max_size=12)
)
toml_values = st.recursive(
    toml_scalars, lambda inner: st.dictionaries(keys, inner, max_size=5), max_leaves=20
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(keys, toml_values, max_size=8))
def test_any_document_loads_without_raising_and_keeps_only_valid_values(data):
    loaded = parse_config(data, PATH)
    by_attr = {o.attr: o for o in OPTIONS}
    for attr, value in loaded.values.items():
        if attr == "read_only" and loaded.read_only_reason:
            assert value is True  # a read_only that cannot be read means read-only
            continue
        option = by_attr[attr]
        raw = data[option.key] if not option.section else data[option.section][option.key]
        assert option.check(raw) is None
        assert value == option.convert(raw)
    for key in data:
        if key not in KNOWN_TOP:
            assert any(
                p.startswith((f"{key}: unknown setting", f"{key}: did you mean read_only?"))
                for p in loaded.problems
            )
    apply_config(Settings(), loaded)  # whatever was kept fits the Settings


@st.composite
def valid_documents(draw):
    chosen = draw(st.lists(st.sampled_from(OPTIONS), unique_by=lambda o: o.attr))
    values = {}
    for option in chosen:
        if isinstance(option.default, bool):
            value = draw(st.booleans())
        elif option.attr == "stats_interval":
            value = draw(st.floats(min_value=0.2, max_value=60))
        elif option.attr == "stats_api_interval":
            value = draw(st.floats(min_value=0.5, max_value=120))
        elif option.attr == "stats_source":
            value = draw(st.sampled_from(["auto", "api", "cgroup"]))
        elif isinstance(option.default, int):
            low, high = {
                "stats_history_seconds": (10, 86400),
                "log_tail": (0, 10**6),
                "stop_timeout": (0, 3600),
                "update_check_minutes": (0, 10080),
            }.get(option.attr, (100, 10**6))
            value = draw(st.integers(min_value=low, max_value=high))
        elif option.attr == "log_since":
            value = draw(st.sampled_from(["", "5m", "1h", "30s", "2d", "2026-01-31T12:00:00Z"]))
        elif option.attr == "shell":
            value = draw(st.sampled_from(["", "zsh", "/bin/ash", "/usr/local/bin/fish"]))
        elif option.attr == "layout_mode":
            value = draw(st.sampled_from(["dashboard", "list"]))
        elif option.attr == "layout_previews_at":
            value = draw(st.sampled_from(["auto", "right", "bottom"]))
        elif option.attr == "layout_previews":
            value = draw(st.sampled_from([[], ["logs"], ["logs", "stats"]]))
        elif option.attr == "layout_split":
            value = draw(st.sampled_from([0.2, 0.5, 0.75]))
        elif option.attr == "compose_folders":
            value = draw(st.sampled_from([[], ["/srv"], ["~/apps", "/x y"]]))
        elif option.attr == "compose_command":
            value = draw(st.sampled_from(["", "/usr/local/bin/docker-compose"]))
        elif option.attr == "files_helper_image":
            value = draw(st.sampled_from(["busybox:latest", "alpine", "127.0.0.1:5000/tools:1"]))
        elif option.attr == "host":
            value = draw(st.sampled_from(["", "unix:///x.sock", "ssh://me@h", "tcp://h:2376"]))
        elif option.attr == "bandwidth":
            value = draw(st.sampled_from(["auto", "on", "off"]))
        else:
            value = draw(st.sampled_from(["dockpit", "dockpit-light", 'x y "quoted" \\ é']))
        values[option] = value
    return values


@settings(max_examples=100, deadline=None)
@given(valid_documents())
def test_valid_values_written_as_toml_load_back_unchanged(tmp_path_factory, values):
    sections: dict[str, list[str]] = {}
    for option, value in values.items():
        sections.setdefault(option.section, []).append(f"{option.key} = {_toml_value(value)}")
    text = "\n".join(sections.pop("", []))
    for section, lines in sections.items():
        text += f"\n[{section}]\n" + "\n".join(lines)
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_config(path)
    assert loaded.problems == []
    assert loaded.values == {o.attr: o.convert(v) for o, v in values.items()}


def test_bad_values_are_named_and_defaults_kept(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = 3\nconfirm_quit = "yes"\n[logs]\ntail = -1\ntial = 5\nsince = "yesterday"\n'
        '[stats]\ninterval = 0\n[keymap]\n"app.quit" = ""\n[engines]\nprod = "ftp://x"\n'
    )
    loaded = load_config(path)
    text = "\n".join(loaded.problems)
    for field in ("theme:", "confirm_quit:", "[logs] tail:", "[logs] since:", "[stats] interval:"):
        assert field in text
    assert "[logs] tial: unknown setting (did you mean 'tail'?)" in text
    assert "[keymap] app.quit:" in text and "[engines] prod:" in text
    assert loaded.values == {}
    settings_ = apply_config(Settings(), loaded)
    assert settings_.log_tail == 500 and settings_.theme == "dockpit"


def test_broken_toml_is_reported_not_raised(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("theme = \n[[[")
    loaded = load_config(path)
    assert loaded.problems and "not valid TOML" in loaded.problems[0]
    assert load_config(tmp_path / "missing.toml").problems == []


def test_init_output_loads_back_with_defaults(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    out = io.StringIO()
    assert (
        run_config_command(
            Namespace(config=str(path), config_action="init", force=False, stdout=False), out
        )
        == 0
    )
    loaded = load_config(path)
    assert loaded.problems == []
    assert loaded.values == {o.attr: o.convert(o.default) for o in OPTIONS}
    assert '"app.quit" = "q"' in path.read_text()  # the keymap lists real binding ids
    # refuses to overwrite, then check says OK
    assert (
        run_config_command(
            Namespace(config=str(path), config_action="init", force=False, stdout=False), out
        )
        == 1
    )
    out = io.StringIO()
    assert run_config_command(Namespace(config=str(path), config_action="check"), out) == 0
    assert "OK" in out.getvalue()
    assert default_config_text().count("[keymap]") == 1


def test_check_reports_unknown_keys_keymap_ids_and_themes(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "nope"\ncolour = 1\n[keymap]\n"app.quitt" = "x"\n')
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "broken.toml").write_text('name = "b"\nprimary = "#12"\n')
    out = io.StringIO()
    assert run_config_command(Namespace(config=str(path), config_action="check"), out) == 1
    text = out.getvalue()
    assert "colour: unknown setting" in text
    assert "app.quitt: no binding has this id (did you mean 'app.quit'?)" in text
    assert "broken.toml: primary:" in text
    assert "theme: no theme named 'nope'" in text


def test_path_resolution_order(tmp_path):
    assert resolve_config_path("/a/b.toml", {"DOCKPIT_CONFIG": "/c.toml"}) == Path("/a/b.toml")
    assert resolve_config_path(None, {"DOCKPIT_CONFIG": "/c.toml"}) == Path("/c.toml")
    assert resolve_config_path(None, {}).name == "config.toml"
    out = subprocess.run(
        [sys.executable, "-m", "tui", "--config", str(tmp_path / "x.toml"), "config", "path"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == str(tmp_path / "x.toml")


def test_environment_engine_wins_over_config_host(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[engine]\nhost = "unix:///from/config.sock"\n[keymap]\n"app.quit" = "x"\n')
    env = {"DOCKPIT_CONFIG": str(path)}
    assert load_settings(None, env).host == "unix:///from/config.sock"
    assert load_settings(None, {**env, "DOCKER_HOST": "unix:///env.sock"}).host is None
    loaded = load_settings(None, env)
    assert loaded.keymap == {"app.quit": "x"}
    assert loaded.themes_dir == tmp_path / "themes"


# -- config accepted in the unsafe direction (issue 26.5) --------------------------------------


def _check(path: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = run_config_command(Namespace(config=str(path), config_action="check"), out)
    return code, out.getvalue()


def _settings_from(path: Path) -> Settings:
    return load_settings(None, {"DOCKPIT_CONFIG": str(path)})


def test_a_read_only_that_is_not_a_boolean_means_read_only(tmp_path):
    path = tmp_path / "config.toml"
    for text in ('read_only = "yes"\n', 'read_only = "false"\n', "read_only = 0\n"):
        path.write_text(text)
        settings_ = _settings_from(path)
        assert settings_.read_only is True, text
        assert "read_only: expected true or false" in settings_.read_only_reason
        assert "starting read-only" in settings_.read_only_reason
        code, out = _check(path)
        assert code == 1 and "read_only: expected true or false" in out, out
    path.write_text("read_only = false\n")
    assert _settings_from(path).read_only is False
    assert _check(path)[0] == 0


def test_a_config_that_cannot_be_read_means_read_only(tmp_path):
    folder = tmp_path / "config.toml"
    folder.mkdir()  # reading it fails with an OSError (root can read a chmod 000 file)
    settings_ = _settings_from(folder)
    assert settings_.read_only is True and "cannot be read" in settings_.read_only_reason
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"read_only = false\n\xff\xfe")
    assert _settings_from(binary).read_only is True
    assert _check(binary)[0] == 1


def test_broken_toml_means_read_only_only_when_it_mentions_read_only(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "dockpit"\nread_only = false\n[[[\n')  # cannot tell: read-only
    settings_ = _settings_from(path)
    assert settings_.read_only is True and "not valid TOML" in settings_.read_only_reason
    path.write_text('theme = "dockpit"\n[[[\n')  # no read_only in it: the default is right
    settings_ = _settings_from(path)
    assert settings_.read_only is False and settings_.read_only_reason == ""
    assert any("not valid TOML" in p for p in settings_.config_problems)


def test_a_misplaced_or_misspelt_read_only_means_read_only(tmp_path):
    path = tmp_path / "config.toml"
    cases = {
        "[logs]\ntail = 10\nread_only = true\n": "[logs] read_only: read_only belongs at the top",
        "read-only = true\n": "read-only: did you mean read_only?",
        'readonly = "yes"\n': "readonly: did you mean read_only?",
        "[keymap]\nread_only = true\n": "[keymap] read_only: read_only belongs at the top",
    }
    for text, problem in cases.items():
        path.write_text(text)
        settings_ = _settings_from(path)
        assert settings_.read_only is True, text
        assert problem in settings_.read_only_reason, settings_.read_only_reason
        assert _check(path)[0] == 1
    path.write_text("[logs]\nread_only = false\n")  # says false: no need to force it
    settings_ = _settings_from(path)
    assert settings_.read_only is False
    assert any("belongs at the top" in p for p in settings_.config_problems)


def test_keymap_clashes_and_unparsable_keys_are_errors(tmp_path):
    path = tmp_path / "config.toml"
    cases = {
        # the same pane: l would both show logs and start/stop
        '"containers.logs" = "s"': "containers.logs: 's' is already containers.start_stop",
        # the App's help is live on every screen, the pane's kill too
        '"containers.kill" = "question_mark"': "containers.kill: 'question_mark' is already app.help",
        '"app.help" = "d"': "app.help: 'd' is already",
        # two remapped onto one key
        '"containers.logs" = "f5"\n"containers.shell" = "f5"': "containers.logs, containers.shell: both on 'f5'",
        '"containers.logs" = "F5"': "containers.logs: 'F5' is not a Textual key name",
        '"containers.logs" = "shift+ctrl+l"': "Textual writes it 'ctrl+shift+l'",
        '"containers.logs" = "ctrl+/"': "write the character by name ('slash')",
        '"containers.logs" = "Ctrl+l"': "'Ctrl' is not a modifier",
    }  # fmt: skip
    for keymap, problem in cases.items():
        path.write_text(f"[keymap]\n{keymap}\n")
        code, out = _check(path)
        assert code == 1 and problem in out, (keymap, out)
    fine = [
        '"containers.logs" = "s"\n"containers.start_stop" = "l"',  # a swap
        '"containers.details" = "enter,x"',  # enter also applies a filter: by default
        '"containers.logs" = "L,ctrl+l,f5"',
        '"app.theme" = "f6"\n"app.quit" = "x"\n"app.help" = "f1"',
        '"images.pull" = "r"',  # r restarts containers, but in another pane
    ]
    for keymap in fine:
        path.write_text(f"[keymap]\n{keymap}\n")
        code, out = _check(path)
        assert code == 0, (keymap, out)


def test_a_refused_keymap_entry_keeps_its_defaults_and_a_revert_is_checked_too():
    checked = check_keymap({"containers.logs": "s", "containers.shell": "l"})
    # logs is refused (s is start/stop) and goes back to l, which shell now clashes with
    assert checked.keymap == {}
    assert len(checked.problems) == 2
    checked = check_keymap({"containers.logs": "L", "nope.nothing": "x"})
    assert checked.keymap == {"containers.logs": "L"}
    assert checked.problems == ["[keymap] nope.nothing: no binding has this id"]


key_text = st.one_of(
    st.text(max_size=20),
    st.lists(
        st.one_of(
            st.sampled_from(["ctrl", "shift", "alt", "meta", "super", "hyper", "Ctrl", ""]),
            st.sampled_from(["a", "A", "f5", "F5", "slash", "/", "?", "question_mark", "enter"]),
            st.text(max_size=4),
        ),
        max_size=4,
    ).map("+".join),
)
binding_id = st.one_of(st.sampled_from([b.id for b in known_bindings()]), st.text(max_size=15))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(binding_id, st.lists(key_text, min_size=1, max_size=3).map(",".join)))
def test_any_keymap_is_checked_without_raising(keymap):
    checked = check_keymap(keymap)
    ids = {b.id for b in known_bindings()}
    assert set(checked.keymap) <= set(keymap) & ids
    for binding_id_, keys in checked.keymap.items():
        assert keys == keymap[binding_id_]
        assert all(key_problem(k) is None for k in split_keys(keys))
    refused = set(keymap) - set(checked.keymap)
    for refused_id in refused:
        assert any(refused_id in p for p in checked.problems), (refused_id, checked.problems)
    assert check_keymap(checked.keymap).problems == []  # what is applied is clean


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_key_problem_never_raises(key):
    assert key_problem(key) is None or isinstance(key_problem(key), str)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20), st.text(max_size=60))
def test_any_keymap_document_loads_and_checks(tmp_path_factory, binding_id_, keys):
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text(f"[keymap]\n{_toml_value(binding_id_)} = {_toml_value(keys)}\n")
    code, _ = _check(path)
    assert code in (0, 1)
