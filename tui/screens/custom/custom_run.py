"""Running one custom command: its prompts, its confirmation, then a panel or the terminal."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import App

from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from tui.engine.core.session import EngineSession
from tui.engine.custom.commands import CustomCommand, Row

MAX_SHOWN = 8  # runs listed in the confirmation


def run_custom_command(
    app: App, session: EngineSession, command: CustomCommand, rows: Sequence[Row]
) -> None:
    """Ask the prompts (one after the other), confirm if the command says so, run."""
    title = f"Command: {command.name}"
    if command.dangerous and session.read_only:
        app.notify(f"read-only mode: {command.name} changes things and is off",
                   title=title, severity="warning", markup=False)  # fmt: skip
        return
    if not rows:
        app.notify("nothing selected", title=title, severity="warning", markup=False)
        return
    answers: dict[str, str] = {}
    prompts = list(command.prompts)

    def ask_next() -> None:
        if not prompts:
            _confirm_then_run(app, session, command, rows, answers)
            return
        prompt = prompts.pop(0)

        def answered(value: str | None) -> None:
            if value is None:
                return  # escape: cancelled
            answers[prompt.name] = value
            ask_next()

        from widgets.prompt import PromptDialog

        app.push_screen(PromptDialog(f"{command.name}: {prompt.label}", prompt.default), answered)

    ask_next()


def _confirm_then_run(
    app: App,
    session: EngineSession,
    command: CustomCommand,
    rows: Sequence[Row],
    answers: dict[str, str],
) -> None:
    title = f"Command: {command.name}"
    try:
        runs = session.commands.runs(command, rows, answers)  # no I/O; read-only refused
    except EngineError as error:
        app.notify(error.message, title=title, severity="error", markup=False)
        return
    if not command.confirm:
        _run(app, session, command, runs)
        return
    from widgets.confirm import ConfirmDialog

    lines: list[Text | str] = [Text(clean_text(command.confirm))]
    lines += [Text("$ " + clean_text(shlex.join(argv)), style="bold") for argv in runs[:MAX_SHOWN]]
    if len(runs) > MAX_SHOWN:
        lines.append(Text(f"... and {len(runs) - MAX_SHOWN} more runs", style="dim"))

    def confirmed(yes: bool | None) -> None:
        if yes:
            _run(app, session, command, runs)

    app.push_screen(ConfirmDialog(title, lines, verb="run"), confirmed)


def _run(app: App, session: EngineSession, command: CustomCommand, runs: list[list[str]]) -> None:
    title = f"Command: {command.name}"
    if command.output == "terminal":
        _in_terminal(app, session, command, runs, title)
        return
    from tui.screens.compose.compose_run import ComposeRunScreen

    def start():  # a worker of the modal
        return session.commands.start(runs)

    app.push_screen(ComposeRunScreen(command.name, start, what=command.name))


def _in_terminal(
    app: App, session: EngineSession, command: CustomCommand, runs: list[list[str]], title: str
) -> None:
    from tui.screens.details.terminal_handoff import hand_over

    def each(index: int) -> Callable[[], None]:
        def go() -> None:
            try:
                handoff = session.commands.handoff(command, runs[index])
            except EngineError as error:
                app.notify(error.message, title=title, severity="error", markup=False)
                return
            code = hand_over(app, handoff, title)
            if code == 0 and index + 1 < len(runs):
                app.call_later(each(index + 1))

        return go

    each(0)()
