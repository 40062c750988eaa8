"""Command palette provider: every action of the focused view (its bindings), runnable.

Generic like the help screen: a pane's BINDINGS with an ``id`` become palette entries, and
whatever its ``check_action`` disables (read-only mode) is left out.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.shell.key_help import KeyEntry, palette_entries


class ActionsProvider(Provider):
    def _commands(self) -> list[tuple[str, str, KeyEntry]]:
        commands = []
        for section, entry in palette_entries(self.screen):
            name = f"{section}: {entry.description}"
            help_text = f"key {' / '.join(entry.keys)}   ({entry.binding.id})"
            commands.append((name, help_text, entry))
        return commands

    def _callback(self, entry: KeyEntry):
        return partial(self.app.run_action, entry.binding.action, entry.namespace)

    async def discover(self) -> Hits:
        for name, help_text, entry in self._commands():
            yield DiscoveryHit(name, self._callback(entry), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, entry in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._callback(entry), help=help_text)
