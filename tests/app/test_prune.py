"""The prune menu on the sandbox engine: each kind removes exactly what its dialog listed.

Other tests run at the same time on the same engine, so these prunes are scoped: every
object here carries a label unique to one prune, and the prune screen is given that label
(the engine's own ``label=`` prune filter). The user's ``P`` prunes without a label; that
path is driven here only as far as the menu, then cancelled.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import docker
import pytest

from tests.conftest import LABELS, unique_name
from tests.helpers import wait_for
from tests.resource_helpers import show_pane
from tui.app import DockpitApp
from tui.engine.resources.prune import KIND_TITLES, PruneKind
from tui.screens.resources.prune_screen import PruneScreen


@dataclass
class Scope:
    """One prune's objects: what should go and what must stay, by kind."""

    label: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)  # role -> id / volume name
    images: list[str] = field(default_factory=list)
    tags: dict[str, list[str]] = field(default_factory=dict)  # role -> its image's tags

    def expected(self, kind: PruneKind) -> set[str]:
        roles = {
            PruneKind.CONTAINERS: {"stopped"},
            PruneKind.IMAGES_DANGLING: {"dangling"},
            PruneKind.IMAGES_ALL: {"dangling", "tagged"},
            PruneKind.VOLUMES_ANONYMOUS: {"anonymous"},
            PruneKind.VOLUMES_ALL: {"anonymous", "named"},
            PruneKind.NETWORKS: {"free_net"},
            PruneKind.SYSTEM: {"stopped", "dangling", "free_net"},
            PruneKind.EVERYTHING: {"stopped", "dangling", "tagged", "anonymous", "free_net"},
        }[kind]
        return {self.ids[role] for role in roles}


def exists(client: docker.DockerClient, role: str, ident: str) -> bool:
    getters = {
        "stopped": client.containers.get,
        "running": client.containers.get,
        "dangling": client.images.get,
        "tagged": client.images.get,
        "used_image": client.images.get,
        "anonymous": client.volumes.get,
        "named": client.volumes.get,
        "used_volume": client.volumes.get,
        "free_net": client.networks.get,
        "used_net": client.networks.get,
    }
    try:
        getters[role](ident)
    except docker.errors.NotFound:
        return False
    return True


def make_scope(client: docker.DockerClient, make_container) -> Scope:
    scope = Scope({"dockpit.prune": uuid.uuid4().hex[:12]})
    labels = {**LABELS, **scope.label}
    used_volume = client.volumes.create(unique_name("pvu"), labels=labels).name
    stopped = make_container("true", labels=scope.label)
    stopped.wait(timeout=30)
    dangling = stopped.commit()  # untagged; keeps the container's labels
    tagged = stopped.commit(repository=unique_name("prune"), tag="t")
    used_image = stopped.commit(repository=unique_name("prune"), tag="used")
    # a second tag on each: an all-images prune untags both of an unused image, neither of
    # one a container uses (engines up to 20.10 untag all but the last one of it themselves)
    for image in (tagged, used_image):
        image.tag(unique_name("prune2"), tag="also")
        image.reload()
    running = make_container(
        labels=scope.label, image=used_image.id, volumes={used_volume: {"bind": "/d"}}
    )
    free_net = client.networks.create(unique_name("pnf"), labels=labels, check_duplicate=True)
    used_net = client.networks.create(unique_name("pnu"), labels=labels, check_duplicate=True)
    used_net.connect(running)
    scope.ids = {
        "stopped": stopped.id,
        "running": running.id,
        "dangling": dangling.id,
        "tagged": tagged.id,
        "used_image": used_image.id,
        "anonymous": client.volumes.create(labels=labels).name,
        "named": client.volumes.create(unique_name("pvn"), labels=labels).name,
        "used_volume": used_volume,
        "free_net": free_net.id,
        "used_net": used_net.id,
    }
    scope.tags = {"tagged": sorted(tagged.tags), "used_image": sorted(used_image.tags)}
    return scope


@pytest.fixture
def scopes(docker_client, make_container):
    made: list[Scope] = []

    def make() -> Scope:
        scope = make_scope(docker_client, make_container)
        made.append(scope)
        return scope

    yield make
    for scope in made:  # containers go with make_container; the rest here
        for role, ident in scope.ids.items():
            try:
                if role.endswith("net"):
                    network = docker_client.networks.get(ident)
                    for container in network.containers:
                        network.disconnect(container, force=True)
                    network.remove()
            except docker.errors.APIError:
                pass
        for role in ("stopped", "running"):
            try:
                docker_client.containers.get(scope.ids[role]).remove(force=True)
            except docker.errors.APIError:
                pass
        for role in ("dangling", "tagged", "used_image"):
            try:
                docker_client.images.remove(scope.ids[role], force=True)
            except docker.errors.APIError:
                pass
        for role in ("anonymous", "named", "used_volume"):
            try:
                docker_client.volumes.get(scope.ids[role]).remove(force=True)
            except docker.errors.APIError:
                pass


