"""Drive the real app with Pilot through its main views and write SVG + PNG screenshots.

Run by ``scripts/screenshots`` (which starts the sandbox engine and the demo fleet); needs
DOCKER_HOST pointing at that engine and ``rsvg-convert`` (Debian librsvg2-bin) for the PNGs.
Each view is reached with the keys a user would press; a view whose key is not wired (yet)
is reported and skipped, never faked.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.pilot import Pilot  # noqa: E402
from textual.screen import Screen  # noqa: E402

import themes  # noqa: E402
from tui.app import DockpitApp  # noqa: E402
from tui.settings import Settings  # noqa: E402
from widgets.containers_table import ContainersTable  # noqa: E402

SIZE = (150, 42)


def screen_text(pilot: Pilot) -> str:
    return "\n".join(s.text for s in pilot.app.screen._compositor.render_strips())


async def wait_until(pilot: Pilot, condition: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:  # noqa: BLE001 - the widget may not exist yet
            pass
        await pilot.pause(0.1)
    return False


class Shooter:
    def __init__(self, out: Path, png: bool) -> None:
        self.out = out
        self.png = png
        self.made: list[str] = []
        self.skipped: list[str] = []

    async def shoot(self, pilot: Pilot, name: str, title: str) -> None:
        await pilot.pause(0.3)
        svg = pilot.app.export_screenshot(title=f"dockpit — {title}")
        # rsvg drops the no-break spaces a text run starts with unless told to keep them
        # ("sock  engine" became "sockengine" in the PNG); browsers are unaffected.
        svg = svg.replace("<svg ", '<svg xml:space="preserve" ', 1)
        path = self.out / f"{name}.svg"
        path.write_text(svg, encoding="utf-8")
        if self.png:
            subprocess.run(
                ["rsvg-convert", "-o", str(path.with_suffix(".png")), str(path)], check=True
            )
        self.made.append(name)
        print(f"screenshots: {name}", file=sys.stderr)

    def skip(self, name: str, why: str) -> None:
        self.skipped.append(name)
        print(f"screenshots: SKIPPED {name}: {why}", file=sys.stderr)


async def press_for_screen(pilot: Pilot, key: str, timeout: float = 8.0) -> Screen | None:
    """Press ``key``; the new screen if one opened, else None."""
    before = pilot.app.screen
    await pilot.press(key)
    if await wait_until(pilot, lambda: pilot.app.screen is not before, timeout):
        await pilot.pause(0.3)
        return pilot.app.screen
    return None


async def back_to_main(pilot: Pilot) -> None:
    app = pilot.app
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause(0.2)


async def cursor_to(pilot: Pilot, table: ContainersTable, name: str) -> bool:
    """Move the containers table's cursor to the row of ``name`` with the arrow keys."""
    for key in ("home",) + ("down",) * table.row_count + ("",):
        current = table.current_key
        row = table.known.get(current) if current else None
        if row is not None and row.container.name == name:
            return True
        if key:
            await pilot.press(key)
    return False


