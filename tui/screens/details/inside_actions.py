"""Exec a shell and attach: prepare in a thread worker, then hand the terminal over."""

from __future__ import annotations

import os
from collections.abc import Callable

from textual.app import App

from tui.engine.containers.exec import Handoff
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.details.terminal_handoff import hand_over
from tui.screens.shell.app_settings import settings_of


def _read_only(app: App, what: str) -> bool:
    if settings_of(app).read_only:
        app.notify(f"read-only mode: {what} is off", severity="warning")
        return True
    return False


def _prepare_then_hand_over(
    app: App, title: str, group: str, prepare: Callable[[], Handoff]
) -> None:
    def work() -> None:
        try:
            handoff = prepare()
        except EngineError as error:
            app.call_from_thread(
                app.notify, error.message, title=title, severity="error", markup=False
            )
            return
        app.call_from_thread(hand_over, app, handoff, title)

    app.run_worker(work, thread=True, exclusive=True, group=group)


def start_shell(
    app: App, session: EngineSession, container: Container, shell: str | None = None
) -> None:
    """A shell in the container: the user's choice (``shell``, settings.shell, DOCKPIT_SHELL),
    else bash, else sh."""
    if _read_only(app, "exec"):
        return
    preferred = shell or settings_of(app).shell or os.environ.get("DOCKPIT_SHELL")

    def prepare() -> Handoff:
        return session.containers.shell(container, preferred)

    _prepare_then_hand_over(app, "Exec", "inside-exec-shell", prepare)


def start_attach(app: App, session: EngineSession, container: Container) -> None:
    """Attach to the main process (its output only when it has no stdin); refused when it
    is not running."""
    if _read_only(app, "attach"):
        return

    def prepare() -> Handoff:
        return session.containers.attach(container)

    _prepare_then_hand_over(app, "Attach", "inside-attach", prepare)
