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
        option = by_attr[attr]
        raw = data[option.key] if not option.section else data[option.section][option.key]
        assert option.check(raw) is None
        assert value == option.convert(raw)
    for key in data:
        if key not in KNOWN_TOP:
            assert any(p.startswith(f"{key}: unknown setting") for p in loaded.problems)
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
            }.get(option.attr, (100, 10**6))
            value = draw(st.integers(min_value=low, max_value=high))
        elif option.attr == "log_since":
            value = draw(st.sampled_from(["", "5m", "1h", "30s", "2d", "2026-01-31T12:00:00Z"]))
        elif option.attr == "shell":
            value = draw(st.sampled_from(["", "zsh", "/bin/ash", "/usr/local/bin/fish"]))
        elif option.attr == "files_helper_image":
            value = draw(st.sampled_from(["busybox:latest", "alpine", "127.0.0.1:5000/tools:1"]))
        elif option.attr == "host":
            value = draw(st.sampled_from(["", "unix:///x.sock", "ssh://me@h", "tcp://h:2376"]))
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
