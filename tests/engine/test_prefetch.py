"""Start-up prefetch on the real sandbox engine: a forked child connects and lists, and the UI's
process paints from its answer without importing docker-py (run in fresh interpreters, as the
CLI starts: one thread, nothing imported yet)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import unique_name


def run_python(code: str, timeout: float = 60) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_frame_needs_no_docker_py():
    found = run_python(
        """
        import json, sys
        import tui.cli, tui.app, tui.engine.core.prefetch
        import tui.screens.containers.containers_pane, tui.screens.events.events_pane
        print(json.dumps({"loaded": sorted(m for m in sys.modules
                          if m.split(".")[0] in ("docker", "requests", "urllib3"))}))
        """
    )
    assert found["loaded"] == []


def test_forked_prefetch_gives_the_list_and_a_lazy_client(
    engine_host, make_container, docker_client
):
    name = unique_name("early")
    make_container(name=name, start=False)
    found = run_python(
        f"""
        import json, os, sys
        from tui.engine.core.connect import resolve_endpoint
        from tui.engine.core.prefetch import Prefetch
        prefetch = Prefetch(resolve_endpoint({engine_host!r}), 10.0)
        session = prefetch.wait()
        before = "docker" in sys.modules
        try:
            os.waitpid(prefetch._child.pid, os.WNOHANG)
            reaped = False
        except ChildProcessError:
            reaped = True
        names = [c.name for c in session.initial_containers]
        session.client.ping()  # made now, on first use
        print(json.dumps({{"forked": prefetch.forked, "docker_before": before, "reaped": reaped,
                          "names": names, "server": session.server_version,
                          "api": session.api_version, "after": "docker" in sys.modules}}))
        session.close()
        """
    )
    assert found["forked"] and found["reaped"]
    assert not found["docker_before"] and found["after"]
    assert name in found["names"]
    assert found["server"] == docker_client.version()["Version"]
    assert found["api"]


def test_forked_prefetch_reports_a_dead_endpoint(tmp_path):
    socket = tmp_path / "nothing.sock"
    found = run_python(
        f"""
        import json
        from tui.engine.core.connect import resolve_endpoint
        from tui.engine.core.errors import EngineUnavailable
        from tui.engine.core.prefetch import Prefetch
        said = {{}}
        for fork in (True, False):
            prefetch = Prefetch(resolve_endpoint("unix://{socket}"), 5.0, fork=fork)
            try:
                prefetch.wait()
            except EngineUnavailable as error:
                said[str(prefetch.forked)] = error.message
        print(json.dumps(said))
        """
    )
    # the child's words reach the screen as they would have without it
    assert found["True"] and found["True"] == found["False"]
    assert "did not answer" in found["True"]
