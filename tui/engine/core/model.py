"""Frozen dataclasses that carry engine state to the UI. Every str in them is already safe."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tui.engine.core.sanitize import clean_text

COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_SERVICE = "com.docker.compose.service"


def parse_time(value: Any) -> datetime | None:
    """Engine timestamps: unix seconds (int) or RFC 3339 with nanoseconds; None when unset."""
    if value in (None, "", 0, "0001-01-01T00:00:00Z"):
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    text = str(value)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    # Trim nanoseconds to microseconds: fromisoformat takes at most 6 digits.
    if "." in text:
        head, _, rest = text.partition(".")
        digits = rest[: len(rest) - len(rest.lstrip("0123456789"))]  # the leading digits only
        tz = rest[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{tz}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    if parsed.year <= 1:
        return None
    return parsed


@dataclass(frozen=True)
class Port:
    private: int
    protocol: str
    public: int | None = None
    ip: str = ""

    def label(self) -> str:
        """As `docker ps` shows it: 0.0.0.0:5000->5000/tcp, 127.0.0.1:8080->80/tcp."""
        if self.public is None:
            return f"{self.private}/{self.protocol}"
        ip = f"[{self.ip}]" if ":" in self.ip else self.ip
        host = f"{ip}:" if ip else ""
        return f"{host}{self.public}->{self.private}/{self.protocol}"


def _without_ipv6_twins(ports: tuple[Port, ...]) -> tuple[Port, ...]:
    """One entry per mapping: the engine lists `-p 5000:5000` for 0.0.0.0 and again for ::."""
    v4 = {(p.private, p.protocol, p.public) for p in ports if p.ip == "0.0.0.0"}
    return tuple(p for p in ports if not (p.ip == "::" and (p.private, p.protocol, p.public) in v4))


@dataclass(frozen=True)
class Container:
    id: str
    name: str
    image: str
    state: str  # created | running | paused | restarting | removing | exited | dead
    status: str  # the engine's human text, e.g. "Up 3 minutes (healthy)"
    created: datetime | None = None
    command: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    ports: tuple[Port, ...] = ()

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def health(self) -> str | None:
        """healthy / unhealthy / starting, from the status text the engine lists."""
        status = self.status.lower()
        for word in ("unhealthy", "healthy"):
            if f"({word})" in status:
                return word
        if "(health: starting)" in status:
            return "starting"
        return None

    @property
    def exit_code(self) -> int | None:
        if self.state not in ("exited", "dead"):
            return None
        status = self.status
        start = status.find("Exited (")
        if start < 0:
            return None
        number = status[start + 8 : status.find(")", start)]
        try:
            return int(number)
        except ValueError:
            return None

    @property
    def compose_project(self) -> str:
        return self.labels.get(COMPOSE_PROJECT, "")

    @property
    def compose_service(self) -> str:
        return self.labels.get(COMPOSE_SERVICE, "")

    @property
    def is_running(self) -> bool:
        return self.state in ("running", "restarting", "paused")

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> Container:
        """From one entry of GET /containers/json."""
        names = raw.get("Names") or []
        name = names[0].lstrip("/") if names else raw.get("Id", "")[:12]
        ports = tuple(
            Port(
                private=int(p.get("PrivatePort") or 0),
                protocol=clean_text(p.get("Type") or "tcp"),
                public=int(p["PublicPort"]) if p.get("PublicPort") else None,
                ip=clean_text(p.get("IP") or ""),
            )
            for p in (raw.get("Ports") or [])
        )
        ports = _without_ipv6_twins(ports)
        labels = {clean_text(k): clean_text(v) for k, v in (raw.get("Labels") or {}).items()}
        return cls(
            id=str(raw.get("Id", "")),
            name=clean_text(name),
            image=clean_text(raw.get("Image", "")),
            state=clean_text(raw.get("State", "")),
            status=clean_text(raw.get("Status", "")),
            created=parse_time(raw.get("Created")),
            command=clean_text(raw.get("Command", "")),
            labels=labels,
            ports=ports,
        )


@dataclass(frozen=True)
class EngineEvent:
    type: str  # container | image | volume | network | daemon | plugin | service | node ...
    action: str  # start | die | destroy | health_status: healthy ...
    actor_id: str
    attributes: dict[str, str]
    time: datetime | None

    @property
    def actor_name(self) -> str:
        return self.attributes.get("name", self.actor_id[:12])

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> EngineEvent:
        actor = raw.get("Actor") or {}
        nanos = raw.get("timeNano")
        when = (
            datetime.fromtimestamp(nanos / 1e9, tz=timezone.utc)
            if isinstance(nanos, int)
            else parse_time(raw.get("time"))
        )
        return cls(
            type=clean_text(raw.get("Type", "")),
            action=clean_text(raw.get("Action") or raw.get("status") or ""),
            actor_id=clean_text(actor.get("ID") or raw.get("id") or ""),
            attributes={
                clean_text(k): clean_text(v) for k, v in (actor.get("Attributes") or {}).items()
            },
            time=when,
        )
