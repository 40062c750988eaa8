"""The logs of one container, or of several merged: a LogView fed by engine stream threads.

Used by the logs screen (``l``) and by the logs tab of the details screen. Stream threads
(tui.engine.logs.logs.LogFollower, one docker client each) fill a bounded LineBuffer; a 50 ms
timer moves what waits there into the view, so a flood of lines costs one refresh per tick.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from rich.text import Span, Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container, parse_time
from tui.engine.core.session import EngineSession
from tui.engine.logs.log_lines import LineBuffer
from tui.engine.logs.log_query import Query, parse_since, parse_tail
from tui.engine.logs.logs import LogFollower
from tui.save_folder import save_path
from tui.screens.logs import log_gc
from tui.screens.logs.log_options import LogOptions
from tui.screens.shell.app_settings import settings_of
from tui.screens.shell.messages import EngineBack
from widgets.log_view import LogView
from widgets.typeahead import focus_now, holds_focus, leaves_input, opens_input, typing

ENGINE_BACK_REFOLLOW = (0.5, 1.5, 4.0)  # seconds after the refill starts

FLUSH_SECONDS = 0.05
FLOOD_RATE = 2_000  # lines/s above which the view is refreshed every FLOOD_SECONDS only
# Under a flood nobody reads single lines: 5 renders a second keep the view alive and leave
# the UI thread free for keys (a full-screen render of new rows costs tens of ms).
FLOOD_SECONDS = 0.2
FLOOD_MAX_SECONDS = 1.0
FLOOD_RENDER_SHARE = 10  # the view's render (about half a frame) every 10x its duration

#: The status line says the view is behind when its newest line is older than this.
LAG_SECONDS = 3.0
#: A stream whose lines are older than this jumps to the end of its log (engine too slow).
SKIP_BEHIND_SECONDS = 10.0


def _lag_seconds(ts: str) -> float:
    """How old a line's engine timestamp is (0 when unknown; assumes clocks that agree)."""
    when = parse_time(ts) if ts else None
    return max(0.0, time.time() - when.timestamp()) if when is not None else 0.0


_PROMPTS = {
    "search": "search",
    "filter": "show only lines matching",
    "inverse": "hide lines matching",
    "tail": "tail (lines, or all)",
    "since": "since (5m, 1h, 2026-01-31T12:00:00Z, empty: all)",
    "save": "save the shown lines to",
    "save_all": "save the whole log to",
}


