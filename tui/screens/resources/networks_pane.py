"""The networks pane: driver, scope, subnet, containers; create, inspect, connect, remove."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from tui.engine.core.model import EngineEvent
from tui.engine.core.session import EngineSession
from tui.engine.resources.networks import ContainerChoice, Network
from tui.engine.resources.prune import PruneKind
from tui.engine.resources.volumes import parse_labels
from tui.screens.resources.prune_screen import PruneScreen
from tui.screens.resources.resource_dialogs import ContainerPicker, FormModal, InspectModal
from tui.screens.shell.watched_pane import WatchedPane
from widgets.confirm import ConfirmDialog
from widgets.resource_tables import NetworksTable
from widgets.typeahead import opens_input

DESTRUCTIVE = frozenset({"prune", "create", "remove", "connect", "disconnect"})


class NetworksPane(WatchedPane):
    TITLE = "Networks"
    EVENT_FILTERS = {"type": ["network", "container"]}
    BINDINGS = [
        opens_input("n", "create", "New network", id="networks.create"),
        Binding("d", "remove", "Remove", id="networks.remove"),
        Binding("P", "prune", "Prune networks", id="networks.prune"),
        Binding("i", "inspect", "Inspect", id="networks.inspect"),
        Binding("plus", "connect", "Connect container", id="networks.connect"),
        Binding("minus", "disconnect", "Disconnect container", id="networks.disconnect"),
    ]

    def __init__(self, session, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.networks: dict[str, Network] = {}

    def compose(self) -> ComposeResult:
        yield NetworksTable(id="networks-table")

    def relevant(self, event: EngineEvent) -> bool:
        if event.type == "network":
            return event.action in ("create", "destroy", "connect", "disconnect", "remove")
        return event.action in ("create", "destroy", "rename")

    def fetch(self) -> list[Network]:
        return self.session.networks.list()

    def show(self, data: list[Network]) -> None:
        self.networks = {n.id: n for n in data}
        self.query_one(NetworksTable).show(sorted(data, key=lambda n: (n.predefined, n.name)))

    @property
    def current(self) -> Network | None:
        key = self.query_one(NetworksTable).current_key
        return self.networks.get(key) if key else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in DESTRUCTIVE and self.read_only)

    def action_prune(self) -> None:
        """The prune menu, opened on networks: the list and the sizes come before any ``y``."""
        self.app.push_screen(PruneScreen(self.session, highlight=PruneKind.NETWORKS))

    def action_create(self) -> None:
        def submit(session: EngineSession, values: dict[str, str]) -> str:
            session.networks.create(
                values["name"],
                values["driver"],
                values["subnet"],
                values["gateway"],
                parse_labels(values["labels"]),
            )
            return values["name"]

        form = FormModal(
            self.session,
            "New network",
            [
                ("name", "Name", ""),
                ("driver", "Driver", "bridge"),
                ("subnet", "Subnet (CIDR, e.g. 10.42.0.0/16; empty: the engine picks)", ""),
                ("gateway", "Gateway (empty: the first address)", ""),
                ("labels", "Labels (key=value, ...)", ""),
            ],
            submit,
        )

        def made(name: str | None) -> None:
            if name:
                self.notify(f"Created network {name}", title="Networks", markup=False)

        self.app.push_screen(form, made)

    def action_inspect(self) -> None:
        network = self.current
        if network is None:
            return
        self.run_engine(
            "inspect",
            lambda session: session.networks.inspect(network.id),
            lambda data: self.app.push_screen(InspectModal(f"Network {network.name}", data)),
        )

    def on_data_table_row_selected(self, event: NetworksTable.RowSelected) -> None:
        event.stop()
        self.action_inspect()

    def action_remove(self) -> None:
        network = self.current
        if network is None:
            return
        if network.predefined:
            self.notify(
                f"{network.name} is one of the engine's own networks and cannot be removed",
                title="Not removed",
                severity="error",
                markup=False,
            )
            return
        question = Text("Remove network ")
        question.append(network.name, style="bold")
        question.append(f" ({network.driver}, {', '.join(network.subnets) or 'no subnet'})?")
        if network.containers:
            question.append(
                f"\nStopped containers configured on it: {', '.join(network.containers)}"
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_engine(
                    "remove",
                    lambda session: session.networks.remove(network.id),
                    lambda _: self.notify(
                        f"Removed network {network.name}", title="Networks", markup=False
                    ),
                )

        self.app.push_screen(ConfirmDialog("Remove network?", [question], "remove"), answered)

    def _pick(self, connected: bool) -> None:
        network = self.current
        if network is None:
            return
        verb = "Disconnect" if connected else "Connect"

        def chosen(container_id: str | None) -> None:
            if not container_id:
                return

            def act(session: EngineSession) -> None:
                if connected:
                    session.networks.disconnect(network.id, container_id)
                else:
                    session.networks.connect(network.id, container_id)

            self.run_engine(
                verb.lower(),
                act,
                lambda _: self.notify(
                    f"{verb}ed {names.get(container_id, container_id[:12])} "
                    f"{'from' if connected else 'to'} {network.name}",
                    title="Networks",
                    markup=False,
                ),
            )

        names: dict[str, str] = {}

        def offer(choices: list[ContainerChoice]) -> None:
            fit = [c for c in choices if (network.id in c.networks) == connected]
            names.update({c.id: c.name for c in fit})
            where = "from" if connected else "to"
            self.app.push_screen(
                ContainerPicker(f"{verb} a container {where} {network.name}", fit), chosen
            )

        self.run_engine("choices", lambda session: session.networks.container_choices(), offer)

    def action_connect(self) -> None:
        self._pick(connected=False)

    def action_disconnect(self) -> None:
        self._pick(connected=True)
