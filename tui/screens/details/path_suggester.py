"""Path completion for an Input: host paths, or container paths (exec ls / get_archive)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.suggester import Suggester

from tui.engine.containers.copy import complete_path
from tui.engine.core.errors import EngineError


class PathSuggester(Suggester):
    """Suggests the completion of the typed path; the right arrow (or end) accepts it.

    ``lister(directory)`` is blocking (it may ask the engine): it runs in a thread, and each
    directory is listed once per dialog.
    """

    def __init__(self, lister: Callable[[str], list[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._lister = lister
        self._listings: dict[str, list[str]] = {}

    def _cached(self, directory: str) -> list[str]:
        if directory not in self._listings:
            try:
                self._listings[directory] = self._lister(directory)
            except EngineError:
                self._listings[directory] = []
        return self._listings[directory]

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        return await asyncio.to_thread(complete_path, value, self._cached)
