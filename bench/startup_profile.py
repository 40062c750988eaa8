"""Where dockpit's start-up time goes: the real CLI, in a real terminal, up to the first frame
that shows the containers list.

    .venv/bin/python -m bench.startup_profile [--cprofile FILE] [--runs N]

Run it inside a terminal of the size the benchmark uses (tmux new -x 160 -y 45 ...), with
DOCKER_HOST pointing at an engine. Prints, for each run, the seconds since the process started
(wall clock, and CPU time of the whole process: steadier on a loaded machine) at each milestone (imports done, app mounted, first frame, engine connected, pane mounted,
list on screen), then exits. With --cprofile, the main thread is profiled from the CLI's start
to the list's first frame and the stats are written to FILE (pstats format).

Nothing in dockpit knows about this script: it hooks in from outside (an import hook patches
the containers pane when it is imported, App._display tells when a frame was written).
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.machinery
import os
import sys
import time


def process_age() -> float:
    """Seconds since this process started (from /proc, so the interpreter's start counts)."""
    with open("/proc/self/stat") as fh:
        start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as fh:
        uptime = float(fh.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


MARKS: list[tuple[str, float, float]] = []
_T0 = time.monotonic() - process_age()


#: label -> [calls, CPU seconds] of the methods wrapped by `measure` (until the list is shown).
SPENT: dict[str, list[float]] = {}
SNAPSHOT: dict[str, list[float]] = {}


def measure(owner: object, name: str, label: str | None = None) -> None:
    """Add the CPU time of every (outermost) call of owner.name to SPENT[label]."""
    original = getattr(owner, name)
    label = label or f"{getattr(owner, '__name__', owner)}.{name}"
    SPENT.setdefault(label, [0, 0.0])

    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003
        start = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            entry = SPENT[label]
            entry[0] += 1
            entry[1] += time.thread_time() - start

    setattr(owner, name, wrapper)


def measure_textual() -> None:
    from textual._compositor import Compositor
    from textual.css.stylesheet import Stylesheet
    from textual.screen import Screen
    from textual.widgets import DataTable

    measure(Stylesheet, "parse")
    if os.environ.get("STARTUP_PROFILE_CSS"):  # CPU per CSS source parsed
        original = Stylesheet._parse_rules

        def _parse_rules(self, css, read_from, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            start = time.thread_time()
            try:
                return original(self, css, read_from, *args, **kwargs)
            finally:
                entry = SPENT.setdefault(f"css {read_from[-1]}", [0, 0.0])
                entry[0] += 1
                entry[1] += time.thread_time() - start

        Stylesheet._parse_rules = _parse_rules
    measure(Stylesheet, "apply")
    measure(Stylesheet, "update_nodes")
    measure(Compositor, "reflow")
    measure(Compositor, "render_update")
    measure(Screen, "_refresh_layout")
    measure(DataTable, "_update_dimensions")
    from widgets.keyed_table import KeyedTable

    if "_update_dimensions" in vars(KeyedTable):  # its own fast path (calls DataTable's)
        measure(KeyedTable, "_update_dimensions")
    measure(DataTable, "render_lines")
    measure(DataTable, "add_row")


def mark(name: str) -> None:
    MARKS.append((name, time.monotonic() - _T0, time.process_time()))


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Runs ``patch(module)`` right after the named module is executed."""

    def __init__(self, patches: dict) -> None:
        self.patches = patches

    def find_spec(self, name, path=None, target=None):  # noqa: ANN001
        if name not in self.patches:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        loader, patch = spec.loader, self.patches[name]

        class Loader(importlib.abc.Loader):
            def create_module(self, spec):  # noqa: ANN001
                return loader.create_module(spec)

            def exec_module(self, module):  # noqa: ANN001
                loader.exec_module(module)
                patch(module)

        spec.loader = Loader()
        return spec


def patch_app(module) -> None:  # noqa: ANN001
    mark("tui.app imported")
    app_cls = module.DockpitApp
    state = {"frames": 0, "done": False}
    original_display = app_cls._display
    original_on_mount = app_cls.on_mount
    original_connected = app_cls.on_engine_connected

    def _display(self, screen, renderable):  # noqa: ANN001
        original_display(self, screen, renderable)
        if renderable is None or state["done"]:
            return
        state["frames"] += 1
        if state["frames"] == 1:
            mark("first frame")
        try:
            table = screen.query_one("#containers-table")
        except Exception:  # noqa: BLE001
            return
        if table.row_count > 0 or os.environ.get("STARTUP_PROFILE_EMPTY") and table.columns:
            state["done"] = True
            mark(f"list on screen ({table.row_count} rows, frame {state['frames']})")
            SNAPSHOT.update({k: list(v) for k, v in SPENT.items()})
            if os.environ.get("STARTUP_PROFILE_DOM"):
                from collections import Counter

                nodes = Counter(type(n).__name__ for n in self.screen.walk_children(with_self=True))
                MARKS.append(
                    (f"DOM {sum(nodes.values())} nodes: {dict(nodes.most_common())}", 0, 0)
                )
            on_done()
            self.exit()

    def on_mount(self) -> None:
        mark("app on_mount")
        original_on_mount(self)

    def on_engine_connected(self, message) -> None:  # noqa: ANN001
        mark("engine connected")
        original_connected(self, message)
        mark("panes mounted (attach_session returned)")

    measure(module.MainScreen, "attach_session")
    measure(module.MainScreen, "compose")
    measure(module.DockpitApp, "__init__")
    measure(module.theme_setup, "install_themes")
    from textual.app import App

    measure(App, "_print_error_renderables")  # (keeps measure's import of App honest)
    if os.environ.get("STARTUP_PROFILE_MORE"):
        from widgets.containers_table import ContainersTable

        for name in ("show", "sync", "_reorder", "refresh_view"):
            measure(ContainersTable, name)
    measure_textual()
    app_cls._display = _display
    app_cls.on_mount = on_mount
    app_cls.on_engine_connected = on_engine_connected


def on_done() -> None:
    pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cprofile", metavar="FILE")
    args, rest = parser.parse_known_args()
    sys.meta_path.insert(0, _PatchOnImport({"tui.app": patch_app}))
    mark("harness start")
    from tui import cli

    mark("tui.cli imported")
    profiler = None
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile(time.thread_time)
        global on_done

        def on_done() -> None:  # type: ignore[no-redef]
            profiler.disable()
            profiler.dump_stats(args.cprofile)

        profiler.enable()
    cli.main(rest)
    mark("exited")
    out = os.environ.get("STARTUP_PROFILE_OUT")
    lines = [f"{t:7.3f} wall {cpu:7.3f} cpu  {name}" for name, t, cpu in MARKS]
    lines += [
        f"{cpu:7.3f} cpu  {int(calls):4d} calls  {label}"
        for label, (calls, cpu) in SNAPSHOT.items()
    ]
    if out:
        with open(out, "a") as fh:
            fh.write("\n".join(lines) + "\n--\n")
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
