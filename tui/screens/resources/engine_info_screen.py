"""The engine info screen: what the engine says about itself, and the client side."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.engine.core.errors import EngineError
from tui.engine.core.session import EngineSession
from tui.engine.resources.disk_usage import human_size
from tui.engine.resources.info import EngineReport
from widgets.footer import KeysFooter
from widgets.typeahead import KeepsEarlyKeys


def report_text(report: EngineReport, endpoint: str) -> Text:
    text = Text()

    def section(title: str) -> None:
        text.append(f"\n{title}\n", style="bold underline")

    def row(label: str, value: str) -> None:
        text.append(f"  {label:<22}", style="dim")
        text.append(f"{value}\n")

    section("Engine")
    row("Endpoint", endpoint)
    row("Name", report.name)
    row("Version", report.version)
    row("API version", f"{report.api_version} (minimum {report.min_api_version})")
    row("Operating system", f"{report.os} ({report.os_type}, {report.architecture})")
    row("Kernel", report.kernel)
    row("Storage driver", report.storage_driver)
    row("Cgroup driver", f"{report.cgroup_driver} (cgroup v{report.cgroup_version})")
    row("CPUs", str(report.cpus))
    row("Memory", f"{human_size(report.memory)} ({report.memory / 2**30:.2f} GiB)")
    row("Root directory", report.root_dir)
    section("Counts")
    row(
        "Containers",
        f"{report.containers} ({report.running} running, {report.paused} paused, "
        f"{report.stopped} stopped)",
    )
    row("Images", str(report.images))
    section("Client")
    row("dockpit", report.dockpit_version)
    row("docker-py", report.docker_py_version)
    row("API negotiated", report.client_api_version)
    section("Warnings")
    if report.warnings:
        for warning in report.warnings:
            text.append(f"  ! {warning}\n", style="yellow")
    else:
        text.append("  none\n", style="dim")
    return text


class EngineInfoScreen(KeepsEarlyKeys, Screen[None]):
    BINDINGS = [
        Binding("q,escape", "app.pop_screen", "Back", id="engine_info.back"),
        Binding("r", "refresh", "Refresh", id="engine_info.refresh"),
    ]

    def __init__(self, session: EngineSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("Asking the engine..."), id="engine-info")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.run_worker(self._read, thread=True, exclusive=True, group="engine-info-read")

    def _read(self) -> None:
        try:
            report = self.session.system.engine_report()
        except EngineError as error:
            self.app.call_from_thread(
                self.app.notify, error.message, title="Engine info", severity="error", markup=False
            )
            return
        text = report_text(report, self.session.endpoint.label)
        self.app.call_from_thread(self.query_one("#engine-info", Static).update, text)
