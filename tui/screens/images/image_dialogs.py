"""Small modals of the images pane: a form of text fields, and the remove confirmation."""

from __future__ import annotations

from dataclasses import dataclass

import humanize
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from tui.engine.images.images import ImageRow
from widgets.typeahead import KeepsEarlyKeys

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%; max-width: 100; height: auto; max-height: 90%;
    border: round $primary; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog-hint {{ color: $text-muted; margin-top: 1; }}
{name} .dialog-error {{ color: $error; height: auto; }}
{name} Label {{ margin-top: 1; }}
"""


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    password: bool = False
    checkbox: bool = False


class FormDialog(KeepsEarlyKeys, ModalScreen[dict[str, str] | None]):
    """Text fields (and checkboxes); enter submits, escape cancels.

    Dismisses with {name: value}; checkboxes give "1" or "". Password fields are cleared
    from their Input as soon as the form is submitted.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="image_form.cancel"),
        Binding("ctrl+s", "submit", "Submit", id="image_form.submit"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="FormDialog")

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        hint: str = "",
        error: str = "",
        focus: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.hint = hint or "enter: submit    escape: cancel    tab: next field"
        self.error = error  # shown at once (the form came back after a refusal)
        self.focus_name = focus  # the field to start in, else the first one

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            for spec in self.fields:
                if spec.checkbox:
                    yield Checkbox(spec.label, value=bool(spec.value), id=f"field-{spec.name}")
                    continue
                yield Label(spec.label)
                yield Input(
                    value=spec.value,
                    placeholder=spec.placeholder,
                    password=spec.password,
                    id=f"field-{spec.name}",
                )
            yield Static(Text(self.error), classes="dialog-error", id="form-error")
            yield Static(self.hint, classes="dialog-hint")

    def on_mount(self) -> None:
        chosen = self.query(f"#field-{self.focus_name}") if self.focus_name else None
        if chosen:
            chosen.first().focus()
            return
        first = next((w for w in self.query("Input, Checkbox") if w.can_focus), None)
        if first is not None:
            first.focus()

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        values: dict[str, str] = {}
        for spec in self.fields:
            if spec.checkbox:
                values[spec.name] = (
                    "1" if self.query_one(f"#field-{spec.name}", Checkbox).value else ""
                )
            else:
                field = self.query_one(f"#field-{spec.name}", Input)
                values[spec.name] = field.value
                if spec.password:
                    field.value = ""
        self.dismiss(values)

    def action_cancel(self) -> None:
        for spec in self.fields:
            if spec.password:
                self.query_one(f"#field-{spec.name}", Input).value = ""
        self.dismiss(None)


@dataclass(frozen=True)
class RemoveChoice:
    force: bool
    noprune: bool


def removal_text(row: ImageRow, force: bool = False) -> Text:
    image = row.image
    text = Text()
    text.append("Remove ", style="bold")
    text.append(row.reference, style="bold")
    text.append(f"\nimage {image.short_id}, {humanize.naturalsize(image.size)}")
    if force and len(image.repo_tags) > 1:
        text.append(f"\nforce: every tag goes ({', '.join(image.repo_tags)}), then the image")
    elif len(image.repo_tags) > 1:
        text.append(f"\nonly the tag goes: the image keeps {len(image.repo_tags) - 1} other tag(s)")
    else:
        text.append("\nthe image and its untagged parent layers are deleted")
    if image.containers:
        text.append("\nused by containers: ", style="bold red")
        text.append(", ".join(image.containers))
    return text


class RemoveImageDialog(ModalScreen[RemoveChoice | None]):
    """Shows what goes; f toggles force, n toggles no-prune, y removes, escape keeps it."""

    BINDINGS = [
        Binding("y", "confirm", "Remove", id="image_remove.confirm"),
        Binding("f", "flip('force')", "Force", id="image_remove.force"),
        Binding("n", "flip('noprune')", "No prune", id="image_remove.noprune"),
        Binding("escape,q", "cancel", "Keep", id="image_remove.cancel"),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="RemoveImageDialog")

    def __init__(self, row: ImageRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(removal_text(self.row), classes="dialog-title")
            yield Checkbox(
                "force (f): also untag everywhere / remove while stopped containers use it",
                id="force",
            )
            yield Checkbox("no prune (n): keep untagged parent images", id="noprune")
            yield Static("y: remove    escape: keep", classes="dialog-hint")

    def action_flip(self, name: str) -> None:
        box = self.query_one(f"#{name}", Checkbox)
        box.value = not box.value
        force = self.query_one("#force", Checkbox).value
        self.query_one(".dialog-title", Static).update(removal_text(self.row, force))

    def action_confirm(self) -> None:
        self.dismiss(
            RemoveChoice(
                force=self.query_one("#force", Checkbox).value,
                noprune=self.query_one("#noprune", Checkbox).value,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
