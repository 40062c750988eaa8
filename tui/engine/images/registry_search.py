"""Search a registry: Docker Hub through the engine, private registries through their catalog API.

Private registries: ``GET /v2/_catalog`` (paged with ``Link``), then ``/v2/<repo>/tags/list``
for the repositories that match. Credentials come from the docker config (registry_auth);
basic auth and the bearer-token dance of token-auth registries are both handled. HTTPS is
tried first; loopback registries fall back to plain HTTP, as dockerd does for them.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

import docker
import requests

from tui.engine.core.errors import EngineError, engine_call
from tui.engine.core.sanitize import clean_text
from tui.engine.images.registry_auth import HUB_NAMES, auth_config_for, server_key

TIMEOUT = 10.0
MAX_REPOSITORIES = 1000
MAX_TAGGED = 50  # repositories whose tags are fetched (one request each)
MAX_TAGS = 100
PAGE = 100


@dataclass(frozen=True)
class SearchResult:
    name: str
    tags: tuple[str, ...] = ()
    description: str = ""
    stars: int | None = None
    official: bool = False


def is_hub(registry: str) -> bool:
    return registry.strip() in HUB_NAMES or server_key(registry) == server_key("docker.io")


def is_loopback(host: str) -> bool:
    if host.startswith("[") and "]" in host:
        name = host[1 : host.index("]")]
    elif host.count(":") == 1:
        name = host.rsplit(":", 1)[0]
    else:
        name = host
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def search_hub(client: docker.DockerClient, term: str, limit: int = 25) -> list[SearchResult]:
    """Docker Hub's search, asked through the engine (it needs the internet)."""
    if not term.strip():
        raise EngineError("Docker Hub search needs a term")
    try:
        with engine_call():
            raw = client.api.search(term.strip(), limit=limit)
    except EngineError as error:
        raise EngineError(
            f"Docker Hub search failed (is the internet reachable?): {error.message}"
        ) from None
    return [
        SearchResult(
            name=clean_text(item.get("name", "")),
            description=clean_text(item.get("description", "")),
            stars=int(item.get("star_count") or 0),
            official=bool(item.get("is_official")),
        )
        for item in raw or []
    ]


_BEARER_RE = re.compile(r'(\w+)="([^"]*)"')


class _Registry:
    def __init__(self, host: str, session: requests.Session) -> None:
        self.host = host
        self.session = session
        self.base = ""
        auth = auth_config_for(host)
        user = str(auth.get("username") or auth.get("Username") or "")
        secret = str(auth.get("password") or auth.get("Password") or "")
        self._basic: tuple[str, str] | None = (user, secret) if user else None
        self._token: str | None = None

    def _bases(self) -> list[str]:
        if self.base:
            return [self.base]
        bases = [f"https://{self.host}"]
        if is_loopback(self.host):
            bases.append(f"http://{self.host}")
        return bases

    def get(
        self,
        path: str,
        params: dict[str, Any] | None = None,
        method: str = "GET",
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        last: Exception | None = None
        for base in self._bases():
            try:
                response = self._get(base + path, params, method, headers or {})
            except (requests.exceptions.SSLError, requests.exceptions.ConnectionError) as error:
                last = error
                continue
            self.base = base
            return response
        raise EngineError(f"cannot reach the registry {clean_text(self.host)}: {last}")

    def _get(
        self, url: str, params: dict[str, Any] | None, method: str, extra: dict[str, str]
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {self._token}"} if self._token else {}
        response = self.session.request(
            method, url, params=params, headers={**extra, **headers},
            auth=None if self._token else self._basic, timeout=TIMEOUT,
        )  # fmt: skip
        challenge = response.headers.get("WWW-Authenticate", "")
        if (
            response.status_code == 401
            and challenge.lower().startswith("bearer")
            and not self._token
        ):
            self._token = self._fetch_token(challenge)
            response = self.session.request(
                method, url, params=params,
                headers={**extra, "Authorization": f"Bearer {self._token}"}, timeout=TIMEOUT,
            )  # fmt: skip
        return response

    def _fetch_token(self, challenge: str) -> str:
        fields = dict(_BEARER_RE.findall(challenge))
        realm = fields.pop("realm", "")
        if not realm:
            raise EngineError("the registry asked for a token without saying where to get it")
        answer = self.session.get(realm, params=fields, auth=self._basic, timeout=TIMEOUT)
        if answer.status_code != 200:
            raise EngineError(f"the registry's token service refused: HTTP {answer.status_code}")
        data = answer.json()
        return str(data.get("token") or data.get("access_token") or "")


def _check(response: requests.Response, what: str, host: str) -> dict[str, Any]:
    if response.status_code == 401:
        raise EngineError(f"{clean_text(host)} wants a login to list {what} (g: log in)")
    if response.status_code == 404:
        raise EngineError(f"{clean_text(host)} has no catalog API (HTTP 404 on {what})")
    if response.status_code != 200:
        raise EngineError(f"{clean_text(host)} answered HTTP {response.status_code} for {what}")
    try:
        data = response.json()
    except ValueError as error:
        raise EngineError(
            f"{clean_text(host)} sent something that is not JSON for {what}"
        ) from error
    return data if isinstance(data, dict) else {}


def _next_page(response: requests.Response) -> str | None:
    link = response.links.get("next") or {}
    url = link.get("url")
    return str(url) if url else None


def search_catalog(registry: str, term: str = "") -> list[SearchResult]:
    """Repositories of a private registry whose name contains ``term``, with their tags."""
    host = server_key(registry)
    needle = term.strip().lower()
    with requests.Session() as session, engine_call():
        reg = _Registry(host, session)
        names: list[str] = []
        path: str | None = f"/v2/_catalog?n={PAGE}"
        while path and len(names) < MAX_REPOSITORIES:
            response = reg.get(path)
            data = _check(response, "repositories", host)
            names.extend(str(n) for n in data.get("repositories") or [])
            following = _next_page(response)
            path = (
                following.split(host, 1)[-1]
                if following and following.startswith("http")
                else following
            )
        matching = [n for n in names if needle in n.lower()][:MAX_REPOSITORIES]
        results = []
        for index, name in enumerate(matching):
            tags: tuple[str, ...] = ()
            if index < MAX_TAGGED:
                data = _check(reg.get(f"/v2/{name}/tags/list"), f"the tags of {name}", host)
                tags = tuple(sorted(clean_text(t) for t in (data.get("tags") or [])[:MAX_TAGS]))
            results.append(SearchResult(name=f"{clean_text(host)}/{clean_text(name)}", tags=tags))
    return results


def search(client: docker.DockerClient, registry: str, term: str) -> list[SearchResult]:
    if is_hub(registry):
        return search_hub(client, term)
    return search_catalog(registry, term)
