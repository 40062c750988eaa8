"""Ports, mounts and networks tabs: small keyed tables built from the inspect output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.engine.containers.inspect import mount_rows, network_rows, port_rows
from tui.screens.details.detail_base import InspectBackedTab
from widgets.keyed_table import KeyedTable


class RowsTab(InspectBackedTab):
    COLUMNS: Sequence[tuple[str, str]] = ()
    EMPTY = "nothing"
    rows_of: Callable[[dict[str, Any]], Sequence[Sequence[str]]]

    def compose(self) -> ComposeResult:
        yield Static(Text("loading..."), classes="tab-message")
        yield KeyedTable(self.COLUMNS, classes="details-table")

    def show(self, info: dict[str, Any]) -> None:
        rows = type(self).rows_of(info)
        self.show_message("" if rows else self.EMPTY)
        self.query_one(KeyedTable).sync(
            ("\x00".join(row), tuple(Text(cell) for cell in row)) for row in rows
        )


class PortsTab(RowsTab):
    COLUMNS = [
        ("container", "Container port"),
        ("ip", "Host IP"),
        ("host", "Host port"),
        ("state", "State"),
    ]
    EMPTY = "no ports exposed or published"
    rows_of = staticmethod(port_rows)


class MountsTab(RowsTab):
    COLUMNS = [("type", "Type"), ("source", "Source"), ("dest", "Destination"), ("mode", "Mode")]
    EMPTY = "no mounts"
    rows_of = staticmethod(mount_rows)


class NetworksTab(RowsTab):
    COLUMNS = [("net", "Network"), ("ip", "Address"), ("gw", "Gateway"), ("mac", "MAC")]
    EMPTY = "on no network"
    rows_of = staticmethod(network_rows)