class LogsPanel(Vertical):
    DEFAULT_CSS = """
    LogsPanel { height: 1fr; }
    LogsPanel > #logs-status { height: 1; background: $panel; color: $text; }
    LogsPanel > LogView { height: 1fr; }
    LogsPanel > #logs-prompt { display: none; height: 3; }
    LogsPanel > #logs-prompt.visible { display: block; }
    """
    BINDINGS = [
        opens_input("slash", "prompt('search')", "Search", id="logs.search"),
        Binding("n", "next_match", "Next", id="logs.next"),
        Binding("N", "previous_match", "Prev", show=False, id="logs.previous"),
        opens_input("f", "prompt('filter')", "Filter", id="logs.filter"),
        opens_input("F", "prompt('inverse')", "Hide", show=False, id="logs.filter_inverse"),
        Binding("x", "toggle_regex", "Regex", show=False, id="logs.regex"),
        Binding("i", "toggle_case", "Case", show=False, id="logs.case"),
        Binding("t", "toggle_timestamps", "Time", id="logs.timestamps"),
        Binding("w", "toggle_wrap", "Wrap", id="logs.wrap"),
        opens_input("T", "prompt('tail')", "Tail", show=False, id="logs.tail"),
        opens_input("S", "prompt('since')", "Since", show=False, id="logs.since"),
        opens_input("o", "prompt('save')", "Save", id="logs.save"),
        opens_input("O", "prompt('save_all')", "Save all", show=False, id="logs.save_all"),
        Binding("c", "copy_line", "Copy", id="logs.copy"),
        Binding("C", "copy_shown", "Copy shown", show=False, id="logs.copy_shown"),
        leaves_input("enter", "prompt_done", "Apply", id="logs.prompt_done"),
        leaves_input("escape", "prompt_cancel", "Close prompt", id="logs.prompt_cancel"),
    ]

    def __init__(
        self,
        session: EngineSession,
        containers: list[Container],
        options: LogOptions | None = None,
        *,
        focus: bool = True,
        id: str | None = None,
    ) -> None:
        """``options`` None: the app's settings (the config file's [logs] section)."""
        super().__init__(id=id)
        self.focus_on_mount = focus
        self.session = session
        self.containers = list(containers)
        self.options = options
        start = options or LogOptions()
        self.tail = start.tail
        self.since = start.since
        self.max_lines = start.max_lines
        self.query_text = ""
        self.filter_text = ""
        self.filter_inverse = False
        self.regex = False
        self.case_sensitive = False
        self._mode = ""
        self._followers: list[LogFollower] = []
        self._buffer = LineBuffer(self.max_lines)
        self._rate = 0.0
        self._rate_mark = (time.monotonic(), 0)
        self._status_due = 0.0
        self._behind = 0.0  # seconds between the newest line shown and now
        self._last_flush = 0.0
        self._status_plain = ""
        self._gc_held = False
        self._skipped_at = time.monotonic()  # no skip in the first seconds (the tail)
        self._skips = 0
        # follower -> (when, lag, lines read) seen
        self._lags: dict[int, tuple[float, float, int]] = {}
        self._status_spans: list[Span] = []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key that opens the input types into it while an input has the focus; enter and
        escape close the prompt only while it has the focus."""
        if action in ("prompt_done", "prompt_cancel"):
            return bool(self._mode) and holds_focus(self.query_one("#logs-prompt", Input))
        return not (action in ("prompt",) and typing(self.app))

    def compose(self) -> ComposeResult:
        if self.options is None:
            self.options = LogOptions.from_settings(settings_of(self))
        options = self.options
        self.tail, self.since, self.max_lines = options.tail, options.since, options.max_lines
        self._buffer = LineBuffer(self.max_lines)
        yield Static(Text(""), id="logs-status")
        view = LogView(
            self.max_lines,
            names=[c.name for c in self.containers],
            merged=len(self.containers) > 1,
            id="logs-view",
        )
        view.wrap, view.show_timestamps = options.wrap, options.timestamps  # no lines yet
        yield view
        yield Input(id="logs-prompt")

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    def on_mount(self) -> None:
        if self.focus_on_mount:
            self.view.focus()
        log_gc.hold()
        self._gc_held = True
        self._start_streams()
        self.set_interval(FLUSH_SECONDS, self._flush)

    def on_unmount(self) -> None:
        self._stop_streams()
        if self._gc_held:
            self._gc_held = False
            log_gc.release()

    # -- streams

    def _start_streams(self) -> None:
        self._stop_streams()
        self._buffer = LineBuffer(self.max_lines)
        try:
            since = parse_since(self.since) if self.since else None
        except ValueError as error:  # a config value the view cannot use: say so, show all
            self.app.notify(f"logs since {self.since!r}: {error}", severity="error", markup=False)
            self.since, since = "", None
        for index, container in enumerate(self.containers):
            follower = self.session.containers.follow_logs(
                container.id,
                self._buffer,
                source=index,
                tail=self.tail,
                since=since,
            )
            self._followers.append(follower.start())
        self._rate_mark = (time.monotonic(), 0)

    def _stop_streams(self) -> None:
        for follower in self._followers:
            follower.close()
        self._followers = []
        self._lags.clear()

    @property
    def streams_ended(self) -> bool:
        return all(f.ended.is_set() for f in self._followers)

    def _flush(self) -> None:
        now = time.monotonic()
        if self._rate > FLOOD_RATE and now - self._last_flush < self._flood_interval():
            return  # a flood: a few renders a second are plenty
        self._last_flush = now
        lines, dropped = self._buffer.drain()
        view = self.view
        if lines:
            self._behind = _lag_seconds(lines[-1].ts)
        if lines or dropped:
            view.add_lines(lines, dropped)
            view.refresh_width()
        if now >= self._status_due:
            mark_time, mark_count = self._rate_mark
            received = self._buffer.received
            if now - mark_time >= 1.0:
                self._rate = (received - mark_count) / (now - mark_time)
                self._rate_mark = (now, received)
            self._status_due = now + 0.25
            self._skip_ahead(now)
            self._update_status()

    def _skip_ahead(self, now: float) -> None:
        """A follower whose engine serves old lines and does not catch up (it cannot keep
        up with a flood) jumps to the end of its log. History being read (a big tail, a
        since) is old too, but its lag shrinks fast: that is left alone. A stream that read
        nothing since the last look is caught up: a quiet log's newest line is old, and
        nothing is behind it."""
        if now - self._skipped_at < SKIP_BEHIND_SECONDS:
            return
        for follower in self._followers:
            behind = _lag_seconds(follower.last_ts) if follower.last_ts else 0.0
            read = follower.lines_read
            then, before, count = self._lags.get(id(follower), (now, behind, read))
            if now - then < SKIP_BEHIND_SECONDS:
                self._lags.setdefault(id(follower), (then, before, count))
                continue
            self._lags[id(follower)] = (now, behind, read)
            catching_up = behind < before - (now - then) / 2
            idle = read == count
            if (
                behind > SKIP_BEHIND_SECONDS
                and not catching_up
                and not idle
                and follower.skip_ahead(behind)
            ):
                self._skipped_at = now
                self._skips += 1

    def _flood_interval(self) -> float:
        """Seconds between renders under a flood: at least FLOOD_SECONDS, and long enough
        that rendering new rows takes at most ~1/FLOOD_RENDER_SHARE of the UI thread (a
        loaded machine renders slower: fewer frames, and keys still answer quickly)."""
        cost = self.view.render_seconds * FLOOD_RENDER_SHARE
        return min(FLOOD_MAX_SECONDS, max(FLOOD_SECONDS, cost))

    def container_renamed(self, container: Container) -> None:
        """One of the followed containers has a new name: show it from now on."""
        self.containers = [container if c.id == container.id else c for c in self.containers]
        self._update_status()

    def _update_status(self) -> None:
        """State first (it must survive a narrow terminal), then the view's settings."""
        view = self.view
        status = Text(no_wrap=True, overflow="ellipsis")
        if self.streams_ended and self._followers:
            status.append(" ended ", style="yellow")
        elif view.following:
            status.append(" following ", style="green")
        else:
            status.append(" paused (G: follow) ", style="yellow")
        if self._behind >= LAG_SECONDS:
            status.append(f"· {self._behind:,.0f} s behind ", style="bold yellow")
        if view.dropped:
            status.append(f"· dropped {view.dropped:,} ", style="bold red")
        if self._skips:
            status.append(f"· skipped ahead {self._skips}x ", style="bold red")
        if self.query_text:
            status.append(f"· /{self.query_text} {view.current_match}/{view.match_count} ")
        if self.filter_text:
            sign = "hiding" if self.filter_inverse else "only"
            status.append(f"· {sign} {self.filter_text!r} ", style="cyan")
        flags = [
            "regex" if self.regex else "plain",
            "case" if self.case_sensitive else "nocase",
        ]
        if view.wrap:
            flags.append("wrap")
        if view.show_timestamps:
            flags.append("time")
        status.append("· " + " ".join(flags) + " ", style="dim")
        status.append(f"· tail {self.tail if self.tail is not None else 'all'} ")
        if self.since:
            status.append(f"· since {self.since} ")
        status.append(f"· {view.line_count:,}/{view.max_lines:,} lines ")
        if self._rate >= 1:
            status.append(f"· {self._rate:,.0f}/s ")
        if len(self.containers) > 1:
            status.append(f"· {len(self.containers)} containers", style="bold")
        else:
            status.append(f"· {self.containers[0].name}", style="bold")
        if status.plain != self._status_plain or status.spans != self._status_spans:
            self._status_plain, self._status_spans = status.plain, status.spans
            # One row of fixed height: no layout pass (a layout repaints the whole screen).
            self.query_one("#logs-status", Static).update(status, layout=False)

    # -- prompt

    def action_prompt(self, mode: str) -> None:
        prompt = self.query_one("#logs-prompt", Input)
        self._mode = mode
        prompt.placeholder = _PROMPTS[mode]
        prompt.border_title = _PROMPTS[mode]
        defaults = {
            "search": self.query_text,
            "filter": self.filter_text if not self.filter_inverse else "",
            "inverse": self.filter_text if self.filter_inverse else "",
            "tail": str(self.tail) if self.tail is not None else "all",
            "since": self.since,
            "save": self._default_path(),
            "save_all": self._default_path(),
        }
        prompt.value = defaults.get(mode, "")
        prompt.add_class("visible")
        focus_now(prompt)  # keys typed behind the prompt's key go to the prompt

    def _default_path(self) -> str:
        name = self.containers[0].name if len(self.containers) == 1 else "merged"
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return save_path(f"{name}-{stamp}.log")

    def _close_prompt(self) -> None:
        prompt = self.query_one("#logs-prompt", Input)
        prompt.remove_class("visible")
        self._mode = ""
        focus_now(self.view)  # keys typed behind the enter are the view's commands

    def action_prompt_cancel(self) -> None:
        self._close_prompt()

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key == "escape":
            if self._mode:
                event.stop()
                self._close_prompt()
            elif self.query_text or self.filter_text:
                event.stop()
                self.query_text = ""
                self.filter_text = ""
                self.view.set_search(None)
                self.view.set_filter(None)
                self._update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._mode:
            self.action_prompt_done()

    def action_prompt_done(self) -> None:
        mode, value = self._mode, self.query_one("#logs-prompt", Input).value
        self._close_prompt()
        try:
            if mode == "search":
                self.query_text = value
                self._apply_search()
            elif mode in ("filter", "inverse"):
                self.filter_text = value
                self.filter_inverse = mode == "inverse"
                self._apply_filter()
            elif mode == "tail":
                self.tail = parse_tail(value)
                self._restart()
            elif mode == "since":
                parse_since(value)
                self.since = value.strip()
                self._restart()
            elif mode == "save":
                self._save_shown(value)
            elif mode == "save_all":
                self._save_all(value)
        except ValueError as error:
            self.app.notify(str(error), severity="error", markup=False)
        self._update_status()

    def _query(self, text: str) -> Query:
        return Query(text, regex=self.regex, case_sensitive=self.case_sensitive)

    def _apply_search(self) -> None:
        self.view.set_search(self._query(self.query_text).compile())

    def _apply_filter(self) -> None:
        self.view.set_filter(self._query(self.filter_text).compile(), self.filter_inverse)

    def _restart(self) -> None:
        self.view.clear()
        self.view.dropped = 0
        self._start_streams()

    def on_engine_back(self, message: EngineBack) -> None:
        """The engine is back (issue 9): read the tail again and follow its end (the refill
        after clear() would otherwise leave the view paused at the top)."""
        self._restart()
        for delay in ENGINE_BACK_REFOLLOW:
            self.set_timer(delay, self._refollow)

    def _refollow(self) -> None:
        self.view.scroll_end(animate=False, immediate=True, x_axis=False)

    # -- actions

    def action_next_match(self) -> None:
        self.view.next_match(True)
        self._update_status()

    def action_previous_match(self) -> None:
        self.view.next_match(False)
        self._update_status()

    def _toggle_query(self) -> None:
        try:
            self._apply_filter()
            self._apply_search()
        except ValueError as error:
            self.app.notify(str(error), severity="error", markup=False)
        self._update_status()

    def action_toggle_regex(self) -> None:
        self.regex = not self.regex
        self._toggle_query()

    def action_toggle_case(self) -> None:
        self.case_sensitive = not self.case_sensitive
        self._toggle_query()

    def action_toggle_timestamps(self) -> None:
        self.view.set_timestamps(not self.view.show_timestamps)
        self._update_status()

    def action_toggle_wrap(self) -> None:
        self.view.set_wrap(not self.view.wrap)
        self._update_status()

    def action_copy_line(self) -> None:
        line = self.view.current_line()
        if line is None:
            self.app.notify("No line to copy", severity="warning")
            return
        self.app.copy_to_clipboard(self.view.plain_line(line))
        self.app.notify("Copied 1 line (OSC 52)")

    def action_copy_shown(self) -> None:
        lines = self.view.shown_lines[-1000:]
        self.app.copy_to_clipboard("\n".join(self.view.plain_line(line) for line in lines))
        self.app.notify(f"Copied the last {len(lines):,} shown lines (OSC 52)")

    def _save_shown(self, target: str) -> None:
        view = self.view
        text = [view.plain_line(line) + "\n" for line in view.shown_lines]
        self._write_file(target, text)

    @work(thread=True, group="logs-save")
    def _write_file(self, target: str, text: list[str]) -> None:
        path = Path(target).expanduser()
        try:
            with path.open("w", encoding="utf-8", errors="replace") as handle:
                handle.writelines(text)
        except OSError as error:
            self.app.call_from_thread(
                self.app.notify, f"Could not save: {error}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(
            self.app.notify, f"Saved {len(text):,} lines to {path}", markup=False
        )

    @work(thread=True, group="logs-save-all")
    def _save_all(self, target: str) -> None:
        path = Path(target).expanduser()
        view = self.view
        try:
            count = self.session.containers.save_logs(
                [(c.id, c.name) for c in self.containers],
                path,
                timestamps=view.show_timestamps,
            )
        except (EngineError, OSError) as error:
            message = error.message if isinstance(error, EngineError) else str(error)
            self.app.call_from_thread(
                self.app.notify, f"Could not save: {message}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(
            self.app.notify, f"Saved the whole log ({count:,} lines) to {path}", markup=False
        )


