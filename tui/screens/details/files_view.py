"""View a container file: text with highlighting and search, binary as hex, size-limited.

The file is read in a worker up to a limit (1 MB first; ``m`` doubles it: "show the first
N MB"); only the lines on screen are rendered (a ScrollView), so a big file costs what
the terminal shows. Text is made safe line by line before it is highlighted.
"""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from tui.engine.containers.files import VIEW_LIMIT, ContainerFiles, FileContent
from tui.engine.containers.files_model import (
    hex_line,
    hex_line_count,
    human_size,
    looks_binary,
    text_lines,
)
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from widgets.footer import KeysFooter
from widgets.typeahead import opens_input, typing

#: Text bigger than this is shown without highlighting (it would take too long).
HIGHLIGHT_LIMIT = 512 * 1024


class LineView(ScrollView, can_focus=True):
    """Renders only the visible lines of a list of Text lines (or a hex dump)."""

    DEFAULT_CSS = "LineView { height: 1fr; }"
    BINDINGS = [
        Binding("up", "scroll_up", show=False),
        Binding("down", "scroll_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lines: list[Text] = []
        self.hex_data: bytes | None = None
        self.marked = -1  # the line of the current search match

    def show_text(self, lines: list[Text]) -> None:
        self.lines, self.hex_data = lines, None
        width = max((line.cell_len for line in lines[:20_000]), default=0)
        self.virtual_size = Size(width + 1, len(lines))
        self.refresh()

    def show_hex(self, data: bytes) -> None:
        self.lines, self.hex_data = [], data
        self.virtual_size = Size(80, hex_line_count(data))
        self.refresh()

    @property
    def count(self) -> int:
        return hex_line_count(self.hex_data) if self.hex_data is not None else len(self.lines)

    def line(self, index: int) -> Text:
        if self.hex_data is not None:
            return Text(hex_line(self.hex_data, index))
        return self.lines[index]

    def plain(self, index: int) -> str:
        return self.line(index).plain

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        width = self.size.width
        if index >= self.count:
            return Strip.blank(width)
        text = self.line(index)
        if index == self.marked:
            text = text.copy()
            text.stylize("reverse")
        strip = Strip(list(text.render(self.app.console)), text.cell_len)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width)

    def mark(self, index: int) -> None:
        self.marked = index
        self.scroll_to(y=max(0, index - self.size.height // 2), animate=False)
        self.refresh()


class FileViewScreen(Screen[None]):
    BINDINGS = [
        Binding("q,escape", "back", "Back", id="files.view.back"),
        opens_input("slash", "search", "Search", id="files.view.search"),
        Binding("n", "find(1)", "Next", id="files.view.next"),
        Binding("N", "find(-1)", "Previous", id="files.view.previous"),
        Binding("m", "more", "Show more", id="files.view.more"),
        Binding("h", "toggle_hex", "Hex/text", id="files.view.hex"),
    ]
    DEFAULT_CSS = """
    FileViewScreen #view-title { height: 1; padding: 0 1; background: $panel; }
    FileViewScreen #view-search { display: none; }
    FileViewScreen #view-search.shown { display: block; }
    """

    def __init__(self, files: ContainerFiles, path: str, where: str) -> None:
        super().__init__()
        self.files = files
        self.path = path
        self.where = where
        self.limit = VIEW_LIMIT
        self.content: FileContent | None = None
        self.text: list[Text] = []
        self.as_hex = False
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Static(Text(clean_text(f"{self.path}  reading...")), id="view-title")
        yield LineView(id="view-lines")
        yield Input(placeholder="search (enter: find, escape: close)", id="view-search")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "search" and typing(self.app))  # "/" types into the search

    def on_mount(self) -> None:
        self.query_one(LineView).focus()
        self._read()

    def _read(self) -> None:
        self.run_worker(self._fetch, thread=True, exclusive=True, group="files-view")

    def _fetch(self) -> None:
        try:
            content = self.files.read(self.path, self.limit)
        except EngineError as error:
            self.app.call_from_thread(self._title, error.message, "bold red")
            return
        binary = looks_binary(content.data)
        lines = [] if binary else _highlighted(self.path, content.data)
        self.app.call_from_thread(self._show, content, binary, lines)

    def _show(self, content: FileContent, binary: bool, lines: list[Text]) -> None:
        self.content, self.as_hex, self.text = content, binary, lines
        self._redraw()

    def _redraw(self) -> None:
        content = self.content
        if content is None:
            return
        view = self.query_one(LineView)
        if self.as_hex:
            view.show_hex(content.data)
        else:
            if not self.text:  # a binary file asked to show as text: plain lines
                self.text = [Text(line) for line in text_lines(content.data)]
            view.show_text(self.text)
        shown = "hex" if self.as_hex else "text"
        about = f"{self.path} in {self.where}  {human_size(content.size)}B  ({shown})"
        if content.truncated:
            about += (
                f"  showing the first {_mb(self.limit)} of {human_size(content.size)}:"
                f" m shows the first {_mb(self.limit * 2)}"
            )
        self._title(about)

    def _title(self, message: str, style: str = "") -> None:
        # the path is the container's text: made safe here, once for every title
        self.query_one("#view-title", Static).update(Text(clean_text(message), style=style))

    def action_back(self) -> None:
        search = self.query_one("#view-search", Input)
        if search.has_class("shown"):
            search.remove_class("shown")
            self.query_one(LineView).focus()
        else:
            self.dismiss()

    def action_more(self) -> None:
        if self.content is not None and self.content.truncated:
            self.limit *= 2
            self._title(f"{self.path}  reading the first {_mb(self.limit)}...", "yellow")
            self._read()

    def action_toggle_hex(self) -> None:
        if self.content is not None:
            self.as_hex = not self.as_hex
            self._redraw()

    def action_search(self) -> None:
        search = self.query_one("#view-search", Input)
        search.add_class("shown")
        search.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_text = event.value
        self.query_one(LineView).focus()
        self.query_one("#view-search", Input).remove_class("shown")
        self.action_find(1, from_current=False)

    def action_find(self, step: int, from_current: bool = True) -> None:
        view = self.query_one(LineView)
        needle = self.query_text.lower()
        if not needle or not view.count:
            return
        start = view.marked + step if from_current else max(view.marked, 0)
        for offset in range(view.count):
            index = (start + offset * step) % view.count
            if needle in view.plain(index).lower():
                view.mark(index)
                self._title(f"{self.path}: {self.query_text!r} at line {index + 1}")
                return
        self._title(f"{self.path}: {self.query_text!r} not found", "yellow")


def _highlighted(path: str, data: bytes) -> list[Text]:
    """Safe lines, highlighted by the file's name (or its content) when not too big."""
    lines = text_lines(data)
    if len(data) > HIGHLIGHT_LIMIT:
        return [Text(line) for line in lines]
    code = "\n".join(lines)
    lexer = Syntax.guess_lexer(path, code)
    syntax = Syntax(code, lexer, theme="ansi_dark", background_color="default")
    highlighted = syntax.highlight(code).split("\n", allow_blank=True)[: len(lines)]
    for line in highlighted:
        line.style = ""  # the theme's background: the screen's own is kept
    return highlighted


def _mb(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"
