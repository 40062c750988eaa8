"""Search a registry: Docker Hub (through the engine) or a private registry's catalog.

Dismisses with a reference to pull ("repo:tag") when the user presses enter on a result,
else None.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.images.registry_search import SearchResult
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys


class RegistrySearchScreen(KeepsEarlyKeys, Screen[str | None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="registry_search.back"),
    ]
    DEFAULT_CSS = """
    RegistrySearchScreen #search-form { height: 3; }
    RegistrySearchScreen #search-form Label { width: auto; padding: 1 1 0 1; }
    RegistrySearchScreen #search-registry { width: 40; }
    RegistrySearchScreen #search-term { width: 1fr; }
    RegistrySearchScreen #search-status { height: auto; padding: 0 1; }
    RegistrySearchScreen #search-status.failed { color: $error; }
    RegistrySearchScreen DataTable { height: 1fr; }
    """

    def __init__(self, session: EngineSession, registry: str = "docker.io") -> None:
        super().__init__()
        self.session = session
        self.initial_registry = registry
        self.results: dict[str, SearchResult] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-form"):
            yield Label("Registry")
            yield Input(value=self.initial_registry, id="search-registry")
            yield Label("Search")
            yield Input(placeholder="part of a repository name", id="search-term")
        yield Static(
            Text("enter: search (docker.io searches Docker Hub; host:port lists its catalog)"),
            id="search-status",
        )
        yield DataTable(cursor_type="row", id="search-results")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Repository", key="name")
        table.add_column("Tags / description", key="info")
        table.add_column("Stars", key="stars")
        self.query_one("#search-term", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        registry = self.query_one("#search-registry", Input).value.strip() or "docker.io"
        term = self.query_one("#search-term", Input).value
        self.set_status(f"searching {registry}...", failed=False)
        self.run_search(registry, term)

    def set_status(self, text: str, failed: bool) -> None:
        status = self.query_one("#search-status", Static)
        status.update(Text(text))
        status.set_class(failed, "failed")

    @work(thread=True, exclusive=True, group="registry-search")
    def run_search(self, registry: str, term: str) -> None:
        try:
            results = self.session.images.search(registry, term)
        except EngineError as error:
            self.app.call_from_thread(self.set_status, error.message, True)
            return
        self.app.call_from_thread(self.show, registry, results)

    def show(self, registry: str, results: list[SearchResult]) -> None:
        table = self.query_one(DataTable)
        table.clear()  # a new search is a new list, not an update of the old one
        self.results = {}
        for index, result in enumerate(results):
            key = str(index)
            self.results[key] = result
            info = ", ".join(result.tags) if result.tags else result.description
            stars = "" if result.stars is None else str(result.stars)
            table.add_row(Text(result.name), Text(info), Text(stars), key=key)
        self.set_status(
            f"{len(results)} repositories in {registry}"
            + ("   enter: pull the selected one" if results else ""),
            failed=False,
        )
        if results:
            table.focus()

    @on(DataTable.RowSelected, "#search-results")
    def chosen(self, event: DataTable.RowSelected) -> None:
        result = self.results.get(str(event.row_key.value))
        if result is None:
            return
        tag = result.tags[-1] if result.tags else "latest"
        if "latest" in result.tags:
            tag = "latest"
        self.dismiss(f"{result.name}:{tag}")

    def action_back(self) -> None:
        self.dismiss(None)
