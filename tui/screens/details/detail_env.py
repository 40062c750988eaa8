"""The env tab: the container's environment, values that look like secrets masked."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.engine.containers.env import is_secret, shown_value
from tui.engine.containers.inspect import env_pairs
from tui.screens.details.detail_base import InspectBackedTab
from widgets.keyed_table import KeyedTable


class EnvTab(InspectBackedTab):
    BINDINGS = [
        Binding("v", "reveal", "Reveal/hide", id="details.env.reveal"),
        Binding("V", "reveal_all", "Reveal/hide all", id="details.env.reveal_all"),
        Binding("c", "copy", "Copy value", id="details.env.copy"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pairs: list[tuple[str, str]] = []
        self.revealed: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(Text("loading..."), classes="tab-message")
        yield KeyedTable([("name", "Name"), ("value", "Value")], id="env-table")

    def show(self, info: dict[str, Any]) -> None:
        self.pairs = env_pairs(info)
        self.show_message("" if self.pairs else "no environment variables")
        self._render_rows()

    def _render_rows(self) -> None:
        rows = []
        for index, (name, value) in enumerate(self.pairs):
            key = f"{index}:{name}"
            shown = shown_value(name, value, key in self.revealed)
            style = "yellow" if is_secret(name) and key not in self.revealed else ""
            rows.append((key, (Text(name, style="bold"), Text(shown, style=style))))
        self.query_one(KeyedTable).sync(rows)

    def action_reveal(self) -> None:
        key = self.query_one(KeyedTable).current_key
        if key is None:
            return
        self.revealed ^= {key}
        self._render_rows()

    def action_reveal_all(self) -> None:
        keys = {f"{i}:{name}" for i, (name, _) in enumerate(self.pairs) if is_secret(name)}
        self.revealed = set() if self.revealed >= keys and keys else keys
        self._render_rows()

    def action_copy(self) -> None:
        key = self.query_one(KeyedTable).current_key
        if key is None:
            return
        index = int(key.split(":", 1)[0])
        name, value = self.pairs[index]
        self.app.copy_to_clipboard(value)
        self.notify(f"copied the value of {name}", markup=False)