def listed_on_screen(screen: PruneScreen) -> list[str]:
    table = screen.query_one("#prune-items")
    return [table.get_row_at(i)[1].plain for i in range(table.row_count)]


#: One scope goes through these in turn (each kind sees what the earlier ones left);
#: "system" gets a fresh scope, which "everything" then finishes.
SEQUENCE = [
    PruneKind.NETWORKS,
    PruneKind.VOLUMES_ANONYMOUS,
    PruneKind.IMAGES_DANGLING,
    PruneKind.CONTAINERS,
    PruneKind.IMAGES_ALL,
    PruneKind.VOLUMES_ALL,
    PruneKind.SYSTEM,
    PruneKind.EVERYTHING,
]


@pytest.mark.timeout(300)  # eight dialogs and two scopes: ~20 s idle, minutes on a loaded box
async def test_each_prune_kind_removes_exactly_what_it_listed(app_settings, docker_client, scopes):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.session is not None)
        session = app.main_screen.session
        scope = scopes()
        removed: set[str] = set()
        for number, kind in enumerate(SEQUENCE):
            if kind is PruneKind.SYSTEM:
                scope, removed = scopes(), set()
            screen = PruneScreen(session, labels=scope.label)
            await app.push_screen(screen)
            # Through the menu: the first time with arrow keys as a user would, then the
            # highlight is set directly (each key press costs the test ~0.25 s).
            if number == 0:
                await pilot.press(*["down"] * list(PruneKind).index(kind), "enter")
            else:
                screen.query_one("#prune-kinds").highlighted = list(PruneKind).index(kind)
                await pilot.press("enter")
            await wait_for(pilot, lambda s=screen: s.stage == "plan", timeout=20)
            plan = screen.plan
            assert plan is not None and plan.kind is kind
            listed = {item.id for item in plan.items}
            assert listed == scope.expected(kind) - removed, f"{kind}: listed {plan.items}"
            assert sorted(listed_on_screen(screen)) == sorted(i.name for i in plan.items)
            assert f"{len(plan.items)} to remove" in str(screen.query_one("#prune-body").render())

            if number == 0:  # Cancelled: nothing goes.
                await pilot.press("n")
                await wait_for(pilot, lambda s=screen: not s.is_attached)
                for role, ident in scope.ids.items():
                    assert exists(docker_client, role, ident), f"cancel removed {role}"
                screen = PruneScreen(session, labels=scope.label, kind=kind)
                await app.push_screen(screen)
                await wait_for(pilot, lambda s=screen: s.stage == "plan", timeout=20)
                assert {item.id for item in screen.plan.items} == listed

            await pilot.press("y")
            await wait_for(pilot, lambda s=screen: s.stage == "done", timeout=30)
            result = screen.result
            assert result is not None and not result.errors and not result.unexpected
            assert sorted(i.id for i in result.removed) == sorted(listed)
            if scope.ids["tagged"] in listed:  # the list names every tag; the engine's answer
                item = next(i for i in plan.items if i.id == scope.ids["tagged"])
                assert sorted(item.name.split(", ")) == scope.tags["tagged"]
                for tag in scope.tags["tagged"]:
                    assert f"untagged: {tag}" in result.image_lines
                assert f"deleted: {scope.ids['tagged']}" in result.image_lines
                summary = str(screen.query_one("#prune-body").render())
                assert "Deleted Images:" in summary and "untagged: " in summary
            # the image a container uses keeps every tag
            assert (
                sorted(docker_client.images.get(scope.ids["used_image"]).tags)
                == (scope.tags["used_image"])
            )
            removed |= listed
            for role, ident in scope.ids.items():
                gone = not exists(docker_client, role, ident)
                assert gone == (ident in removed), f"{kind}: {role} gone={gone}"
            if any(item.size for item in plan.items if item.category == "container"):
                assert result.space_reclaimed > 0
            await pilot.press("escape")
            await wait_for(pilot, lambda s=screen: not s.is_attached)


async def test_p_opens_the_menu_and_escape_cancels(app_settings):
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.session is not None)
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, PruneScreen))
        screen = app.screen
        assert screen.labels == {}  # the user's prune is not scoped
        menu = screen.query_one("#prune-kinds")
        assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == [
            k.value for k in PruneKind
        ]
        for title in KIND_TITLES.values():
            assert title.split(":")[0] in str(
                menu.get_option_at_index(list(KIND_TITLES.values()).index(title)).prompt
            )
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        assert screen.plan is None and screen.result is None

        # From the volumes pane, P opens the same menu on the volumes line.
        await show_pane(pilot, "volumes", "3")
        await pilot.press("P")
        await wait_for(pilot, lambda: isinstance(app.screen, PruneScreen))
        menu = app.screen.query_one("#prune-kinds")
        assert menu.highlighted == list(PruneKind).index(PruneKind.VOLUMES_ANONYMOUS)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen)


async def test_read_only_has_no_prune(app_settings):
    app_settings.read_only = True
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.session is not None)
        await pilot.press("P")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, PruneScreen)
