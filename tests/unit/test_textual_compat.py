"""One test per hook of widgets/textual_compat.py: each private Textual (or Rich) name dockpit
relies on still exists and behaves as relied on. After a Textual upgrade, a failure here names
the hook to mend (and nothing else in the app reaches a private name)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, Static
from textual.worker import WorkerFailed

from widgets import textual_compat as compat


class _Table(compat.DataTableHooks):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def render_cell_lines(self, *args: Any) -> Any:
        self.calls.append("render")
        return super().render_cell_lines(*args)

    def update_dimensions_hook(self, new_rows: Any) -> None:
        self.calls.append("dimensions")
        super().update_dimensions_hook(new_rows)

    def update_column_widths_hook(self, updated_cells: Any) -> None:
        self.calls.append("widths")
        super().update_column_widths_hook(updated_cells)


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield _Table()

    def on_mount(self) -> None:
        table = self.query_one(_Table)
        table.add_columns("a", "b")
        table.add_row("one", "1", key="r1")
        table.add_row("two", "2", key="r2")


# ---- App ---------------------------------------------------------------------------------


async def test_app_exiting_follows_exit() -> None:
    app = App[None]()
    async with app.run_test() as pilot:
        assert compat.app_exiting(app) is False
        app.exit()
        assert compat.app_exiting(app) is True
        await pilot.pause()


async def test_write_to_terminal_uses_the_driver_and_refuses_headless() -> None:
    app = App[None]()
    async with app.run_test() as pilot:
        assert app._driver is not None and hasattr(app._driver, "write")
        assert compat.write_to_terminal(app, "\a") is False  # headless: nothing to write to
        await pilot.pause()


async def test_record_fatal_exception_is_reraised_by_run_test() -> None:
    app = App[None]()
    with pytest.raises(ValueError, match="first"):
        async with app.run_test():
            compat.record_fatal_exception(app, ValueError("first"))
            compat.record_fatal_exception(app, KeyError("second"))  # the first one wins
            app.exit()


async def test_app_exception_hook_receives_unhandled_errors() -> None:
    seen: list[Exception] = []

    class Hooked(compat.AppExceptionHook):
        def handle_exception(self, error: Exception) -> None:
            seen.append(error)

    async def fail() -> None:
        raise RuntimeError("boom")

    app = Hooked()
    async with app.run_test() as pilot:
        app.run_worker(fail())
        for _ in range(20):
            await pilot.pause()
            if seen:
                break
        assert [type(e) for e in seen] == [WorkerFailed]
        assert app.is_running  # nothing else happened: the hook had the last word
        app.exit()


async def test_app_exception_hook_stock_is_textuals() -> None:
    class Stock(compat.AppExceptionHook):
        def on_key(self, event: events.Key) -> None:
            raise RuntimeError("stock")

    with pytest.raises(RuntimeError, match="stock"):
        async with Stock().run_test() as pilot:
            await pilot.press("x")
            await pilot.pause()


async def test_refresh_truecolor_filter_follows_ansi_theme() -> None:
    from textual.filter import ANSIToTruecolor

    app = App[None]()
    async with app.run_test():
        app.set_reactive(App.theme, "textual-light")  # no watcher: the filter is stale
        compat.refresh_truecolor_filter(app)
        filters = [f for f in app._filters if isinstance(f, ANSIToTruecolor)]
        assert filters == [] or filters[0]._terminal_theme is app.ansi_theme


# ---- Rich console ------------------------------------------------------------------------


def test_colour_system_reads_and_sets_the_depth() -> None:
    console = Console(color_system="truecolor", force_terminal=True)
    assert compat.colour_system(console) == ColorSystem.TRUECOLOR
    compat.set_colour_system(console, ColorSystem.STANDARD)
    assert console.color_system == "standard"


# ---- Messages and the message pump -------------------------------------------------------


def test_propagation_stopped() -> None:
    message = Message()
    assert compat.propagation_stopped(message) is False
    message.stop()
    assert compat.propagation_stopped(message) is True


async def test_forward_event_hands_a_key_to_the_focus() -> None:
    class Typing(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = Typing()
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        compat.forward_event(field, events.Key("x", "x"))
        await pilot.pause()
        assert field.value == "x"


async def test_is_closing_while_removed() -> None:
    app = _TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(_Table)
        assert compat.is_closing(table) is False
        await table.remove()
        await pilot.pause()
        assert compat.is_closing(table) or not table.is_attached
    assert compat.is_closing(object()) is False


async def test_reactive_watchers_lists_data_bound_children() -> None:
    app = App[None]()
    async with app.run_test():
        footer = Footer()
        await app.screen.mount(footer)
        watcher = Static()
        await app.screen.mount(watcher)
        footer.watch(footer, "compact", lambda value: None, init=False)
        watchers = compat.reactive_watchers(footer)
        assert watchers is not None and "compact" in watchers
        assert all(isinstance(entry, tuple) and len(entry) == 2 for entry in watchers["compact"])
    assert compat.reactive_watchers(object()) is None


async def test_screen_forward_hook_sees_keys() -> None:
    seen: list[str] = []

    class Hooked(compat.ScreenForwardHook):
        def forward_event_hook(self, event: events.Event) -> None:
            if isinstance(event, events.Key):
                seen.append(event.key)
            self.stock_forward_event(event)

    class HookApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(Hooked())

    async with HookApp().run_test() as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
    assert seen == ["z"]


# ---- Widgets -----------------------------------------------------------------------------


def test_mark_bindings_ready() -> None:
    footer = Footer()
    assert footer._bindings_ready is False  # Footer.compose shows no keys until it is set
    compat.mark_bindings_ready(footer)
    assert footer._bindings_ready is True


async def test_set_switcher_initial_is_what_mount_shows() -> None:
    class Switch(ContentSwitcher):
        def on_mount(self) -> None:  # dispatched before ContentSwitcher's own handler
            compat.set_switcher_initial(self, "b")

    class SwitchApp(App[None]):
        def compose(self) -> ComposeResult:
            with Switch(initial="a"):
                yield Static("a", id="a")
                yield Static("b", id="b")

    app = SwitchApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        switcher = app.query_one(Switch)
        assert switcher.current == "b"
        assert app.query_one("#b").display and not app.query_one("#a").display


def test_clear_styles_cache_empties_the_memo() -> None:
    from textual._styles_cache import StylesCache

    info = StylesCache.get_inner_outer.cache_info  # type: ignore[attr-defined]
    compat.clear_styles_cache()
    assert info().currsize == 0


# ---- DataTable ---------------------------------------------------------------------------


async def test_datatable_hooks_are_called_and_stock_renders() -> None:
    app = _TableApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.query_one(_Table)
        assert {"render", "dimensions"} <= set(table.calls)
        table.update_cell("r1", table.ordered_columns[0].key, "longer cell", update_width=True)
        await pilot.pause()
        assert "widths" in table.calls
        lines = table.stock_render_cell(0, 0, Style(), 12)
        assert "longer" in "".join(s.text for s in lines[0])
        assert all(isinstance(s, Segment) for s in lines[0])


async def test_datatable_internals_read_by_the_fast_paths() -> None:
    app = _TableApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.query_one(_Table)
        row_key = table.row_key_at(1)
        column_key = table.column_key_at(0)
        assert row_key is not None and row_key.value == "r2"
        assert column_key is not None
        assert table.row_index_of(row_key) == 1
        assert [str(c) for c in table.row_cells(1)] == ["two", "2"]
        component, post = table.cell_styles(1, 0, hover=False, cursor=True)
        assert isinstance(component, Style) and isinstance(post, Style)
        assert str(table.raw_cell(row_key, column_key)) == "two"
        table.set_cell_quietly(row_key, column_key, "deux", update_width=True)
        assert table.get_cell_at(Coordinate(1, 0)) == "deux"
        assert table.raw_cell(row_key, column_key) == "deux"
        state = table.render_state_key()
        table.cell_padding += 1
        assert table.render_state_key() != state


async def test_datatable_size_render_caches() -> None:
    app = _TableApp()
    async with app.run_test():
        table = app.query_one(_Table)
        table.size_render_caches(7, 3)
        assert table._cell_render_cache.maxsize == 7
        assert table._row_render_cache.maxsize == 3
        assert table._row_renderable_cache.maxsize == 3
        assert table._line_cache.maxsize == 3


async def test_datatable_set_row_order() -> None:
    app = _TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(_Table)
        r1, r2 = list(table.rows)
        table.set_row_order([r2, r1])
        await pilot.pause()
        assert table.get_row_at(0) == ["two", "2"]
        assert table.get_row_index("r1") == 1


def test_segment_lines_is_a_type() -> None:
    assert compat.SegmentLines is not None
    assert issubclass(compat.DataTableHooks, DataTable)
    assert issubclass(compat.ScreenForwardHook, Screen)


def test_footer_key_is_the_footers_key_widget() -> None:
    from textual.widget import Widget

    assert issubclass(compat.FooterKey, Widget)
