"""Kill (K): which signal to send, SIGKILL first (`docker kill -s`); enter sends, escape keeps."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.engine.containers.containers import KILL_SIGNALS
from tui.engine.core.model import Container
from widgets.typeahead import KeepsEarlyKeys

HINTS = {
    "SIGKILL": "ends it at once (no clean-up)",
    "SIGTERM": "asks it to stop (what docker stop sends first)",
    "SIGINT": "as ctrl+c",
    "SIGHUP": "many servers reload their configuration",
}


class KillDialog(KeepsEarlyKeys, ModalScreen[str | None]):
    BINDINGS = [Binding("escape,q", "cancel", "Keep running", id="kill.cancel")]
    DEFAULT_CSS = """
    KillDialog { align: center middle; }
    KillDialog > Vertical {
        width: 70; max-width: 95%; height: auto; border: round $error;
        background: $surface; padding: 0 1;
    }
    KillDialog OptionList { height: auto; max-height: 10; margin-top: 1; }
    """

    def __init__(self, containers: list[Container]) -> None:
        super().__init__()
        self.containers = containers

    def compose(self) -> ComposeResult:
        names = ", ".join(c.name for c in self.containers[:5])
        if len(self.containers) > 5:
            names += f" and {len(self.containers) - 5} more"
        with Vertical():
            yield Static(Text(f"Kill {names}: send which signal?", style="bold"))
            options = []
            for signal in KILL_SIGNALS:
                label = Text(signal)
                if signal in HINTS:
                    label.append(f"  {HINTS[signal]}", style="dim")
                options.append(Option(label, id=signal))
            yield OptionList(*options, id="kill-signals")
            yield Static(Text("enter: send    escape: keep it running", style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#kill-signals")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
