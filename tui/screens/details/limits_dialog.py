"""Live limits (``docker update``) and "recreate with changes" of one container.

Both read the container first in a worker, then open a form: the limits in a FormModal (checked
before sending, the engine's refusal shown in its words), the recreate in the run form filled
from the container's own configuration.
"""

from __future__ import annotations

from dataclasses import fields

from textual.app import App

from tui.engine.containers.limits import FIELDS, Limits
from tui.engine.containers.run import RunSpec
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession


def open_limits(app: App, session: EngineSession, container: Container) -> None:
    title = f"Limits of {container.name}"

    def read() -> None:
        try:
            current = session.containers.limits(container.id)
        except EngineError as error:
            app.call_from_thread(app.notify, error.message, title=title, severity="error",
                                 markup=False)  # fmt: skip
            return
        app.call_from_thread(_show_limits, app, session, container, current)

    app.run_worker(read, thread=True, exclusive=True, group="details-limits-read")


def _show_limits(app: App, session: EngineSession, container: Container, current: Limits) -> None:
    from tui.screens.resources.resource_dialogs import FormModal

    names = [f.name for f in fields(Limits)]
    defaults = {name: getattr(current, name) for name in names}
    form_fields = [(name, label, defaults[name]) for name, label in FIELDS]

    def submit(session: EngineSession, values: dict[str, str]) -> str:
        warnings = session.containers.update_limits(container.id, Limits(**values))
        return "; ".join(warnings) or f"limits of {container.name} changed"

    def done(result: str | None) -> None:
        if result:
            app.notify(result, title="Limits", markup=False)

    app.push_screen(FormModal(session, f"Limits of {container.name}", form_fields, submit), done)


def open_recreate(app: App, session: EngineSession, container: Container) -> None:
    title = f"Recreate {container.name}"

    def read() -> None:
        try:
            spec = session.containers.run_spec_of(container.id)
        except EngineError as error:
            app.call_from_thread(app.notify, error.message, title=title, severity="error",
                                 markup=False)  # fmt: skip
            return
        app.call_from_thread(_show_recreate, app, session, container, spec)

    app.run_worker(read, thread=True, exclusive=True, group="details-recreate-read")


def _show_recreate(app: App, session: EngineSession, container: Container, spec: RunSpec) -> None:
    from tui.screens.containers.run_form import RunForm

    app.push_screen(RunForm(session, recreate=(container.id, spec)))
