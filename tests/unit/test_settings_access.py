"""Screens reach the app's Settings one typed way: tui.screens.shell.app_settings.settings_of."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App

from tui.screens.shell.app_settings import settings_of
from tui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LOOKUPS = re.compile(r"""getattr\([^)]*["']settings["']|\.settings\b.*type:\s*ignore""")


def test_no_other_lookup_of_the_app_settings():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for folder in ("tui", "widgets", "themes")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "app_settings.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOOKUPS.search(line)
    ]
    assert not found, "use settings_of(node) (tui/screens/shell/app_settings.py):\n" + "\n".join(
        found
    )


def test_settings_of_an_app_and_of_an_app_without_settings():
    app = App()
    assert settings_of(app) == Settings()  # a plain App: the defaults
    mine = Settings(read_only=True, shell="zsh")
    app.settings = mine  # type: ignore[attr-defined]
    assert settings_of(app) is mine
