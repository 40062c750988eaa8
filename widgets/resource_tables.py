"""Tables for volumes and networks: one row per object, keyed by name / id, cells as Text."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from tui.engine.resources.disk_usage import human_size
from tui.engine.resources.networks import Network
from tui.engine.resources.volumes import Volume
from widgets.keyed_table import Cell, KeyedTable

VOLUME_COLUMNS = [
    ("name", "Name"),
    ("driver", "Driver"),
    ("size", "Size"),
    ("used_by", "Used by"),
    ("mountpoint", "Mountpoint"),
]

NETWORK_COLUMNS = [
    ("name", "Name"),
    ("id", "ID"),
    ("driver", "Driver"),
    ("scope", "Scope"),
    ("subnet", "Subnet"),
    ("containers", "Containers"),
]


def names_cell(names: Iterable[str], limit: int = 4) -> Text:
    names = list(names)
    if not names:
        return Text("-", style="dim")
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += f" +{len(names) - limit}"
    return Text(shown)


def volume_cells(volume: Volume) -> tuple[Cell, ...]:
    name = volume.name if len(volume.name) <= 40 else volume.name[:12] + "…"
    size = Text("?", style="dim") if volume.size is None else Text(human_size(volume.size))
    return (
        Text(name),
        Text(volume.driver),
        size,
        names_cell(volume.used_by),
        Text(volume.mountpoint, style="dim"),
    )


def network_cells(network: Network) -> tuple[Cell, ...]:
    return (
        Text(network.name, style="dim" if network.predefined else ""),
        Text(network.short_id, style="dim"),
        Text(network.driver),
        Text(network.scope),
        Text(", ".join(network.subnets) or "-"),
        names_cell(network.containers),
    )


class VolumesTable(KeyedTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(VOLUME_COLUMNS, **kwargs)

    def show(self, volumes: Iterable[Volume]) -> None:
        self.sync((v.name, volume_cells(v)) for v in volumes)


class NetworksTable(KeyedTable):
    def __init__(self, **kwargs) -> None:
        super().__init__(NETWORK_COLUMNS, **kwargs)

    def show(self, networks: Iterable[Network]) -> None:
        self.sync((n.id, network_cells(n)) for n in networks)
