"""Built-in themes, the state/graph helpers, and user theme files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.color import Color

import themes
from themes.palette import STATE_SYMBOLS, variable_defaults
from themes.user import load_theme_file, load_user_themes, parse_theme


def test_five_builtin_themes_with_every_variable():
    names = [t.name for t in themes.BUILTIN_THEMES]
    assert names[0] == "dockpit" and len(names) >= 5
    assert {"dockpit-light", "dockpit-high-contrast", "dockpit-colorblind", "dockpit-ansi"} <= set(
        names
    )
    for theme in themes.BUILTIN_THEMES:
        for variable in themes.VARIABLE_NAMES:
            Color.parse(theme.variables[variable])  # each theme sets each one explicitly
        theme.to_color_system().generate()


def test_ansi_theme_uses_only_the_16_ansi_colours():
    ansi = next(t for t in themes.BUILTIN_THEMES if t.name == "dockpit-ansi")
    assert ansi.ansi
    for field in ("primary", "secondary", "accent", "warning", "error", "success"):
        assert getattr(ansi, field).startswith("ansi_")
    for value in ansi.variables.values():
        assert value.startswith("ansi_") or value == "none"
    colors = themes.graph_colors(ansi)
    assert all(isinstance(c, int) and 0 <= c < 16 for c in colors.values())
    style = themes.state_style(ansi, "running")
    assert style.color is not None and style.color.number is not None and style.color.number < 16


def test_colorblind_theme_avoids_red_green_and_states_have_distinct_symbols():
    cb = next(t for t in themes.BUILTIN_THEMES if t.name == "dockpit-colorblind")
    running = Color.parse(cb.variables["state-running"])
    exited_or_dead = Color.parse(cb.variables["state-dead"])
    assert running.rgb != exited_or_dead.rgb
    assert running.b > running.g  # blue, not green, means fine
    symbols = [STATE_SYMBOLS[s] for s in ("running", "paused", "exited", "unhealthy", "restarting")]
    assert len(set(symbols)) == len(symbols)
    assert themes.state_text(cb, "running", "unhealthy").plain == "▲ unhealthy"
    assert themes.state_text(cb, "exited").plain == "■ exited"


def test_themes_without_dockpit_variables_get_defaults():
    from textual.theme import BUILTIN_THEMES

    nord = BUILTIN_THEMES["nord"]
    values = variable_defaults(nord)
    assert values["state-running"] == nord.success
    assert values["graph-cpu"] == nord.primary
    assert themes.state_style(nord, "exited").color is not None
    assert set(themes.graph_colors(nord)) == set(themes.GRAPHS)


@given(st.text(max_size=12), st.one_of(st.none(), st.text(max_size=10)))
def test_state_text_never_fails(state, health):
    text = themes.state_text(themes.BUILTIN_THEMES[0], state, health)
    assert text.plain.split(" ", 1)[0]


GOOD = """
name = "harbour"
primary = "#2496ED"
dark = false
background = "ansi_black"
[states]
running = "tomato"
[graphs]
cpu = "rgb(1,2,3)"
[variables]
footer-key-foreground = "#ffffff"
block-cursor-text-style = "bold"
"""


def test_user_theme_loads(tmp_path: Path):
    (tmp_path / "harbour.toml").write_text(GOOD)
    loaded, problems = load_user_themes(tmp_path)
    assert problems == []
    (theme,) = loaded
    assert theme.name == "harbour" and theme.dark is False
    assert theme.variables["state-running"] == "tomato"
    assert themes.graph_colors(theme)["cpu"] == (1, 2, 3)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('primary = "#fff"', "name"),
        ('name = "x"', "primary"),
        ('name = "Bad Name"\nprimary = "#fff"', "name"),
        ('name = "dockpit"\nprimary = "#fff"', "name"),
        ('name = "x"\nprimary = "#ff"', "primary"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"', "dark"),
        ('name = "x"\nprimary = "#fff"\ntext_alpha = 2', "text_alpha"),
        ('name = "x"\nprimary = "#fff"\n[states]\nrunnin = "#fff"', "states.runnin"),
        ('name = "x"\nprimary = "#fff"\n[graphs]\ncpu = 3', "graphs.cpu"),
        ('name = "x"\nprimary = "#fff"\n[variables]\nno-such = "#fff"', "variables.no-such"),
        ('name = "x"\nprimary = "#fff"\n[variables]\nblock-cursor-text-style = "loud"', "variables.block-cursor-text-style"),
        ("name = [", "(file)"),
    ],
)  # fmt: skip
def test_broken_theme_is_reported_by_field(tmp_path: Path, text: str, field: str):
    path = tmp_path / "t.toml"
    path.write_text(text)
    theme, problems = load_theme_file(path)
    assert theme is None
    assert any(p.field == field for p in problems), problems
    assert all(str(p).startswith(str(path)) for p in problems)


def test_unknown_field_is_a_warning_and_duplicates_are_reported(tmp_path: Path):
    theme, problems = parse_theme({"name": "x", "primary": "#fff", "colour": 1}, tmp_path)
    assert theme is not None and [p.field for p in problems] == ["colour"]
    (tmp_path / "a.toml").write_text('name = "same"\nprimary = "#fff"')
    (tmp_path / "b.toml").write_text('name = "same"\nprimary = "#000"')
    (tmp_path / "c.toml").write_bytes(b"\xff\xfe")
    loaded, problems = load_user_themes(tmp_path)
    assert [t.name for t in loaded] == ["same"]
    assert {p.path.name for p in problems} == {"b.toml", "c.toml"}
    assert load_user_themes(tmp_path / "missing") == ([], [])