async def run(out: Path, png: bool, host: str) -> Shooter:
    shooter = Shooter(out, png)
    app = DockpitApp(Settings(host=host, theme="dockpit"))
    async with app.run_test(size=SIZE) as pilot:
        ok = await wait_until(pilot, lambda: app.query_one(ContainersTable).row_count >= 6, 30)
        if not ok:
            raise SystemExit("screenshots: the demo fleet did not show up (is DOCKER_HOST right?)")
        table = app.query_one(ContainersTable)
        # live stats: wait until the worker (which burns CPU) shows a CPU figure
        await wait_until(pilot, lambda: "%" in screen_text(pilot) or _has_cpu(table), 20)
        await pilot.pause(3)
        await shooter.shoot(pilot, "containers", "containers with live stats")

        on_worker = await cursor_to(pilot, table, "shop-worker-1")
        details = await press_for_screen(pilot, "enter") if on_worker else None
        if details is None:
            shooter.skip("details-stats", "enter opened no details screen")
        else:
            await pilot.press("right_square_bracket")  # logs -> stats tab
            await pilot.pause(12)  # a few samples for the graphs
            await shooter.shoot(pilot, "details-stats", "container details, stats graphs")
            await back_to_main(pilot)

        on_web = await cursor_to(pilot, table, "shop-web-1")
        logs = await press_for_screen(pilot, "l") if on_web else None
        if logs is None:
            why = "l opened no logs screen" if on_web else "the cursor never reached shop-web-1"
            shooter.skip("logs-search", f"{why} (focus: {app.focused!r})")
        else:
            await wait_until(pilot, lambda: "GET /item" in screen_text(pilot), 15)
            await pilot.pause(2)
            await pilot.press("slash")
            await pilot.pause(0.3)
            await pilot.press(*" 500 ")
            await pilot.press("enter")
            await pilot.pause(1)
            await shooter.shoot(pilot, "logs-search", "logs with a search")
            await back_to_main(pilot)

        for key, pane, title in (
            ("7", "overview", "stats overview of every container"),
            ("2", "images", "images"),
            ("3", "volumes", "volumes"),
        ):
            await pilot.press(key)
            await pilot.pause(3)
            await shooter.shoot(pilot, pane, title)
        await pilot.press("1")
        await pilot.pause(0.5)

        prune = await press_for_screen(pilot, "P")
        if prune is None:
            shooter.skip("prune", "P opened no prune menu")
        else:
            await pilot.press("down")  # the kinds: pick one with something to reclaim
            await pilot.press("enter")
            await pilot.pause(3)
            await shooter.shoot(pilot, "prune", "prune: what goes and what comes back")
            await back_to_main(pilot)

        help_screen = await press_for_screen(pilot, "question_mark")
        if help_screen is None:
            shooter.skip("help", "? opened no help")
        else:
            await shooter.shoot(pilot, "help", "help: every key of the focused view")
            await back_to_main(pilot)

        await cursor_to(pilot, table, "flaky-api")
        for theme in themes.BUILTIN_THEMES:
            app.theme = theme.name
            await pilot.pause(1.5)
            await shooter.shoot(pilot, f"theme-{theme.name}", f"theme {theme.name}")
        app.theme = "dockpit"
        picker = await press_for_screen(pilot, "ctrl+t")
        if picker is None:
            shooter.skip("theme-picker", "ctrl+t opened no theme picker")
        else:
            await pilot.press("down", "down", "down")
            await pilot.pause(1.5)
            await shooter.shoot(pilot, "theme-picker", "theme picker, previewing as you move")
            await pilot.press("escape")
    return shooter


async def run_dashboard(out: Path, png: bool, host: str, near: str = "") -> Shooter:
    """Only the two dashboard shots (issue 18): 160x45 side by side, 100x30 stacked."""
    shooter = Shooter(out, png)
    for size, name in (((160, 45), "dashboard"), ((100, 30), "dashboard-stacked")):
        app = DockpitApp(Settings(host=host, theme="dockpit"))
        async with app.run_test(size=size) as pilot:
            await wait_until(
                pilot, lambda app=app: app.query_one(ContainersTable).row_count >= 1, 30
            )
            table = app.query_one(ContainersTable)
            if near:
                await cursor_to(pilot, table, near)
            await pilot.pause(8)  # the logs tail, a few stats samples
            await shooter.shoot(pilot, name, f"dashboard at {size[0]}x{size[1]}")
    return shooter


def _has_cpu(table: ContainersTable) -> bool:
    return any(row.cpu for row in table.known.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--no-png", action="store_true")
    parser.add_argument("--dashboard-only", action="store_true", help="only the dashboard shots")
    parser.add_argument("--near", default="", help="the container the dashboard shots select")
    args = parser.parse_args()
    host = os.environ.get("DOCKER_HOST")
    if not host:
        print("screenshots: set DOCKER_HOST (scripts/screenshots does)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if args.dashboard_only:
        shooter = asyncio.run(run_dashboard(args.out, not args.no_png, host, args.near))
    else:
        shooter = asyncio.run(run(args.out, not args.no_png, host))
    print(
        f"screenshots: {len(shooter.made)} written to {args.out}/"
        + (f", skipped: {', '.join(shooter.skipped)}" if shooter.skipped else ""),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
