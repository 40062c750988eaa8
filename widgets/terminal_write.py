"""Writing raw sequences (bell, OSC notifications) to the app's terminal, through its driver."""

from __future__ import annotations

from textual.app import App


def write_to_terminal(app: App, text: str) -> bool:
    """Write ``text`` as is to the terminal; False when there is none (headless, web)."""
    driver = app._driver  # Textual's own App.bell() writes through it the same way
    if driver is None or app.is_headless:
        return False
    driver.write(text)
    driver.flush()
    return True
