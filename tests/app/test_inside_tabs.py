"""Details tabs on the sandbox engine: inspect (tree, search, copy), env (masking), top, ports."""

from __future__ import annotations

from textual.widgets import TabbedContent

from tests.app.inside_helpers import open_details
from tests.helpers import free_port, screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.engine.containers.env import MASK
from widgets.json_tree import JsonTree
from widgets.keyed_table import KeyedTable


def _cells(table: KeyedTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_inspect_env_top_ports_tabs(app_settings, make_container):
    container = make_container(
        "sleep 3600",
        environment={"GREETING": "hello-env", "DB_PASSWORD": "hunter2", "API_TOKEN": "t0k"},
    )
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_details(pilot, container.id, tab="inspect")

        # inspect: a tree of the full document; search finds a nested value; copy copies it
        tree = screen.query_one(JsonTree)
        await wait_for(pilot, lambda: len(tree.root.children) > 5)
        tree.focus()
        await pilot.press("slash")
        await pilot.press(*"hello-env", "enter")
        await wait_for(pilot, lambda: "hello-env" in str(tree.cursor_node.label))
        assert "GREETING=hello-env" in str(tree.cursor_node.label)
        # the focus goes back to the tree a moment later; switching tabs before it does
        # would have the tabs follow that focus back to inspect
        await wait_for(pilot, lambda: app.focused is tree)
        await pilot.press("c")
        assert app._clipboard == tree.cursor_node.data.value
        assert "GREETING=hello-env" in app._clipboard
        assert "Config.Env" in tree.cursor_node.data.path
        assert "hunter2" not in screen_text(pilot)  # masked in the tree too

        # env: plain values shown, secrets masked until revealed
        screen.query_one(TabbedContent).active = "tab-env"  # built when first shown
        await wait_for(pilot, lambda: screen.query("#env-table"))
        env_table = screen.query_one("#env-table", KeyedTable)
        await wait_for(pilot, lambda: env_table.row_count >= 3)
        await wait_for_text(pilot, "GREETING")
        rows = {name: value for name, value in _cells(env_table)}
        assert rows["GREETING"] == "hello-env"
        assert rows["DB_PASSWORD"] == MASK and rows["API_TOKEN"] == MASK
        assert "hunter2" not in screen_text(pilot)
        env_table.focus()
        names = [r[0] for r in _cells(env_table)]
        env_table.move_cursor(row=names.index("DB_PASSWORD"))
        await wait_for(pilot, lambda: app.focused is env_table)
        await pilot.press("v")
        await wait_for_text(pilot, "hunter2")
        assert {n: v for n, v in _cells(env_table)}["API_TOKEN"] == MASK
        await pilot.press("v")
        await wait_for(pilot, lambda: "hunter2" not in screen_text(pilot))

        # top: the container's processes
        screen.query_one(TabbedContent).active = "tab-top"
        await wait_for(pilot, lambda: "sleep 3600" in screen_text(pilot), timeout=10)
        assert "PID" in screen_text(pilot)

        # mounts and networks render without error
        screen.query_one(TabbedContent).active = "tab-networks"
        await wait_for_text(pilot, "Network")


async def _port_cells(pilot, container_id: str, rows: int) -> list[list[str]]:
    screen = await open_details(pilot, container_id, tab="ports")
    await wait_for(pilot, lambda: screen.query("#ports-tab KeyedTable"))
    ports = screen.query_one("#ports-tab KeyedTable", KeyedTable)
    await wait_for(pilot, lambda: ports.row_count == rows)
    cells = _cells(ports)
    await pilot.app.pop_screen()
    return cells


async def test_ports_tab_tells_published_from_requested(app_settings, make_container):
    port, unpublished = free_port(), free_port()
    published = make_container(ports={"5000/tcp": ("127.0.0.1", port)})
    # no network: the engine stores the request and publishes nothing
    ignored = make_container(network_mode="none", ports={"5000/tcp": unpublished})
    stopped = make_container(start=False, ports={"5000/tcp": unpublished})
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        assert await _port_cells(pilot, published.id, 1) == [
            ["5000/tcp", "127.0.0.1", str(port), "published"]
        ]
        assert await _port_cells(pilot, ignored.id, 1) == [
            ["5000/tcp", "", str(unpublished), "requested, not published"]
        ]
        assert await _port_cells(pilot, stopped.id, 1) == [
            ["5000/tcp", "", str(unpublished), "requested"]
        ]


async def test_top_of_stopped_container_says_so(app_settings, make_container):
    container = make_container(start=False)
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_details(pilot, container.id, tab="top")
        await wait_for_text(pilot, "is not running")
