"""The primer's worked example through dockpit, on the sandbox engine: build `my-flask:v1`
from a Dockerfile shaped like the primer's (FROM python:3.11-slim, made offline by
scripts/python-image), run it from the run form with `-p PORT:5000`, see the published port
on its row and get the Flask page from 127.0.0.1:PORT (a free port, never 5000)."""

from __future__ import annotations

import os
import subprocess
import urllib.request
from pathlib import Path

import docker
import pytest
from textual.widgets import Input

from tests.app.inside_helpers import submit, wait_screen
from tests.conftest import RUN_ID, TEST_LABEL, unique_name
from tests.helpers import free_port, wait_for
from tests.image_fixtures import open_images_pane, select_reference
from tui.app import DockpitApp
from tui.screens.containers.run_form import RunForm
from tui.screens.images.image_build import ImageBuildScreen

BASE = "python:3.11-slim"
TAG = "my-flask:v1"
ROOT = Path(__file__).resolve().parents[3]

APP_PY = """\
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello from my-flask in dockpit!\\n"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
"""

DOCKERFILE = f"""\
FROM {BASE}
LABEL {TEST_LABEL}={RUN_ID}
WORKDIR /app
COPY app.py .
EXPOSE 5000
CMD ["python", "app.py"]
"""


@pytest.fixture
def python_base(docker_client, engine_host: str) -> None:
    """The offline python:3.11-slim of scripts/python-image on the test engine."""
    try:
        docker_client.images.get(BASE)
        return
    except docker.errors.ImageNotFound:
        pass
    folder = os.path.dirname(engine_host.removeprefix("unix://"))
    done = subprocess.run(
        [str(ROOT / "scripts" / "python-image")],
        env={**os.environ, "DOCKPIT_SANDBOX": folder},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        message = f"scripts/python-image failed: {done.stderr[-600:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def _get(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
        return answer.read().decode()


@pytest.mark.timeout(240)
async def test_build_and_run_my_flask_then_curl_it(
    app_settings, docker_client, python_base, tmp_path, image_cleanup
):
    context = tmp_path / "my-flask"
    context.mkdir()
    (context / "Dockerfile").write_text(DOCKERFILE)
    (context / "app.py").write_text(APP_PY)
    image_cleanup.append(TAG)
    port, name = free_port(), unique_name("my-flask")
    app = DockpitApp(app_settings)
    try:
        async with app.run_test(size=(200, 45)) as pilot:
            pane = await open_images_pane(pilot)
            await pilot.press("b")  # build
            await wait_for(pilot, lambda: isinstance(app.screen, ImageBuildScreen))
            build = app.screen
            build.query_one("#build-context", Input).value = str(context)
            build.query_one("#build-tag", Input).value = TAG
            await pilot.press("ctrl+b")
            await wait_for(pilot, lambda: build.outcome != "", timeout=120)
            assert build.outcome == "ok"
            await pilot.press("escape")

            await select_reference(pilot, pane, TAG)
            await pilot.press("ctrl+n")  # run, from the highlighted image
            await wait_screen(pilot, RunForm, "#run-restart SelectCurrent #label")
            form = app.screen
            assert form.query_one("#run-image", Input).value == TAG
            form.query_one("#run-name", Input).value = name
            form.query_one("#run-ports", Input).value = f"{port}:5000"
            form.query_one("#run-labels", Input).value = f"{TEST_LABEL}={RUN_ID}"
            await submit(pilot, form.query_one("#run-name", Input))
            await wait_for(pilot, lambda: not isinstance(app.screen, RunForm), timeout=30)

            await pilot.press("1")
            table = app.screen.query_one("#containers-table")
            container = docker_client.containers.get(name)
            await wait_for(pilot, lambda: table.has_key(container.id), timeout=20)

            def ports_cell() -> str:
                row = table.get_row(container.id)
                return " ".join(str(cell) for cell in row)

            await wait_for(pilot, lambda: f"0.0.0.0:{port}->5000/tcp" in ports_cell(), timeout=20)
            # the engine's userland proxy publishes it on the host: the Flask page answers
            answer = ""

            def answers() -> bool:
                nonlocal answer
                try:
                    answer = _get(port)
                except OSError:
                    return False
                return True

            await wait_for(pilot, answers, timeout=30)
            assert answer == "Hello from my-flask in dockpit!\n"
    finally:
        for container in docker_client.containers.list(all=True, filters={"name": name}):
            container.remove(force=True)
