"""Registry logins, stored exactly where and how the docker CLI stores them.

``$DOCKER_CONFIG/config.json`` (default ``~/.docker/config.json``): ``auths[server].auth`` is
base64("user:password"), unless ``credHelpers[server]`` or ``credsStore`` names a credential
helper (``docker-credential-<name>``), which then keeps the secret. So ``docker login`` and
dockpit see the same logins. Passwords are never logged, shown or kept: they go to the engine
(to check them) and to the store, and the caller drops its reference at once.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import docker
import docker.auth
import docker.credentials

from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.sanitize import clean_text

HUB_SERVER = docker.auth.INDEX_URL  # "https://index.docker.io/v1/"
HUB_NAMES = {"", "docker.io", "index.docker.io", "registry-1.docker.io", HUB_SERVER}


def config_dir() -> Path:
    configured = os.environ.get("DOCKER_CONFIG")
    return Path(configured) if configured else Path.home() / ".docker"


def config_path() -> Path:
    return config_dir() / "config.json"


def server_key(registry: str) -> str:
    """The key the CLI files a login under: Hub's v1 URL, else host[:port]."""
    name = registry.strip()
    if name in HUB_NAMES:
        return HUB_SERVER
    for scheme in ("https://", "http://"):
        name = name.removeprefix(scheme)
    name = name.split("/", 1)[0]
    return HUB_SERVER if name in HUB_NAMES else name


def read_config() -> dict[str, Any]:
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise EngineError(f"cannot read {path}: {error.strerror}") from error
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as error:
        raise EngineError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise EngineError(f"{path} does not hold a JSON object")
    return data


def write_config(data: dict[str, Any]) -> None:
    """Write atomically, private to the user (0600), as the CLI does."""
    directory = config_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config.json.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent="\t")
        os.chmod(tmp, 0o600)
        os.replace(tmp, directory / "config.json")
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def helper_for(config: dict[str, Any], server: str) -> str | None:
    helpers = config.get("credHelpers") or {}
    if isinstance(helpers, dict) and helpers.get(server):
        return str(helpers[server])
    store = config.get("credsStore")
    return str(store) if store else None


def _store(helper: str) -> docker.credentials.Store:
    return docker.credentials.Store(f"docker-credential-{helper}")


def logged_in_user(registry: str) -> str | None:
    """Who is logged in to ``registry`` (None: nobody). Never returns the secret."""
    auth = auth_config_for(registry)
    user = auth.get("username") or auth.get("Username")
    return clean_text(user) if user else None


def auth_config_for(registry: str) -> dict[str, Any]:
    """The stored credentials for a pull/push (``{}`` when none): read fresh each time."""
    stored = read_config()
    relevant = {k: stored[k] for k in ("auths", "credsStore", "credHelpers") if stored.get(k)}
    if not relevant:  # an empty dict would make docker-py read ~/.docker itself
        return {}
    with engine_call():
        config = docker.auth.load_config(config_dict=relevant)
        try:
            found = config.resolve_authconfig(registry or None)
        except docker.credentials.errors.StoreError as error:
            raise EngineError(f"credential helper failed: {error}") from error
    return dict(found or {})


def login(client: docker.DockerClient, registry: str, username: str, password: str) -> str:
    """Check the credentials with the engine (POST /auth), then store them like the CLI.

    Returns the engine's status ("Login Succeeded"); raises EngineError when refused.
    """
    server = server_key(registry)
    api = client.api
    request = {"username": username, "password": password, "serveraddress": server}
    try:
        with engine_call():
            response = api._post_json(api._url("/auth"), data=request)
            result = api._result(response, json=True)
    except EngineError as error:
        raise EngineError(f"login to {server} failed: {error.message}") from None
    finally:
        request.clear()
    token = (result or {}).get("IdentityToken") or ""
    config = read_config()
    helper = helper_for(config, server)
    if helper:
        try:
            _store(helper).store(server, username, token or password)
        except (docker.credentials.errors.StoreError, OSError) as error:
            raise EngineError(f"credential helper {helper} failed: {error}") from None
        auths = config.setdefault("auths", {})
        auths.setdefault(server, {})
        auths[server].pop("auth", None)
    else:
        secret = "" if token else password
        entry: dict[str, str] = {
            "auth": base64.b64encode(f"{username}:{secret}".encode()).decode("ascii")
        }
        if token:
            entry["identitytoken"] = token
        config.setdefault("auths", {})[server] = entry
    write_config(config)
    return clean_text((result or {}).get("Status") or "Login Succeeded")


def logout(registry: str) -> bool:
    """Forget the login for ``registry``; False when there was none."""
    server = server_key(registry)
    config = read_config()
    removed = False
    helper = helper_for(config, server)
    if helper:
        try:
            _store(helper).erase(server)
            removed = True
        except docker.credentials.errors.CredentialsNotFound:
            pass
        except (docker.credentials.errors.StoreError, OSError) as error:
            raise EngineError(f"credential helper {helper} failed: {error}") from None
    auths = config.get("auths") or {}
    for key in list(auths):
        if server_key(key) == server:
            del auths[key]
            removed = True
    if removed:
        write_config(config)
    return removed


_LOGIN_HINTS = (
    "no basic auth credentials",
    "authentication required",
    "unauthorized",
    "requested access to the resource is denied",
)


def needs_login(message: str) -> bool:
    """The registry refused for lack of (valid) credentials: logging in may help."""
    lowered = message.lower()
    return any(hint in lowered for hint in _LOGIN_HINTS)
