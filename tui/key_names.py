"""Key names as Textual writes them in its key events: is a keymap's key one that can fire?

Textual does not check a binding's key: a binding written ``"Ctrl+X"``, ``"shift+ctrl+x"`` or
``"ctrl+/"`` is accepted and never fires. The names here come from Textual's own tables
(``textual.keys.Keys``, the kitty keyboard protocol's functional keys, and the Unicode names
``_character_to_key`` gives printable characters), and modifiers are in the order Textual's
parser writes them (sorted: alt, ctrl, hyper, meta, shift, super).
"""

from __future__ import annotations

from functools import lru_cache

from textual._keyboard_protocol import FUNCTIONAL_KEYS
from textual.keys import (
    KEY_ALIASES,
    REPLACED_KEYS,
    Keys,
    _character_to_key,
    key_to_character,
)

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")


@lru_cache(1)
def _named_keys() -> frozenset[str]:
    names = {str(k.value).rsplit("+", 1)[-1] for k in Keys} | set(FUNCTIONAL_KEYS.values())
    return frozenset(n for n in names if n and not n.startswith("<"))


#: An alias Textual also accepts -> the name it uses first (ctrl+i is tab, ctrl+m is enter).
_ALIAS_OF = {alias: key for key, aliases in KEY_ALIASES.items() for alias in aliases}


def _is_character_name(name: str) -> bool:
    """``question_mark``, ``slash``, ``space``: the name Textual gives a printable character."""
    character = key_to_character(REPLACED_KEYS.get(name, name))
    return (
        character is not None
        and len(character) == 1
        and character.isprintable()
        and _character_to_key(character) == name
    )


def key_problem(key: str) -> str | None:
    """None when ``key`` (one key, no commas) can fire a binding, else what is wrong with it."""
    if len(key) == 1:
        if key.isprintable() and not key.isspace():
            return None  # Textual names it itself ("?" -> question_mark)
        return f"{key!r} is not a key (use a name such as space, tab or enter)"
    *modifiers, name = key.split("+")
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return f"{key!r}: {modifier!r} is not a modifier (alt, ctrl, meta, shift, super, hyper)"
    if len(set(modifiers)) != len(modifiers):
        return f"{key!r} repeats a modifier"
    if modifiers != sorted(modifiers):
        written = "+".join([*sorted(modifiers), name])
        return f"{key!r} never fires: Textual writes it {written!r}"
    if name in _named_keys():
        return None
    if len(name) == 1:
        if name.isalnum():
            if name != name.lower():
                return f"{key!r} never fires: with a modifier write the letter in lower case"
            return None
        if name.isprintable() and not name.isspace():
            return f"{key!r} never fires: write the character by name ({_character_to_key(name)!r})"
        return f"{key!r} is not a key"
    if _is_character_name(name):
        return None
    return f"{key!r} is not a Textual key name (e.g. f5, ctrl+x, question_mark, slash, space)"


def split_keys(keys: str) -> list[str]:
    """A binding's comma separated keys, stripped (a lone ``,`` cannot be bound by name)."""
    return [k.strip() for k in keys.split(",")]


def canonical(key: str) -> str:
    """The name a key event carries: ``?`` -> ``question_mark``, ``ctrl+i`` -> ``tab``."""
    if len(key) == 1:
        key = _character_to_key(key)
    return _ALIAS_OF.get(key, key)
