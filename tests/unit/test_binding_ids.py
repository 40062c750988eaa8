"""The static binding registry (tui/binding_ids.py) matches the live classes' bindings.

Start-up and `dockpit config check` read the registry instead of importing every screen; this
test imports everything and compares. When it fails, regenerate the registry:

    python -m tui.keymap --write
"""

from __future__ import annotations

from tui import binding_ids
from tui.key_names import key_problem, split_keys
from tui.keymap import known_bindings
from tui.keymap_live import REGISTRY_PATH, live_registry, registry_source

REGENERATE = "tui/binding_ids.py is out of date: run `python -m tui.keymap --write` and commit it"


def test_registry_equals_the_live_bindings():
    entries, scopes, app_owners = live_registry()
    assert list(binding_ids.BINDINGS) == entries, REGENERATE  # ids, keys, descriptions, owners
    assert scopes == binding_ids.SCOPES, REGENERATE
    assert app_owners == binding_ids.APP_OWNERS, REGENERATE
    assert REGISTRY_PATH.read_text(encoding="utf-8") == registry_source(), REGENERATE


def test_every_default_key_is_one_textual_can_fire():
    for info in known_bindings():
        for key in split_keys(info.keys):
            assert key_problem(key) is None, (info.id, key)


def test_the_app_and_a_pane_are_in_the_registry():
    ids = {b.id: b for b in known_bindings()}
    assert ids["app.help"].owner == "DockpitApp" and ids["app.help"].keys == "question_mark"
    assert ids["containers.start_stop"].owner == "ContainersPane"
    assert "DockpitApp" in binding_ids.APP_OWNERS
