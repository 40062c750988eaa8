"""The containers pane: a live table driven by the engine's events stream, and its keys."""

from __future__ import annotations

import time
from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.engine.containers.container_events import ContainerUpdate
from tui.engine.containers.container_view import SORT_COLUMNS, ViewOptions, next_sort
from tui.engine.containers.filtering import parse_filter
from tui.engine.core.errors import EngineError
from tui.engine.core.event_hub import Subscription
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.engine.custom.commands import Row
from tui.engine.custom.fields import container_fields
from tui.screens.containers import container_entry_points as entry
from tui.screens.containers.container_actions import (
    ContainersChanged,
    ContainersListed,
)
from tui.screens.containers.container_lifecycle import ContainerLifecycle
from tui.screens.containers.image_updates import ImageUpdates
from tui.screens.custom.custom_keys import ACTION as CUSTOM_COMMAND
from tui.screens.custom.custom_keys import CustomCommandKeys
from widgets.containers_table import ContainersTable
from widgets.textual_compat import app_exiting
from widgets.typeahead import focus_now, holds_focus, leaves_input, opens_input, typing

#: Actions that change something: gone in read-only mode (with exec, attach and run).
#: Seconds between two batches of engine changes applied to the table.
APPLY_EVERY = 0.4
MUTATING = frozenset(
    {
        "start_stop",
        "restart",
        "pause",
        "kill",
        "remove",
        "force_remove",
        "shell",
        "attach",
        "run",
        "run_new",
        "update_image",
    }
)


