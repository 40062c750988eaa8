"""The container details screen: tabs for logs, stats, inspect, env, top, ports, mounts, networks.

Each tab's body comes from DETAIL_TABS (tui/screens/details/detail_tabs.py): a tab owner changes only
its own line there and its own module. The screen's own keys act on the container: exec a
shell, attach, run a command, copy files, export, rename, wait, run a new container.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from tui.engine.containers.ops import StopWait
from tui.engine.containers.run import Created
from tui.engine.core.errors import EngineError
from tui.engine.core.model import Container
from tui.engine.core.session import EngineSession
from tui.screens.containers.container_entry_points import open_attach, open_shell, run_command
from tui.screens.details.detail_tabs import DETAIL_TABS
from tui.screens.logs.logs_panel import LogsPanel
from tui.screens.shell.app_settings import settings_of
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys, focus_now, opens_input, typing

#: Actions that change something (or hand out a shell): gone in read-only mode.
MUTATING = frozenset(
    {
        "shell",
        "shell_as",
        "attach",
        "command",
        "copy_files",
        "rename",
        "run_new",
        "limits",
        "recreate",
    }
)
#: Actions that open a dialog to type into (priority keys: see ``opens_input``).
OPENS_DIALOG = frozenset(
    {"shell_as", "command", "copy_files", "export", "rename", "run_new", "limits", "recreate"}
)


class DetailTabs(TabbedContent):
    """TabbedContent that ignores the late "a widget in pane X got focus" of a pane already
    left: with keys typed fast ("]]]"), Textual's handler would switch back to it."""

    def on_tab_pane_focused(self, event: TabPane.Focused) -> None:  # before TabbedContent's
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.prevent_default()
            event.stop()


class ContainerDetailsScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.pop_screen", "Back", id="details.back"),
        Binding("e", "shell", "Shell", id="details.exec"),
        opens_input("E", "shell_as", "Shell as...", show=False, id="details.exec_as"),
        Binding("a", "attach", "Attach", id="details.attach"),
        opens_input("exclamation_mark", "command", "Run cmd", id="details.command"),
        opens_input("f", "copy_files", "Copy files", id="details.copy_files"),
        opens_input("x", "export", "Export", id="details.export"),
        opens_input("R", "rename", "Rename", id="details.rename"),
        Binding("w", "wait", "Wait", id="details.wait"),
        opens_input("ctrl+n", "run_new", "Run new", id="details.run_new"),
        opens_input("L", "limits", "Limits", id="details.limits"),
        opens_input("C", "recreate", "Recreate with changes", show=False, id="details.recreate"),
        Binding("i", "show_tab('inspect')", "Inspect", show=False, id="details.inspect"),
        Binding(
            "right_square_bracket", "next_tab(1)", "Next tab", show=False, id="details.next_tab"
        ),
        Binding(
            "left_square_bracket", "next_tab(-1)", "Previous tab", show=False, id="details.prev_tab"
        ),
    ]

    DEFAULT_CSS = """
    ContainerDetailsScreen #details-title { height: 1; padding: 0 1; background: $panel; }
    ContainerDetailsScreen #details-tabs { height: 1fr; }
    ContainerDetailsScreen #details-tabs > ContentSwitcher { height: 1fr; }
    ContainerDetailsScreen TabPane { height: 1fr; padding: 0; }
    """

    def __init__(self, session: EngineSession, container: Container, tab: str = "logs") -> None:
        super().__init__()
        self.session = session
        self.container = container
        self.initial_tab = tab
        self.exit_code: int | None = None
        self._waiting: StopWait | None = None

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="details-title")
        initial = self.initial_tab if any(t.id == self.initial_tab for t in DETAIL_TABS) else "logs"
        with DetailTabs(initial=f"tab-{initial}", id="details-tabs"):
            for spec in DETAIL_TABS:
                with TabPane(spec.title, id=f"tab-{spec.id}"):
                    if spec.id == initial:  # the others are built when first shown
                        yield spec.make(self.session, self.container)
        yield KeysFooter()

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Build a tab's body the first time it is shown: opening the screen costs one tab,
        and a tab never looked at asks nothing of the engine."""
        pane = event.pane
        if pane.children or not pane.id:
            return
        spec = next((t for t in DETAIL_TABS if f"tab-{t.id}" == pane.id), None)
        if spec is not None:
            await pane.mount(spec.make(self.session, self.container))
            self.call_after_refresh(self._focus_body)

    def _title(self) -> Text:
        title = Text("Container ")
        title.append(self.container.name, style="bold")
        title.append(f"  {self.container.short_id}  {self.container.image}")
        if self.exit_code is not None:
            title.append(f"  exited with code {self.exit_code}", style="bold yellow")
        return title

    def _retitle(self) -> None:
        self.query_one("#details-title", Static).update(self._title())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in OPENS_DIALOG and typing(self.app):
            return False  # the key is text for the search or prompt that has the focus
        return not (action in MUTATING and settings_of(self).read_only)

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_body)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{tab}"
        self._focus_body()

    def action_next_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [f"tab-{spec.id}" for spec in DETAIL_TABS]
        if tabs.active in ids:
            tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]
            self._focus_body()

    def _focus_body(self) -> None:
        """Focus the first focusable widget of the active tab (its keys then work at once).

        At once, not later: keys typed right behind "]" (an SSH packet, a fast hand) must
        reach the new tab, and a late focus inside a tab already left would switch back to it.
        """
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        if pane is None:
            return
        for widget in pane.query("*"):
            if widget.focusable and widget.display:
                focus_now(widget)
                return
        self.set_focus(None)  # nothing to focus here: not a widget of the tab left behind

    def action_shell(self) -> None:
        open_shell(self.app, self.session, self.container)

    def action_shell_as(self) -> None:
        """Ask which shell (or any interactive command) to run, e.g. zsh, bash -l, python3."""
        from tui.screens.details.inside_actions import start_shell
        from widgets.prompt import PromptDialog

        def chosen(shell: str | None) -> None:
            if shell is not None:
                start_shell(self.app, self.session, self.container, shell.strip() or None)

        current = settings_of(self).shell or ""
        self.app.push_screen(
            PromptDialog(
                f"Shell in {self.container.name}",
                current,
                placeholder="e.g. zsh, bash -l, python3 (empty: bash, then sh)",
                hint="tried first, then bash, then sh; enter: open, escape: cancel",
            ),
            chosen,
        )

    def action_attach(self) -> None:
        open_attach(self.app, self.session, self.container)

    def action_command(self) -> None:
        run_command(self.app, self.session, self.container)

    def action_copy_files(self) -> None:
        from tui.screens.details.copy_dialog import CopyDialog

        self.app.push_screen(CopyDialog(self.session, self.container))

    def action_export(self) -> None:
        from tui.screens.details.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.session, self.container))

    def action_rename(self) -> None:
        from tui.screens.details.rename_dialog import RenameDialog

        def renamed(name: str | None) -> None:
            if name:
                self.container = replace(self.container, name=name)
                self._retitle()
                for logs in self.query(LogsPanel):  # its status line names the container
                    logs.container_renamed(self.container)
                self.notify(f"renamed to {name}", title="Rename", markup=False)

        self.app.push_screen(RenameDialog(self.session, self.container), renamed)

    def action_run_new(self) -> None:
        from tui.screens.containers.run_form import RunForm

        self.app.push_screen(
            RunForm(self.session, image=self.container.image),
            attach_after_run(self.app, self.session),
        )

    def action_limits(self) -> None:
        from tui.screens.details.limits_dialog import open_limits

        open_limits(self.app, self.session, self.container)

    def action_recreate(self) -> None:
        from tui.screens.details.limits_dialog import open_recreate

        open_recreate(self.app, self.session, self.container)

    def action_wait(self) -> None:
        if self._waiting is not None:
            self.notify("already waiting for it to stop", markup=False)
            return
        self.notify(f"waiting for {self.container.name} to stop", markup=False)
        self.run_worker(self._wait, thread=True, exclusive=True, group="details-wait")

    def _wait(self) -> None:
        waiting = self.session.containers.waiter(self.container.id)
        self._waiting = waiting
        try:
            code = waiting.wait()
        except EngineError as error:
            if self._waiting is waiting:  # not closed by on_unmount
                self.app.call_from_thread(
                    self.notify, error.message, title="Wait", severity="error", markup=False
                )
        else:
            self.app.call_from_thread(self._stopped, code)
        finally:
            if self._waiting is waiting:
                self._waiting = None

    def _stopped(self, code: int | None) -> None:
        self.exit_code = code
        self._retitle()
        self.notify(f"{self.container.name} stopped: exit code {code}", title="Wait", markup=False)

    def on_unmount(self) -> None:
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting.close()


def attach_after_run(app: App, session: EngineSession) -> Callable[[Created | None], None]:
    """What to do when the run form closes: attach when it ran without detach."""

    def done(result: Created | None) -> None:
        if result is not None and result.attach:
            from tui.screens.details.inside_actions import start_attach

            container = Container(result.id, result.name, image="", state="running", status="")
            start_attach(app, session, container)

    return done
