"""The run form: `docker run` / `docker create` with image, name, command, env, ports, volumes,
labels, network, restart policy, detach, --rm and "create only".

Given ``recreate=(container id, its spec)`` it is the "recreate with changes" form: filled from
the container's own configuration, and on submit (after a confirmation) the old container is
replaced under the same name (session.containers.recreate; put back if the new one fails).
"""

from __future__ import annotations

from dataclasses import asdict, replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui.engine.containers.run import RESTART_POLICIES, Created, RunSpec
from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from widgets.typeahead import KeepsEarlyKeys

FIELDS: list[tuple[str, str, str]] = [
    ("image", "Image", "e.g. my-flask:v1"),
    ("name", "Name", "optional"),
    ("command", "Command", "optional, e.g. sleep 3600"),
    ("env", "Environment", 'NAME=value NAME2="two words"'),
    ("ports", "Ports", "host:container, e.g. 5000:5000 127.0.0.1:8080:80/tcp"),
    ("volumes", "Volumes", "source:/path[:ro], e.g. data:/var/lib/data /srv/www:/www:ro"),
    ("labels", "Labels", "NAME=value"),
    ("network", "Network", "optional: a network name (docker network ls), e.g. host or my-net"),
]


class RunForm(KeepsEarlyKeys, ModalScreen[Created | None]):
    """Dismissed with what was created (None when cancelled)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="run_form.cancel"),
        Binding("ctrl+s", "submit", "Run", id="run_form.submit"),
    ]

    DEFAULT_CSS = """
    RunForm { align: center middle; }
    RunForm > VerticalScroll {
        width: 100; max-width: 95%; height: 90%; border: round $primary;
        background: $surface; padding: 0 2;
    }
    RunForm Label { margin-top: 1; }
    RunForm Horizontal { height: auto; margin-top: 1; }
    RunForm #run-status { height: auto; }
    """

    def __init__(
        self,
        session: EngineSession,
        image: str = "",
        recreate: tuple[str, RunSpec] | None = None,
        **values: str,
    ) -> None:
        super().__init__()
        self.session = session
        self.recreate = recreate
        if recreate is not None:
            values = {k: v for k, v in asdict(recreate[1]).items() if isinstance(v, str)}
            image = values.pop("image", image)
        self.values = {"image": image, **values}
        self.busy = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            title = "Recreate with changes" if self.recreate else "Run a container"
            yield Static(Text(title, style="bold"))
            yield Static(Text("enter or ctrl+s runs, escape cancels", style="dim"), id="run-status")
            for key, label, hint in FIELDS:
                yield Label(label)
                yield Input(self.values.get(key, ""), placeholder=hint, id=f"run-{key}")
            yield Label("Restart policy")
            restart = self.values.get("restart") or "no"
            policies = list(dict.fromkeys([*RESTART_POLICIES, restart]))
            yield Select(
                [(p, p) for p in policies], value=restart, allow_blank=False, id="run-restart"
            )
            with Horizontal() as checks:
                checks.display = self.recreate is None
                yield Checkbox("Detach", value=True, id="run-detach")
                yield Checkbox("Remove when it stops (--rm)", value=False, id="run-rm")
                yield Checkbox("Create only", value=False, id="run-create-only")
            with Horizontal():
                verb = "Recreate" if self.recreate else "Run"
                yield Button(verb, variant="primary", id="run-submit")
                yield Button("Cancel", id="run-cancel")

    def on_mount(self) -> None:
        self.query_one("#run-image", Input).focus()

    def spec(self) -> RunSpec:
        def text(key: str) -> str:
            return self.query_one(f"#run-{key}", Input).value

        spec = RunSpec(
            image=text("image"),
            name=text("name"),
            command=text("command"),
            env=text("env"),
            ports=text("ports"),
            volumes=text("volumes"),
            labels=text("labels"),
            network=text("network"),
            auto_remove=self.query_one("#run-rm", Checkbox).value,
            restart=str(self.query_one("#run-restart", Select).value),
            detach=self.query_one("#run-detach", Checkbox).value,
            create_only=self.query_one("#run-create-only", Checkbox).value,
        )
        if self.recreate is not None:  # what the form does not show is kept (limits, user...)
            spec = replace(spec, extra=self.recreate[1].extra, detach=True, create_only=False)
        return spec

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "run-create-only":
            label = "Create" if event.value else "Run"
            self.query_one("#run-submit", Button).label = label

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run-submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        if self.busy:
            return
        try:
            spec = self.spec()
            spec.create_kwargs()  # validate on the UI thread: a typo never reaches the engine
        except EngineError as error:
            self._status(error.message, "bold red")
            return
        if self.recreate is not None:
            self._confirm_recreate(spec)
            return
        self.busy = True
        self._status("creating..." if spec.create_only else "starting...", "yellow")
        self.run_worker(lambda: self._run(spec), thread=True, exclusive=True, group="run-form")

    def _confirm_recreate(self, spec: RunSpec) -> None:
        from widgets.confirm import ConfirmDialog

        assert self.recreate is not None
        container_id, old = self.recreate
        lines: list[Text | str] = [
            Text(f"{old.name} will be stopped and replaced by a new container of this name."),
            Text(
                "Its anonymous volumes are kept; if the new one fails to start, the old one "
                "is put back.",
                style="dim",
            ),  # fmt: skip
        ]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.busy = True
                self._status("recreating...", "yellow")
                self.run_worker(
                    lambda: self._recreate(container_id, spec),
                    thread=True,
                    exclusive=True,
                    group="run-form",
                )

        self.app.push_screen(ConfirmDialog(f"Recreate {old.name}?", lines, "recreate"), confirmed)

    def _recreate(self, container_id: str, spec: RunSpec) -> None:
        try:
            made = self.session.containers.recreate(container_id, spec)
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            created = Created(made.id, made.name, True)
            self.app.call_from_thread(self._done, created)

    def _run(self, spec: RunSpec) -> None:
        try:
            created = self.session.containers.run(spec)
        except EngineError as error:
            self.app.call_from_thread(self._failed, error.message)
        else:
            self.app.call_from_thread(self._done, created)

    def _failed(self, message: str) -> None:
        """The engine refused: the form stays, every field as typed, to fix and run again."""
        self.busy = False
        self._status(f"{message}\nfix the form and run again (enter), or escape", "bold red")
        status = self.query_one("#run-status", Static)
        self.query_one(VerticalScroll).scroll_to_widget(status, animate=False)

    def _done(self, created: Created) -> None:
        self.busy = False
        verb = "recreated" if self.recreate else "started" if created.started else "created"
        self.notify(f"{verb} {created.name}", title="Run", markup=False)
        self.dismiss(created)

    def _status(self, message: str, style: str = "") -> None:
        self.query_one("#run-status", Static).update(Text(message, style=style))

    def action_cancel(self) -> None:
        self.dismiss(None)
