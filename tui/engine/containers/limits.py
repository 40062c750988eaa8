"""Live limits of a container (``docker update``): read them, check new ones, send them.

The form speaks the CLI's words (cpus 1.5, memory 512m, swap 1g or -1, pids 100 or -1,
restart on-failure:3); ``parse_limits`` checks them before anything is sent and names the field
of each problem; the engine's own refusal comes back in its words (EngineError).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tui.engine.core.errors import EngineError, engine_call

UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
SIZE = re.compile(r"^(\d+(?:\.\d+)?)\s*([bkmgt]?)i?b?$", re.IGNORECASE)
CPUSET = re.compile(r"^\d+(-\d+)?(,\d+(-\d+)?)*$")
RESTART = re.compile(r"^(no|always|unless-stopped|on-failure)(:(\d+))?$")
MIN_MEMORY = 6 * 1024**2  # the engine refuses less


class BadLimits(EngineError):
    """The form's values cannot be sent (named by field)."""


@dataclass(frozen=True)
class Limits:
    """The limits the form shows and sends (CLI words, "" for none)."""

    cpus: str = ""
    cpu_shares: str = ""
    cpuset: str = ""
    memory: str = ""
    memory_swap: str = ""
    pids: str = ""
    restart: str = "no"


FIELDS = (
    ("cpus", "CPUs (e.g. 1.5; empty: no limit)"),
    ("cpu_shares", "CPU shares (relative weight, 2-262144; empty: default)"),
    ("cpuset", "CPUs allowed (e.g. 0-1,3; empty: all)"),
    ("memory", "Memory (e.g. 256m, 1g; empty: no limit)"),
    ("memory_swap", "Memory + swap (e.g. 512m; -1: unlimited swap; empty: default)"),
    ("pids", "PIDs limit (e.g. 200; -1 or empty: no limit)"),
    ("restart", "Restart policy (no, always, unless-stopped, on-failure[:N])"),
)


def _size_text(value: int) -> str:
    for unit in ("g", "m", "k"):
        if value and value % UNITS[unit] == 0:
            return f"{value // UNITS[unit]}{unit}"
    return str(value)


def limits_of(inspect: dict[str, Any]) -> Limits:
    """What a container's inspect document says its limits are."""
    host = inspect.get("HostConfig") or {}
    nano = host.get("NanoCpus") or 0
    quota, period = host.get("CpuQuota") or 0, host.get("CpuPeriod") or 100_000
    cpus = f"{nano / 1e9:g}" if nano else (f"{quota / period:g}" if quota > 0 else "")
    swap = host.get("MemorySwap") or 0
    policy = host.get("RestartPolicy") or {}
    restart = policy.get("Name") or "no"
    if restart == "on-failure" and policy.get("MaximumRetryCount"):
        restart += f":{policy['MaximumRetryCount']}"
    pids = host.get("PidsLimit") or 0
    return Limits(
        cpus=cpus,
        cpu_shares=str(host.get("CpuShares") or ""),
        cpuset=str(host.get("CpusetCpus") or ""),
        memory=_size_text(host["Memory"]) if host.get("Memory") else "",
        memory_swap="-1" if swap == -1 else (_size_text(swap) if swap else ""),
        pids=str(pids) if pids > 0 else "",
        restart=restart,
    )


def parse_size(text: str, field: str) -> int:
    match = SIZE.match(text.strip())
    if not match:
        raise BadLimits(f"{field}: {text!r} is not a size (e.g. 512m, 1g)")
    return int(float(match.group(1)) * UNITS[match.group(2).lower()])


def update_body(new: Limits, old: Limits, ncpu: int = 0) -> dict[str, Any]:
    """The body of POST /containers/{id}/update for the fields that changed (checked)."""
    body: dict[str, Any] = {}
    if new.cpus != old.cpus:
        try:
            cpus = float(new.cpus) if new.cpus else 0.0
        except ValueError:
            raise BadLimits(f"cpus: {new.cpus!r} is not a number") from None
        if cpus < 0 or (ncpu and cpus > ncpu):
            raise BadLimits(f"cpus: must be from 0.01 to {ncpu or 'the number of CPUs'}")
        body["NanoCpus"] = int(round(cpus * 1e9))
        body["CpuQuota"] = 0  # a --cpu-quota of the old container would refuse NanoCpus
    if new.cpu_shares != old.cpu_shares:
        if new.cpu_shares and not (new.cpu_shares.isdigit() and 2 <= int(new.cpu_shares) <= 262144):
            raise BadLimits(f"cpu_shares: expected 2 to 262144, got {new.cpu_shares!r}")
        body["CpuShares"] = int(new.cpu_shares or 0)
    if new.cpuset != old.cpuset:
        if new.cpuset and not CPUSET.match(new.cpuset):
            raise BadLimits(f"cpuset: {new.cpuset!r} is not a CPU list such as 0-1,3")
        body["CpusetCpus"] = new.cpuset
    if new.memory != old.memory:
        memory = parse_size(new.memory, "memory") if new.memory else 0
        if memory and memory < MIN_MEMORY:
            raise BadLimits("memory: the engine needs at least 6m")
        body["Memory"] = memory
    if new.memory_swap != old.memory_swap or ("Memory" in body and new.memory_swap):
        swap = -1 if new.memory_swap.strip() == "-1" else (
            parse_size(new.memory_swap, "memory_swap") if new.memory_swap else 0
        )  # fmt: skip
        memory = body.get("Memory", parse_size(new.memory, "memory") if new.memory else 0)
        if swap > 0 and not memory:
            raise BadLimits("memory_swap: set memory too (swap is memory + swap)")
        if swap > 0 and swap < memory:
            raise BadLimits("memory_swap: must be at least memory (it is memory + swap)")
        body["MemorySwap"] = swap
    if new.pids != old.pids:
        text = new.pids.strip()
        if text and text != "-1" and not (text.isdigit() and int(text) > 0):
            raise BadLimits(f"pids: expected a positive number or -1, got {new.pids!r}")
        body["PidsLimit"] = int(text) if text and text != "-1" else -1
    if new.restart != old.restart:
        match = RESTART.match(new.restart.strip() or "no")
        if not match:
            raise BadLimits(
                f"restart: {new.restart!r} is not no, always, unless-stopped or on-failure[:N]"
            )
        if match.group(3) and match.group(1) != "on-failure":
            raise BadLimits("restart: only on-failure takes a count")
        body["RestartPolicy"] = {
            "Name": match.group(1),
            "MaximumRetryCount": int(match.group(3) or 0),
        }
    return body


def send_update(client: Any, container_id: str, body: dict[str, Any]) -> list[str]:
    """POST the update; the engine's warnings are returned (its refusal raised, in its words)."""
    api = client.api
    with engine_call():
        response = api._post_json(api._url("/containers/{0}/update", container_id), data=body)
        result = api._result(response, True)
    return [str(w) for w in (result or {}).get("Warnings") or []]
