"""The layers of an image: the command that made each, its size and age (docker history)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.engine.core.errors import engine_call
from tui.engine.core.model import parse_time
from tui.engine.core.sanitize import clean_text

if TYPE_CHECKING:
    import docker

_SHELL_PREFIX = "/bin/sh -c "
_NOP = "#(nop) "


@dataclass(frozen=True)
class HistoryEntry:
    id: str  # "<missing>" for layers made elsewhere
    created: datetime | None
    created_by: str
    size: int
    comment: str
    tags: tuple[str, ...]

    @property
    def short_id(self) -> str:
        return self.id if self.id.startswith("<") else self.id.removeprefix("sha256:")[:12]

    @property
    def instruction(self) -> str:
        """'/bin/sh -c #(nop)  CMD ["sh"]' -> 'CMD ["sh"]'; a RUN shows as 'RUN ...'."""
        text = self.created_by.strip()
        if text.startswith(_SHELL_PREFIX):
            text = text[len(_SHELL_PREFIX) :].strip()
            if text.startswith(_NOP):
                return text[len(_NOP) :].strip()
            return f"RUN {text}"
        return text


def history_entry(raw: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        id=clean_text(raw.get("Id") or "<missing>"),
        created=parse_time(raw.get("Created")),
        created_by=clean_text(raw.get("CreatedBy") or ""),
        size=int(raw.get("Size") or 0),
        comment=clean_text(raw.get("Comment") or ""),
        tags=tuple(clean_text(t) for t in (raw.get("Tags") or [])),
    )


def image_history(client: docker.DockerClient, image: str) -> list[HistoryEntry]:
    """Newest layer first, as the engine gives them."""
    with engine_call():
        raw = client.api.history(image)
    return [history_entry(item) for item in raw or []]
