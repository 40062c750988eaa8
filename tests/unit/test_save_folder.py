"""Files dockpit saves go to the downloads folder (else home), never to where it started."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.save_folder import save_folder, save_path


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DOWNLOAD_DIR", "XDG_CONFIG_HOME", "DOCKPIT_SAVE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")
    return tmp_path


def test_home_then_downloads_then_the_override(home: Path, tmp_path_factory) -> None:
    assert save_folder() == home  # no downloads folder
    (home / "Downloads").mkdir()
    assert save_folder() == home / "Downloads"
    assert save_path("web:1/x.tar") == str(home / "Downloads" / "web_1_x.tar")
    chosen = tmp_path_factory.mktemp("chosen")
    assert save_folder({"DOCKPIT_SAVE_DIR": str(chosen)}) == chosen
    assert save_folder({"DOCKPIT_SAVE_DIR": "/no/such/folder"}) == home / "Downloads"
