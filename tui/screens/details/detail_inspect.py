"""The inspect tab: the full inspect JSON as a collapsible tree; / searches, c copies a value."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from tui.engine.containers.env import mask_inspect
from tui.screens.details.detail_base import InspectBackedTab
from widgets.json_tree import JsonTree, value_for_copy
from widgets.typeahead import focus_now, holds_focus, leaves_input, opens_input, typing


class InspectTab(InspectBackedTab):
    BINDINGS = [
        opens_input("slash", "search", "Search", id="details.inspect.search"),
        Binding("n", "next_match(1)", "Next match", id="details.inspect.next"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="details.inspect.previous"),
        Binding("c", "copy", "Copy value", id="details.inspect.copy"),
        Binding("v", "reveal", "Reveal secrets", id="details.inspect.reveal"),
        leaves_input("enter", "search_done", "Search", id="details.inspect.search_done"),
        leaves_input("escape", "close_search", "Close search", id="details.inspect.close"),
    ]

    DEFAULT_CSS = """
    InspectTab > #inspect-search { display: none; }
    InspectTab > #inspect-search.-open { display: block; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._matches: list[Any] = []
        self._match_index = -1
        self.revealed = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key that opens the input types into it while an input has the focus; enter runs
        the search only from it; escape closes it while open (else: back, the screen's)."""
        search = self.query_one("#inspect-search", Input)
        if action == "search_done":
            return holds_focus(search)
        if action == "close_search":
            return search.has_class("-open")
        return not (action in ("search",) and typing(self.app))

    def compose(self) -> ComposeResult:
        yield Static(Text("loading..."), classes="tab-message")
        yield Input(
            placeholder="search keys and values (enter: go, n/N: next/previous)",
            id="inspect-search",
        )
        yield JsonTree(id="inspect-tree")

    def show(self, info: dict[str, Any]) -> None:
        self.show_message("")
        self.query_one(JsonTree).load(info if self.revealed else mask_inspect(info))

    def action_reveal(self) -> None:
        if self.info is None:
            return
        self.revealed = not self.revealed
        self._matches = []
        self.show(self.info)
        self.notify("secrets shown" if self.revealed else "secrets hidden", timeout=1.5)

    def action_search(self) -> None:
        search = self.query_one("#inspect-search", Input)
        search.add_class("-open")
        focus_now(search)  # keys typed behind the / go to the input

    def action_close_search(self) -> None:
        search = self.query_one("#inspect-search", Input)
        if search.has_class("-open"):
            search.remove_class("-open")
            focus_now(self.query_one(JsonTree))
        else:
            self.app.pop_screen()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "inspect-search":
            return
        event.stop()
        self.action_search_done()

    def action_search_done(self) -> None:
        value = self.query_one("#inspect-search", Input).value
        tree = self.query_one(JsonTree)
        self._matches = tree.matches(value)
        self._match_index = -1
        focus_now(tree)  # "n" typed behind the enter is the next match
        if not self._matches:
            self.notify(f"no match for {value!r}", severity="warning", markup=False)
            return
        self.action_next_match(1)

    def action_next_match(self, step: int) -> None:
        if not self._matches:
            return
        self._match_index = (self._match_index + step) % len(self._matches)
        self.query_one(JsonTree).reveal(self._matches[self._match_index])
        self.notify(
            f"match {self._match_index + 1} of {len(self._matches)}", timeout=1.5, markup=False
        )

    def action_copy(self) -> None:
        current = self.query_one(JsonTree).current_value()
        if current is None:
            return
        self.app.copy_to_clipboard(value_for_copy(current.value))
        self.notify(f"copied {current.path}", markup=False)
