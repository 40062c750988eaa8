"""One client, many URLs: the engine socket's connections follow concurrency, not URLs."""

from __future__ import annotations

import docker
import pytest

from tui.engine.core.connect import Connection, resolve_endpoint


def test_a_client_keeps_one_pool_for_every_url(engine_host):
    if not engine_host.startswith("unix://"):
        pytest.skip("the per-URL pools are docker-py's unix-socket adapter's")
    connection = Connection(resolve_endpoint(engine_host))
    client = connection.client()
    try:
        for n in range(40):  # 40 different URLs (docker-py kept a pool, and a socket, per URL)
            with pytest.raises(docker.errors.NotFound):
                client.api.inspect_container(f"dockpit-no-such-container-{n}")
        adapter = client.api.adapters["http+docker://"]
        assert len(adapter.pools) == 1
        pool = adapter.pools[next(iter(adapter.pools.keys()))]
        kept = [conn for conn in list(pool.pool.queue) if conn is not None]
        assert len(kept) == 1  # one call after another: one socket, kept alive
    finally:
        client.close()
        connection.close()
