"""The docker CLI's context store, read as the CLI reads it.

Layout (docker/cli context/store): ``$DOCKER_CONFIG`` (default ``~/.docker``) holds
``config.json`` (``currentContext``) and ``contexts/meta/<sha256(name)>/meta.json``::

    {"Name": "x", "Metadata": {"Description": "..."},
     "Endpoints": {"docker": {"Host": "tcp://...", "SkipTLSVerify": false}}}

TLS material of a context lives in ``contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem``.
The context called "default" is not stored: it is DOCKER_HOST (with DOCKER_TLS_VERIFY /
DOCKER_CERT_PATH) or the default socket.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CONTEXT = "default"


@dataclass(frozen=True)
class TlsFiles:
    """Certificate files for a TLS endpoint; ``verify``: check the server against ``ca``."""

    ca: str | None = None
    cert: str | None = None
    key: str | None = None
    verify: bool = True


@dataclass(frozen=True)
class ContextInfo:
    name: str
    host: str | None  # None: the context has no docker endpoint
    description: str = ""
    tls: TlsFiles | None = None
    problem: str | None = None  # why the context cannot be used (unreadable meta.json ...)


class ContextError(Exception):
    """A context that does not exist or cannot be read. ``str()`` is user-safe."""


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("DOCKER_CONFIG"):
        return Path(env["DOCKER_CONFIG"])
    return Path(env.get("HOME") or os.path.expanduser("~")) / ".docker"


def context_dir_name(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def configured_current_context(environ: Mapping[str, str] | None = None) -> str:
    """currentContext of config.json ("default" when unset or unreadable)."""
    try:
        data = json.loads((config_dir(environ) / "config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return DEFAULT_CONTEXT
    current = data.get("currentContext") if isinstance(data, dict) else None
    return current if isinstance(current, str) and current else DEFAULT_CONTEXT


def env_tls(environ: Mapping[str, str] | None = None) -> TlsFiles | None:
    """TLS from the environment with the docker CLI's meaning (not docker-py's).

    DOCKER_TLS_VERIFY non-empty: TLS, server checked against ca.pem. DOCKER_TLS non-empty:
    TLS without the check. DOCKER_CERT_PATH (default ~/.docker) only says where the files are;
    alone it turns nothing on (docker-py differs: it turns TLS on WITHOUT verification).
    """
    env = os.environ if environ is None else environ
    verify = bool(env.get("DOCKER_TLS_VERIFY"))
    if not verify and not env.get("DOCKER_TLS"):
        return None
    path = Path(env.get("DOCKER_CERT_PATH") or config_dir(env))
    return TlsFiles(
        ca=_existing(path / "ca.pem"),
        cert=_existing(path / "cert.pem"),
        key=_existing(path / "key.pem"),
        verify=verify,
    )


def _existing(path: Path) -> str | None:
    return str(path) if path.is_file() else None


def _read_context(meta_file: Path, root: Path) -> ContextInfo:
    data = json.loads(meta_file.read_text("utf-8"))
    name = str(data.get("Name", ""))
    description = str((data.get("Metadata") or {}).get("Description", "") or "")
    docker_ep = (data.get("Endpoints") or {}).get("docker") or {}
    host = docker_ep.get("Host") or None
    tls_dir = root / "tls" / meta_file.parent.name / "docker"
    ca, cert, key = (_existing(tls_dir / f) for f in ("ca.pem", "cert.pem", "key.pem"))
    skip = bool(docker_ep.get("SkipTLSVerify"))
    tls = None
    if ca or cert or key or skip:
        tls = TlsFiles(ca=ca, cert=cert, key=key, verify=not skip)
    return ContextInfo(name=name, host=host, description=description, tls=tls)


def default_context(environ: Mapping[str, str] | None = None) -> ContextInfo:
    from tui.engine.core.connect import DEFAULT_SOCKET  # a cycle at import time otherwise

    env = os.environ if environ is None else environ
    host = env.get("DOCKER_HOST") or DEFAULT_SOCKET
    return ContextInfo(DEFAULT_CONTEXT, host, "DOCKER_HOST or the default socket", tls=env_tls(env))


def list_contexts(environ: Mapping[str, str] | None = None) -> list[ContextInfo]:
    """The default context, then every stored context by name (unreadable ones flagged)."""
    root = config_dir(environ) / "contexts"
    found: list[ContextInfo] = []
    meta_root = root / "meta"
    try:
        meta_files = sorted(meta_root.glob("*/meta.json"))
    except OSError:
        meta_files = []
    for meta_file in meta_files:
        try:
            found.append(_read_context(meta_file, root))
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            found.append(
                ContextInfo(meta_file.parent.name[:12], None, problem=f"unreadable: {exc}")
            )
    found.sort(key=lambda c: c.name)
    return [default_context(environ), *found]


def load_context(name: str, environ: Mapping[str, str] | None = None) -> ContextInfo:
    """The named context; ContextError when it does not exist or cannot be read."""
    if name == DEFAULT_CONTEXT:
        return default_context(environ)
    root = config_dir(environ) / "contexts"
    meta_file = root / "meta" / context_dir_name(name) / "meta.json"
    if not meta_file.is_file():
        raise ContextError(f"no docker context named {name!r} in {root}")
    try:
        return _read_context(meta_file, root)
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise ContextError(f"docker context {name!r} cannot be read: {exc}") from exc