class ContainersPane(CustomCommandKeys, ImageUpdates, ContainerLifecycle):
    COMMAND_SCOPE = "containers"

    DEFAULT_CSS = """
    ContainersPane { height: 1fr; }
    ContainersPane #containers-bottom { dock: bottom; height: auto; }
    ContainersPane #containers-filter { height: 3; }
    ContainersPane #containers-status { height: 1; color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        # at once (priority), so that keys typed behind it reach the details screen
        Binding("enter", "details", "Details", priority=True, id="containers.details"),
        Binding("s", "start_stop", "Start/stop", id="containers.start_stop"),
        Binding("r", "restart", "Restart", id="containers.restart"),
        Binding("p", "pause", "Pause/unpause", id="containers.pause"),
        Binding("K", "kill", "Kill", id="containers.kill"),
        Binding("d", "remove", "Remove", id="containers.remove"),
        Binding("D", "force_remove", "Force remove", id="containers.force_remove"),
        Binding("space", "mark", "Mark", id="containers.mark"),
        opens_input("slash", "filter", "Filter", id="containers.filter"),
        leaves_input("enter", "filter_done", "Apply filter", id="containers.filter_done"),
        leaves_input("escape", "clear", "Clear filter/marks", id="containers.clear"),
        Binding("o", "sort", "Sort", id="containers.sort"),
        Binding("O", "reverse_sort", "Reverse sort", id="containers.sort_reverse", show=False),
        Binding("t", "toggle_stopped", "Show/hide stopped", id="containers.toggle_stopped"),
        Binding("g", "group", "Group by compose", id="containers.group", show=False),
        Binding("f", "faults_only", "Faults only", id="containers.faults_only"),
        Binding("l", "logs", "Logs", id="containers.logs"),
        Binding("i", "inspect", "Inspect", id="containers.inspect", show=False),
        Binding("e", "shell", "Shell", id="containers.shell"),
        Binding("u", "update_image", "Pull + recreate", id="containers.update_image", show=False),
        Binding("a", "attach", "Attach", id="containers.attach", show=False),
        opens_input("exclamation_mark", "run", "Run a command", id="containers.run", show=False),
        opens_input("ctrl+n", "run_new", "Run new", id="containers.run_new"),
    ]

    def __init__(self, session: EngineSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._events: Subscription | None = None
        self._unmounted = False
        self._inbox: list[ContainerUpdate] = []
        self._apply_timer: Timer | None = None
        self._last_apply = 0.0

    def compose(self) -> ComposeResult:
        yield ContainersTable(
            ViewOptions(show_stopped=self.settings.show_stopped), id="containers-table"
        )
        with Vertical(id="containers-bottom"):
            filter_input = Input(
                placeholder="filter: words match name/image/state/compose; key=value matches a label; !word excludes",
                id="containers-filter",
            )
            filter_input.display = False
            yield filter_input
            yield Static(id="containers-status")

    def on_mount(self) -> None:
        self.call_later(self._first_focus)
        if self.session.initial_containers is not None:  # prefetched: paint at once
            self.table.show(self.session.initial_containers)
            # Events and live stats (their clients, docker-py's and plotext's imports) start
            # once the list has been painted.
            self.call_after_refresh(self._after_first_paint)
        else:
            self.watch_engine()
            self.call_after_refresh(self._start_stats)

    def _after_first_paint(self) -> None:
        if self._unmounted or not self.is_attached or app_exiting(self.app):
            return
        self.watch_engine()
        self._start_stats()

    def _start_stats(self) -> None:
        if self._unmounted or not self.is_attached or app_exiting(self.app):
            return
        from tui.screens.stats.containers_stats import ContainersStatsFeed

        self.mount(ContainersStatsFeed())

    def on_unmount(self) -> None:
        self._unmounted = True
        if self._events is not None:
            self._events.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == CUSTOM_COMMAND:
            return self.custom_command_allowed(parameters) and not typing(self.app)
        if action in ("filter", "run") and typing(self.app):
            return False  # the key is text for the filter that has the focus
        if action == "filter_done":
            return holds_focus(self.query_one("#containers-filter", Input))
        if action == "details":
            return holds_focus(self.table)
        return not (action in MUTATING and self.settings.read_only)

    # ---- the live list -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="containers-watch")
    def watch_engine(self) -> None:
        def opened(subscription: Subscription) -> None:
            self._events = subscription
            if self._unmounted:  # gone while the stream was opening: never leave it open
                subscription.close()

        def listed(containers: list[Container]) -> None:
            self.post_message(ContainersListed(containers))

        def changed(updates: list[ContainerUpdate]) -> None:
            self.post_message(ContainersChanged(updates))

        def failed(error: EngineError) -> None:
            # the rows stay (greyed by the screen) while the engine is lost; back: listed again
            if not self._unmounted and not getattr(self.app, "engine_lost", False):
                self.app.call_from_thread(
                    self.notify, error.message, title="Containers", severity="error", markup=False
                )

        try:
            # the session's one events stream; its "back" (engine restarted) lists again
            self.session.containers.watch(opened, listed, changed, failed)
        except EngineError as error:
            failed(error)

    def on_containers_listed(self, message: ContainersListed) -> None:
        self._inbox.clear()  # older than this list
        self.table.show(message.containers)

    def on_containers_changed(self, message: ContainersChanged) -> None:
        """Applied at most every APPLY_EVERY seconds: in a burst the table (and the frame
        after it) changes a few times a second, and keys are answered in between."""
        self._inbox.extend(message.updates)
        if self._apply_timer is not None:
            return
        wait = self._last_apply + APPLY_EVERY - time.monotonic()
        if wait <= 0:
            self._apply_inbox()
        else:
            self._apply_timer = self.set_timer(wait, self._apply_inbox)

    def _apply_inbox(self) -> None:
        self._apply_timer = None
        updates, self._inbox = self._inbox, []
        self._last_apply = time.monotonic()
        if updates:
            self.table.apply(updates)

    @on(ContainersTable.ViewChanged)
    def update_status(self) -> None:
        table = self.table
        options = table.options
        text = Text()
        text.append(f"{table.row_count} of {len(table.known)} containers", style="bold")
        text.append(f"  sort: {options.sort} {'▼' if options.reverse else '▲'}")
        if options.sort in ("cpu", "mem"):
            text.append(" (every running container, sampled every 10 s or slower)")
        if not options.filter.empty:
            text.append("  filter: ")
            text.append(options.filter.source, style="bold")
        if table.marked:
            text.append(f"  {len(table.marked)} marked", style="bold magenta")
        if not options.show_stopped:
            text.append("  stopped hidden")
        if options.group:
            text.append("  grouped by compose project")
        if options.only is not None:
            text.append("  faults only (f: all)", style="bold red")
        if self.settings.read_only:
            text.append("  READ-ONLY", style="bold yellow")
        self.query_one("#containers-status", Static).update(text)

    # ---- view keys -----------------------------------------------------------------------

    def action_mark(self) -> None:
        key = self.table.current_key
        if key is not None:
            self.table.toggle_mark(key)
            self.table.action_cursor_down()

    def _first_focus(self) -> None:
        """The table takes the focus, unless another pane was chosen meanwhile (a pane key
        pressed as the engine answered): a hidden table must not keep the keys."""
        chosen = getattr(self.parent, "current", None)  # the switcher's choice, maybe not yet shown
        focused = self.screen.focused
        elsewhere = focused is not None and self not in focused.ancestors
        if self.display and chosen in (None, self.id) and not elsewhere:
            focus_now(self.table)  # now: a later focus would land after a pane key

    def action_filter(self) -> None:
        filter_input = self.query_one("#containers-filter", Input)
        filter_input.display = True
        focus_now(filter_input)  # keys typed behind the / go to the input

    @on(Input.Changed, "#containers-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.table.set_options(replace(self.table.options, filter=parse_filter(event.value)))

    @on(Input.Submitted, "#containers-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        self.action_filter_done()

    def action_filter_done(self) -> None:
        """Enter in the filter: keep it (it applies as typed), back to the table."""
        filter_input = self.query_one("#containers-filter", Input)
        wanted = parse_filter(filter_input.value)
        if wanted != self.table.options.filter:  # the last letters' Changed may still be due
            self.table.set_options(replace(self.table.options, filter=wanted))
        if not filter_input.value.strip():
            filter_input.display = False
        focus_now(self.table)

    def action_clear(self) -> None:
        """Escape: clear the filter if one is set (or being typed), else the marks."""
        filter_input = self.query_one("#containers-filter", Input)
        if filter_input.display or filter_input.value:
            filter_input.value = ""
            filter_input.display = False
            self.table.set_options(replace(self.table.options, filter=parse_filter("")))
            focus_now(self.table)
        elif self.table.marked:
            self.table.clear_marks()

    def action_sort(self) -> None:
        options = self.table.options
        self.table.set_options(replace(options, sort=next_sort(options.sort), reverse=False))

    @on(ContainersTable.HeaderSelected)
    def sort_by_header(self, event: ContainersTable.HeaderSelected) -> None:
        """A click on a column header sorts by it; a second click reverses."""
        column = event.column_key.value
        if column not in SORT_COLUMNS:
            return
        options = self.table.options
        reverse = not options.reverse if options.sort == column else False
        self.table.set_options(replace(options, sort=column, reverse=reverse))

    def action_reverse_sort(self) -> None:
        options = self.table.options
        self.table.set_options(replace(options, reverse=not options.reverse))

    def action_toggle_stopped(self) -> None:
        options = self.table.options
        self.table.set_options(replace(options, show_stopped=not options.show_stopped))

    def action_faults_only(self) -> None:
        """Only the containers that need attention (the alert strip's), and back."""
        options = self.table.options
        self.table.set_options(
            replace(options, only=None if options.only is not None else self._faults())
        )

    def _faults(self) -> frozenset[str]:
        counts: dict[str, list[str]] = getattr(self.app, "attention_counts", {})
        return frozenset(cid for ids in counts.values() for cid in ids)

    def refresh_faults(self) -> None:
        """The attention counts changed: a faults-only view follows them."""
        if self.table.options.only is not None:
            self.table.set_options(replace(self.table.options, only=self._faults()))

    def action_group(self) -> None:
        options = self.table.options
        self.table.set_options(replace(options, group=not options.group))

    # ---- opening things ------------------------------------------------------------------

    @on(ContainersTable.RowSelected)
    def open_details(self, event: ContainersTable.RowSelected) -> None:
        event.stop()
        self.action_details()

    def action_details(self) -> None:
        self._details("logs")

    def action_inspect(self) -> None:
        self._details("inspect")

    def _details(self, tab: str) -> None:
        container = self.table.current_container()
        if container is not None:
            from tui.screens.details.details import ContainerDetailsScreen  # not needed before

            self.app.push_screen(ContainerDetailsScreen(self.session, container, tab=tab))

    def action_logs(self) -> None:
        targets = self.table.targets()
        if targets:
            entry.open_logs(self.app, self.session, targets)

    def action_shell(self) -> None:
        if (container := self.table.current_container()) is not None:
            entry.open_shell(self.app, self.session, container)

    def action_attach(self) -> None:
        if (container := self.table.current_container()) is not None:
            entry.open_attach(self.app, self.session, container)

    def action_run_new(self) -> None:
        """The run form, starting from the highlighted container's image."""
        from tui.screens.containers.run_palette import open_run_form

        container = self.table.current_container()
        open_run_form(self.app, image=container.image if container is not None else "")

    def command_rows(self) -> list[Row]:
        return [container_fields(c) for c in self.table.targets()]

    def action_run(self) -> None:
        if (container := self.table.current_container()) is not None:
            entry.run_command(self.app, self.session, container)
