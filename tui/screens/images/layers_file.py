"""One file of an image layer: text with highlighting (Rich Syntax), binary as a hex head.

The first bytes are read in a worker by re-streaming the image export (layers_fetch.py);
the text is made safe (sanitize.clean_text, newlines and tabs kept) before it is shown.
"""

from __future__ import annotations

import humanize
from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from tui.engine.core.session import EngineSession
from tui.engine.images.layers_fetch import FileHead, read_head
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys

TEXT_LIMIT = 128 * 1024
HEX_LIMIT = 4096


def is_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        data[:8192].decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > 8180  # a character cut at the end of the sample
    return True


def hex_dump(data: bytes) -> str:
    lines = []
    for offset in range(0, min(len(data), HEX_LIMIT), 16):
        chunk = data[offset : offset + 16]
        hexes = " ".join(f"{b:02x}" for b in chunk)
        printable = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        lines.append(f"{offset:08x}  {hexes:<47}  {printable}")
    return "\n".join(lines)


class LayerFileScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [Binding("q,escape", "app.pop_screen", "Back", id="layer_file.back")]
    DEFAULT_CSS = """
    LayerFileScreen #file-title { height: 1; background: $panel; padding: 0 1; }
    LayerFileScreen VerticalScroll { height: 1fr; }
    """

    def __init__(
        self, session: EngineSession, image_id: str, layer_key: str, path: str, size: int
    ) -> None:
        super().__init__()
        self.session = session
        self.image_id = image_id
        self.layer_key = layer_key
        self.path = path
        self.file_size = size
        self.head: FileHead | None = None

    def compose(self) -> ComposeResult:
        title = Text("/" + self.path, style="bold")
        title.append(
            f"  {humanize.naturalsize(self.file_size, binary=True)}  reading...", style="dim"
        )
        yield Static(title, id="file-title")
        with VerticalScroll():
            yield Static("", id="file-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self.load()

    @work(thread=True, exclusive=True, group="layer-file")
    def load(self) -> None:
        try:
            head = self.session.images.streaming(
                read_head, self.image_id, self.layer_key, self.path
            )
        except EngineError as error:
            self.app.call_from_thread(self.show_error, error.message)
            return
        self.app.call_from_thread(self.show, head)

    def show_error(self, message: str) -> None:
        self.query_one("#file-body", Static).update(Text(message, style="red"))

    def show(self, head: FileHead) -> None:
        self.head = head
        body = self.query_one("#file-body", Static)
        title = Text("/" + self.path, style="bold")
        size = humanize.naturalsize(head.size, binary=True)
        if is_text(head.data):
            text = clean_text(head.data[:TEXT_LIMIT].decode("utf-8", "replace"), keep_newlines=True)
            lexer = Syntax.guess_lexer(self.path, text)
            body.update(Syntax(text, lexer, line_numbers=True, word_wrap=False))
            cut = head.size > TEXT_LIMIT
            title.append(f"  {size}  text ({lexer}){', first 128 KiB' if cut else ''}", "dim")
        else:
            body.update(Text(hex_dump(head.data)))
            title.append(f"  {size}  binary: first {min(head.size, HEX_LIMIT)} bytes", "dim")
        self.query_one("#file-title", Static).update(title)
