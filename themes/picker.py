"""Live theme switching from the command palette, with a preview while an entry is highlighted.

The app mixes in :class:`ThemePickerMixin`: the palette's "Theme" command (and ``ctrl+t``)
opens a list of themes; moving through it shows each theme at once; ``enter`` keeps the
highlighted theme and ``escape`` puts the previous one back.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from themes.builtin import BUILTIN_NAMES
from themes.palette import variable_defaults

if TYPE_CHECKING:
    from textual.app import App


def _order(name: str) -> tuple[int, str]:
    """dockpit's own themes first, then user themes, then Textual's."""
    if name in BUILTIN_NAMES:
        return (0, name)
    if name.startswith("textual-") or name in _TEXTUAL_NAMES:
        return (2, name)
    return (1, name)


def _textual_names() -> frozenset[str]:
    from textual.theme import BUILTIN_THEMES

    return frozenset(BUILTIN_THEMES)


_TEXTUAL_NAMES = _textual_names()


class ThemePreviewProvider(Provider):
    """The themes, as palette entries whose text is the theme's name."""

    def _names(self) -> list[str]:
        return sorted(self.app.available_themes, key=_order)

    def _choose(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        current = self.app.theme
        for name in self._names():
            help_text = "current theme" if name == current else None
            yield DiscoveryHit(name, partial(self._choose, name), text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in self._names():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._choose, name), text=name)


class ThemePickerMixin:
    """Mixed into the App (before ``App``): preview on highlight, revert on escape."""

    _theme_before_preview: str | None = None

    @property
    def _app(self) -> App:
        return cast("App", self)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return variable_defaults(self._app.current_theme)

    def search_themes(self) -> None:
        self._theme_before_preview = self._app.theme
        self._app.push_screen(
            CommandPalette(
                providers=[ThemePreviewProvider],
                placeholder="Search for themes… (↑↓ preview, enter keeps, esc reverts)",
                id="theme-picker",
            )
        )

    def on_command_palette_option_highlighted(
        self, message: CommandPalette.OptionHighlighted
    ) -> None:
        if self._theme_before_preview is None:
            return
        hit = getattr(message.highlighted_event.option, "hit", None)
        name = getattr(hit, "text", None)
        app = self._app
        if isinstance(name, str) and name in app.available_themes and name != app.theme:
            app.theme = name

    def on_command_palette_closed(self, message: CommandPalette.Closed) -> None:
        before = self._theme_before_preview
        if before is None:
            return
        self._theme_before_preview = None
        app = self._app
        if not message.option_selected and before in app.available_themes:
            app.theme = before
