"""The "disconnected, retrying" banner. Hidden while the engine answers.

It reacts to the EngineLost / EngineRetrying / EngineBack broadcasts and marks its screen
with the class ``-engine-lost`` (the stylesheet greys the last known state under it).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.screens.shell.messages import EngineBack, EngineLost, EngineRetrying


def lost_text(label: str, message: str, attempt: int = 0, delay: float | None = None) -> Text:
    text = Text()
    text.append(" Disconnected, retrying ", style="bold reverse")
    text.append(" ")
    text.append(label, style="bold")
    text.append(" stopped answering")
    if attempt:
        text.append(f" (tried {attempt} time{'s' if attempt > 1 else ''}")
        if delay is not None:
            text.append(f", next in {delay:g} s")
        text.append(")")
    text.append(". Showing the last known state. ")
    text.append(message, style="dim")
    return text


class EngineBanner(Static):
    DEFAULT_CSS = """
    EngineBanner { display: none; height: auto; max-height: 3; padding: 0 1; }
    EngineBanner.-shown { display: block; }
    """

    def on_engine_lost(self, message: EngineLost) -> None:
        self.update(lost_text(message.session.endpoint.label, message.error.message))
        self.add_class("-shown")
        self.screen.add_class("-engine-lost")

    def on_engine_retrying(self, message: EngineRetrying) -> None:
        self.update(
            lost_text(
                message.session.endpoint.label,
                message.error.message,
                message.attempt,
                message.delay,
            )
        )
        self.add_class("-shown")
        self.screen.add_class("-engine-lost")

    def on_engine_back(self, message: EngineBack) -> None:
        self.remove_class("-shown")
        self.screen.remove_class("-engine-lost")
