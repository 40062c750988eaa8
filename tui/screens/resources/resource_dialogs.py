"""Small modals for volumes and networks: inspect, confirm, create forms, container picker."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from tui.engine.core.session import EngineSession
from tui.engine.resources.networks import ContainerChoice
from widgets.typeahead import KeepsEarlyKeys


class InspectModal(ModalScreen[None]):
    """The engine's JSON for one object, read-only and scrollable."""

    BINDINGS = [Binding("escape,q,i", "dismiss", "Close", id="inspect.close")]

    def __init__(self, title: str, data: dict[str, Any]) -> None:
        super().__init__()
        self.title_text = title
        self.data = data

    def compose(self) -> ComposeResult:
        body = json.dumps(self.data, indent=2, sort_keys=True, ensure_ascii=True, default=str)
        with Vertical(classes="dialog dialog-wide"):
            yield Label(Text(self.title_text, style="bold"))
            with VerticalScroll():
                yield Static(Text(clean_text(body, keep_newlines=True)))
            yield Label(Text("escape: close", style="dim"))


class FormModal(KeepsEarlyKeys, ModalScreen[str | None]):
    """A few inputs; enter submits, the engine call runs in a thread, errors stay on the form.

    ``submit(session, values)`` (through the session's operations) returns a short description of what was made (dismissed with).
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    def __init__(
        self,
        session: EngineSession,
        title: str,
        fields: list[tuple[str, str, str]],  # (id, label, default)
        submit: Callable[[EngineSession, dict[str, str]], str],
    ) -> None:
        super().__init__()
        self.session = session
        self.form_title = title
        self.fields = fields
        self.submit_fn = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.form_title, style="bold"))
            for field_id, label, default in self.fields:
                yield Label(label)
                yield Input(value=default, id=f"field-{field_id}")
            yield Static("", id="form-error")
            yield Label(Text("enter: create    escape: cancel", style="dim"))

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {f: self.query_one(f"#field-{f}", Input).value.strip() for f, _, _ in self.fields}

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values = self.values()
        self.query_one("#form-error", Static).update(Text("working...", style="dim"))

        def work() -> None:
            try:
                made = self.submit_fn(self.session, values)
            except EngineError as error:
                self.app.call_from_thread(self.show_error, error.message)
            else:
                self.app.call_from_thread(self.dismiss, made)

        self.run_worker(work, thread=True, exclusive=True, group="form-submit")

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message, style="bold red"))
        self.app.notify(message, title=self.form_title, severity="error", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ContainerPicker(KeepsEarlyKeys, ModalScreen[str | None]):
    """Choose one container (enter); escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, title: str, choices: list[ContainerChoice]) -> None:
        super().__init__()
        self.picker_title = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.picker_title, style="bold"))
            if self.choices:
                yield OptionList(
                    *[Option(Text(f"{c.name}  ({c.state})"), id=c.id) for c in self.choices],
                    id="picker-options",
                )
            else:
                yield Static(Text("no container to choose", style="dim"))
            yield Label(Text("enter: choose    escape: cancel", style="dim"))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def describe(names: list[str]) -> str:
    return ", ".join(clean_text(n) for n in names)
