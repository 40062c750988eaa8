"""The prune menu (``P``): choose what to prune, see exactly what goes and what comes back,
``y`` to do it, then a summary of what was removed and the space given back."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.resources.disk_usage import human_size
from tui.engine.resources.prune import (
    KIND_TITLES,
    PruneItem,
    PruneKind,
    PrunePlan,
    PruneResult,
)
from widgets.typeahead import KeepsEarlyKeys

PLAN_COLUMNS = ("What", "Name", "Gives back", "Result")
MAX_LINES = 12  # of the engine's image answer in the summary


def size_text(item: PruneItem) -> Text:
    if item.size is None:
        return Text("-", style="dim")
    return Text(human_size(item.size))


class PruneScreen(KeepsEarlyKeys, ModalScreen[PruneResult | None]):
    """Stages: menu -> planning -> plan -> running -> done."""

    BINDINGS = [
        Binding("y", "confirm", "Yes, remove them", id="prune.confirm"),
        Binding("escape,n,q", "close", "Cancel / close", id="prune.cancel"),
    ]
    DEFAULT_CSS = """
    PruneScreen #prune-items { height: auto; max-height: 24; display: none; }
    PruneScreen #prune-kinds { height: auto; max-height: 12; }
    """

    def __init__(
        self,
        session: EngineSession,
        labels: dict[str, str] | None = None,
        kind: PruneKind | None = None,
        highlight: PruneKind | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.labels = dict(labels or {})
        self.initial_kind = kind
        self.highlight = highlight  # the menu opens on this kind (from a pane's P)
        self.stage = "menu"
        self.plan: PrunePlan | None = None
        self.result: PruneResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="prune-dialog"):
            title = Text("Prune", style="bold")
            if self.labels:
                title.append(
                    "   only objects labelled "
                    + ", ".join(f"{k}={v}" for k, v in self.labels.items())
                )
            yield Label(title)
            yield OptionList(
                *[Option(Text(KIND_TITLES[kind]), id=kind.value) for kind in PruneKind],
                id="prune-kinds",
            )
            yield Static(
                Text("Choose what to prune (enter), escape: cancel", style="dim"), id="prune-body"
            )
            table: DataTable = DataTable(id="prune-items", cursor_type="row")
            for column in PLAN_COLUMNS:
                table.add_column(column, key=column)
            yield table
            yield Static("", id="prune-hint")

    def on_mount(self) -> None:
        if self.initial_kind is not None:
            self.start_plan(self.initial_kind)
        else:
            menu = self.query_one("#prune-kinds", OptionList)
            menu.focus()
            if self.highlight is not None:
                menu.highlighted = list(PruneKind).index(self.highlight)

    @on(OptionList.OptionSelected, "#prune-kinds")
    def _kind_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.stage == "menu" and event.option.id:
            self.start_plan(PruneKind(event.option.id))

    def start_plan(self, kind: PruneKind) -> None:
        self.stage = "planning"
        self.query_one("#prune-kinds", OptionList).display = False
        self._body(Text(f"{KIND_TITLES[kind]}: listing what would go and sizing it..."))

        def work() -> None:
            try:
                plan = self.session.system.plan_prune(kind, self.labels)
            except EngineError as error:
                self.app.call_from_thread(self._failed, error)
                return
            self.app.call_from_thread(self.show_plan, plan)

        self.run_worker(work, thread=True, exclusive=True, group="prune-plan")

    def _body(self, text: Text, hint: Text | None = None) -> None:
        self.query_one("#prune-body", Static).update(text)
        self.query_one("#prune-hint", Static).update(hint or "")
        self.refresh_bindings()

    def _failed(self, error: EngineError) -> None:
        self.stage = "done"
        self._body(Text(error.message, style="bold red"), Text("escape: close", style="dim"))
        self.app.notify(error.message, title="Prune", severity="error", markup=False)

    def show_plan(self, plan: PrunePlan) -> None:
        self.plan = plan
        self.stage = "plan"
        title = KIND_TITLES[plan.kind]
        if not plan.items:
            self.stage = "done"
            self._body(Text(f"{title}: nothing to remove."), Text("escape: close", style="dim"))
            return
        table = self.query_one("#prune-items", DataTable)
        for index, item in enumerate(plan.items):
            table.add_row(
                Text(item.category), Text(item.name), size_text(item), Text(""), key=str(index)
            )
        table.display = True
        table.focus()
        body = Text(f"{title}: ")
        body.append(f"{len(plan.items)} to remove", style="bold")
        body.append(", giving back ")
        body.append(human_size(plan.reclaim), style="bold")
        if plan.shared_layers:
            body.append(" or more (some image layers are shared: freed only with the last user)")
        body.append(".")
        hint = Text()
        hint.append("y", style="bold")
        hint.append(": remove exactly these    ")
        hint.append("n / escape", style="bold")
        hint.append(": cancel, nothing is removed")
        self._body(body, hint)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return self.stage == "plan"
        return True

    def action_confirm(self) -> None:
        plan = self.plan
        if self.stage != "plan" or plan is None:
            return
        self.stage = "running"
        self._body(Text(f"Removing {len(plan.items)} objects..."))

        def work() -> None:
            try:
                result = self.session.system.prune(plan)
            except EngineError as error:
                self.app.call_from_thread(self._failed, error)
                return
            self.app.call_from_thread(self.show_result, result)

        self.run_worker(work, thread=True, exclusive=True, group="prune-run")

    def show_result(self, result: PruneResult) -> None:
        self.result = result
        self.stage = "done"
        plan = self.plan
        assert plan is not None
        table = self.query_one("#prune-items", DataTable)
        for index, item in enumerate(plan.items):
            gone = item in result.removed
            table.update_cell(
                str(index),
                "Result",
                Text("removed", style="green") if gone else Text("kept", style="yellow"),
                update_width=True,
            )
        body = Text("Done: ", style="bold")
        body.append(f"removed {len(result.removed)} of {len(plan.items)}, ")
        body.append(f"space reclaimed {human_size(result.space_reclaimed)}", style="bold")
        body.append(".")
        if result.kept:
            body.append(
                f"\nKept {len(result.kept)} (changed since the list: in use again, or gone): "
                + ", ".join(i.name for i in result.kept),
                style="yellow",
            )
        if result.unexpected:
            body.append(
                "\nAlso removed by the engine, not in the list: " + ", ".join(result.unexpected),
                style="yellow",
            )
        if result.image_lines:  # the engine's own answer, as `docker image prune` prints it
            body.append("\nDeleted Images:\n" + "\n".join(result.image_lines[:MAX_LINES]))
            if len(result.image_lines) > MAX_LINES:
                body.append(f"\n... and {len(result.image_lines) - MAX_LINES} more", style="dim")
        for error in result.errors:
            body.append(f"\n{error}", style="red")
        self._body(body, Text("escape: close", style="dim"))
        self.app.notify(
            f"Pruned {len(result.removed)} objects, {human_size(result.space_reclaimed)} reclaimed",
            title="Prune",
            markup=False,
        )

    def action_close(self) -> None:
        if self.stage == "running":
            return  # the engine is working: wait for the summary
        self.dismiss(self.result)