class LogsTab(LogsPanel, inherit_bindings=False):
    """The logs tab of the details screen: only keys the details screen leaves free."""

    BINDINGS = [
        opens_input("slash", "prompt('search')", "Search", id="logs_tab.search"),
        Binding("n", "next_match", "Next", show=False, id="logs_tab.next"),
        Binding("N", "previous_match", "Prev", show=False, id="logs_tab.previous"),
        opens_input("F", "prompt('filter')", "Filter", id="logs_tab.filter"),
        Binding("t", "toggle_timestamps", "Time", show=False, id="logs_tab.timestamps"),
        Binding("W", "toggle_wrap", "Wrap", show=False, id="logs_tab.wrap"),
        opens_input("T", "prompt('tail')", "Tail", show=False, id="logs_tab.tail"),
        opens_input("S", "prompt('since')", "Since", show=False, id="logs_tab.since"),
        opens_input("o", "prompt('save')", "Save", show=False, id="logs_tab.save"),
        Binding("c", "copy_line", "Copy", show=False, id="logs_tab.copy"),
        leaves_input("enter", "prompt_done", "Apply", id="logs_tab.prompt_done"),
        leaves_input("escape", "prompt_cancel", "Close prompt", id="logs_tab.prompt_cancel"),
    ]


def logs_tab(session: EngineSession, container: Container) -> LogsPanel:
    """The logs tab of the container details screen (does not take the focus); it starts
    as the config file's [logs] section says."""
    return LogsTab(session, [container], focus=False)
