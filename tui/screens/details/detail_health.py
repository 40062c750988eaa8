"""The health tab: the health check, its status and streak, and the probe history (newest first)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.engine.health.probes import health_from_inspect
from tui.screens.details.detail_base import InspectBackedTab
from widgets.keyed_table import KeyedTable

STYLES = {"healthy": "green", "unhealthy": "bold red", "starting": "yellow"}


class HealthTab(InspectBackedTab):
    DEFAULT_CSS = """
    HealthTab > #health-summary { height: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("loading..."), classes="tab-message")
        yield Static("", id="health-summary")
        yield KeyedTable(
            [("start", "Started"), ("took", "Took"), ("exit", "Exit"), ("output", "Output")],
            id="health-table",
        )

    def show(self, info: dict[str, Any]) -> None:
        health = health_from_inspect(info)
        self.show_message("")
        summary = Text()
        if health.status == "none":
            summary.append("No health check", style="bold")
            summary.append(" (the image and the run set none)", style="dim")
        elif not health.status:
            summary.append("The engine reports no health for this container", style="dim")
        else:
            summary.append("Health: ")
            summary.append(health.status, style=STYLES.get(health.status, ""))
            summary.append(f"   failing streak {health.failing_streak}")
            summary.append(f"\nCheck: {health.test}", style="dim")
        summary.append(f"\nRestarts: {health.restart_count}")
        if health.exit_code is not None:
            summary.append(f"   last exit code {health.exit_code}")
        if health.oom_killed:
            summary.append("   OOM killed", style="bold red")
        self.query_one("#health-summary", Static).update(summary)
        rows = []
        for index, probe in enumerate(reversed(health.probes)):
            took = f"{probe.seconds:.2f} s" if probe.seconds is not None else "?"
            started = probe.start.strftime("%H:%M:%S") if probe.start else "?"
            style = "red" if probe.exit_code else "green"
            output = probe.output.replace("\n", " ⏎ ")
            rows.append(
                (
                    str(index),
                    (
                        Text(started),
                        Text(took),
                        Text(str(probe.exit_code), style=style),
                        Text(output[:300]),
                    ),
                )  # fmt: skip
            )
        self.query_one(KeyedTable).sync(rows)
