"""Build an image: a form (context, Dockerfile, tag, build args, no-cache), then the live log.

The step being run shows above the log; at the end the screen says which image was built
or which step failed and why. It dismisses with the new image's id (None when nothing was
built), so the images pane can select it.
"""

from __future__ import annotations

import itertools

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, RichLog, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.core.streaming import Cancelled, OperationHandle
from tui.engine.images.build import (
    BuildFailed,
    BuildOptions,
    BuildProgress,
    parse_build_args,
)
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys

MAX_LOG_LINES = 5000
_ids = itertools.count(1)


class BuildOutput(Message):
    def __init__(self, lines: list[str], step: str) -> None:
        super().__init__()
        self.lines = lines
        self.step = step


class BuildEnded(Message):
    def __init__(self, outcome: str, text: str, image_id: str = "", step: str = "") -> None:
        super().__init__()
        self.outcome = outcome  # ok | failed | cancelled
        self.text = text
        self.image_id = image_id
        self.step = step


class ImageBuildScreen(KeepsEarlyKeys, Screen[str | None]):
    BINDINGS = [
        Binding("ctrl+b", "build", "Build", id="image_build.start"),
        Binding("escape", "cancel_or_close", "Cancel / back", id="image_build.back"),
    ]
    DEFAULT_CSS = """
    ImageBuildScreen #build-title { height: 1; padding: 0 1; text-style: bold; }
    ImageBuildScreen #build-form { height: auto; padding: 0 1; }
    ImageBuildScreen #build-form Horizontal { height: auto; }
    ImageBuildScreen #build-form Label { width: 14; padding-top: 1; }
    ImageBuildScreen #build-form Input { width: 1fr; }
    ImageBuildScreen #build-step { height: 1; padding: 0 1; text-style: bold; }
    ImageBuildScreen #build-outcome { height: auto; padding: 0 1; }
    ImageBuildScreen #build-outcome.failed { color: $error; }
    ImageBuildScreen #build-outcome.ok { color: $success; }
    ImageBuildScreen #build-log { height: 1fr; border: round $panel; }
    """

    def __init__(self, session: EngineSession, context: str = ".", tag: str = "") -> None:
        super().__init__()
        self.session = session
        self.initial_context = context
        self.initial_tag = tag
        self.group = f"image-build-{next(_ids)}"
        self.handle: OperationHandle | None = None
        self.running = False
        self.image_id: str | None = None
        self.outcome = ""

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Build an image on {self.session.endpoint.label}"), id="build-title")
        with Vertical(id="build-form"):
            for name, label, value, placeholder in (
                ("context", "Context", self.initial_context, "folder sent to the engine"),
                ("dockerfile", "Dockerfile", "Dockerfile", "path inside the context"),
                ("tag", "Tag", self.initial_tag, "repository:tag (optional)"),
                ("args", "Build args", "", "NAME=value NAME2=value"),
            ):
                with Horizontal():
                    yield Label(label)
                    yield Input(value=value, placeholder=placeholder, id=f"build-{name}")
            yield Checkbox("no cache", id="build-nocache")
        yield Static(Text("ctrl+b or enter: build", style="dim"), id="build-step")
        yield Static("", id="build-outcome")
        yield RichLog(max_lines=MAX_LOG_LINES, wrap=False, markup=False, id="build-log")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#build-context", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_build()

    def options(self) -> BuildOptions:
        return BuildOptions(
            context=self.query_one("#build-context", Input).value,
            dockerfile=self.query_one("#build-dockerfile", Input).value,
            tag=self.query_one("#build-tag", Input).value,
            build_args=parse_build_args(self.query_one("#build-args", Input).value),
            no_cache=self.query_one("#build-nocache", Checkbox).value,
        )

    def action_build(self) -> None:
        if self.running:
            return
        try:
            options = self.options()
        except EngineError as error:
            self.show_outcome("failed", error.message)
            return
        self.running = True
        self.outcome = ""
        self.query_one("#build-log", RichLog).clear()
        self.show_outcome("", "")
        self.query_one("#build-step", Static).update(Text("sending the context..."))
        self.query_one("#build-log", RichLog).focus()
        self.run_worker(lambda: self._work(options), thread=True, exclusive=True, group=self.group)

    def _work(self, options: BuildOptions) -> None:
        def output(lines: list[str], progress: BuildProgress) -> None:
            self.post_message(BuildOutput(lines, progress.step))

        try:
            with self.session.images.operation() as handle:
                self.handle = handle
                image_id = self.session.images.build(handle, options, output)
        except Cancelled:
            self.post_message(BuildEnded("cancelled", "Build cancelled"))
        except BuildFailed as error:
            self.post_message(BuildEnded("failed", error.reason, step=error.step))
        except EngineError as error:
            self.post_message(BuildEnded("failed", error.message))
        else:
            tag = options.tag.strip()
            text = f"Built {image_id[:19]}" + (f" tagged {tag}" if tag else "")
            self.post_message(BuildEnded("ok", text, image_id=image_id))

    def on_build_output(self, message: BuildOutput) -> None:
        log = self.query_one("#build-log", RichLog)
        for line in message.lines:
            log.write(Text.from_ansi(line))
        if message.step:
            self.query_one("#build-step", Static).update(Text(message.step))

    def on_build_ended(self, message: BuildEnded) -> None:
        self.running = False
        self.handle = None
        self.outcome = message.outcome
        if message.outcome == "ok":
            self.image_id = message.image_id
            self.show_outcome("ok", message.text + "   (escape: back to the images)")
        elif message.outcome == "failed":
            text = f"Failed at {message.step}: {message.text}" if message.step else message.text
            self.show_outcome("failed", text)
        else:
            self.show_outcome("", message.text)

    def show_outcome(self, outcome: str, text: str) -> None:
        widget = self.query_one("#build-outcome", Static)
        widget.update(Text(text))
        widget.set_class(outcome == "failed", "failed")
        widget.set_class(outcome == "ok", "ok")

    def action_cancel_or_close(self) -> None:
        if self.running and self.handle is not None:
            self.handle.cancel()
            self.query_one("#build-step", Static).update(Text("cancelling..."))
            return
        self.dismiss(self.image_id)

    def on_unmount(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
