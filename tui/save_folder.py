"""Where files dockpit saves (image tars, exports, logs) go unless the user says otherwise.

Not the folder dockpit happened to start in (a source tree, /, a server's /etc): the user's
downloads folder when there is one (XDG_DOWNLOAD_DIR / ~/.config/user-dirs.dirs, else
~/Downloads), else the home folder. DOCKPIT_SAVE_DIR overrides both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_downloads_dir


def save_folder(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    chosen = env.get("DOCKPIT_SAVE_DIR")
    if chosen and Path(chosen).expanduser().is_dir():
        return Path(chosen).expanduser()
    try:
        downloads = Path(user_downloads_dir())
    except Exception:  # noqa: BLE001 - no home, odd platform: fall through
        downloads = None
    if downloads is not None and downloads.is_dir():
        return downloads
    return Path.home()


def save_path(name: str) -> str:
    """The default path for a file called ``name`` (made safe for a file name)."""
    safe = name.replace("/", "_").replace(":", "_").replace(os.sep, "_") or "dockpit"
    return str(save_folder() / safe)
