"""session.compose on the real sandbox engine with Debian's docker-compose: found from labels,
run from another folder, drift after an edit, gone after recreate, down with volumes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import unique_name
from tui.engine.core.connect import Endpoint
from tui.engine.core.door import ReadOnlyError
from tui.engine.core.session import EngineSession

pytestmark = pytest.mark.engine

COMPOSE = """\
services:
  web:
    image: busybox:latest
    command: sh -c 'echo web up; sleep 100000'
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
    volumes:
      - data:/data
    environment:
      COLOUR: "{colour}"
  worker:
    image: busybox:latest
    command: sleep 100000
volumes:
  data:
"""


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    folder = tmp_path / unique_name("cp")
    folder.mkdir()
    (folder / "docker-compose.yml").write_text(COMPOSE.format(colour="blue"))
    return folder


@pytest.fixture
def session(engine_host: str, project_dir: Path, monkeypatch, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # compose must work from a folder that is not the project's
    made = EngineSession.open(Endpoint(engine_host, "test"))
    yield made
    for project in made.compose.projects([project_dir.parent]):
        if project.name == project_dir.name and project.source == "engine":
            made.compose.start(project, "down_volumes").lines()
    made.close()


def run(session, project, action, services=()):
    outcome = session.compose.start(project, action, services).lines()
    assert outcome.ok, (outcome.exit_code, outcome.lines[-10:])
    return outcome


def find(session, name, folders=()):
    return next(p for p in session.compose.projects(folders) if p.name == name)


def test_up_drift_recreate_down_with_volumes(session, project_dir, docker_client):
    name = project_dir.name
    folder_project = find(session, name, [project_dir.parent])
    assert folder_project.source == "folder" and folder_project.state == "not created"

    run(session, folder_project, "up")
    project = find(session, name)
    assert project.source == "engine" and project.state == "running 2/2"
    assert [s.name for s in project.services] == ["web", "worker"]
    assert session.compose.drift(project) == []

    (project_dir / "docker-compose.yml").write_text(COMPOSE.format(colour="red"))
    assert session.compose.drift(project) == ["web"]
    old_id = project.service("web").containers[0].id
    run(session, project, "recreate", ["web"])
    project = find(session, name)
    assert project.service("web").containers[0].id != old_id
    assert session.compose.drift(project) == []
    env = docker_client.containers.get(project.service("web").containers[0].id).attrs
    assert "COLOUR=red" in env["Config"]["Env"]

    volumes, networks = session.compose.down_preview(project)
    assert volumes == [f"{name}_data"] and networks == [f"{name}_default"]
    run(session, project, "down_volumes")
    assert not [p for p in session.compose.projects() if p.name == name]
    assert not docker_client.volumes.list(filters={"name": f"{name}_data"})


def test_a_compose_error_keeps_its_words_and_exit_code(session, project_dir):
    (project_dir / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: [not, a, string]\n"
    )
    project = find(session, project_dir.name, [project_dir.parent])
    outcome = session.compose.start(project, "up").lines()
    assert outcome.exit_code != 0
    assert any("image" in line for line in outcome.lines)


def test_read_only_refuses_changing_actions_and_runs_nothing(session, project_dir):
    project = find(session, project_dir.name, [project_dir.parent])
    session.read_only = True
    with pytest.raises(ReadOnlyError):
        session.compose.start(project, "up")
    with pytest.raises(ReadOnlyError):
        session.compose.api_action(project, "stop")
    assert not [p for p in session.compose.projects() if p.name == project_dir.name]


def test_files_missing_here_are_explained(session, tmp_path):
    from tui.engine.compose.projects import ComposeProject

    ghost = ComposeProject("ghost", str(tmp_path / "nowhere"), (str(tmp_path / "nowhere/c.yml"),))
    assert "is not on this machine" in (session.compose.files_here(ghost) or "")


def test_over_ssh_compose_runs_on_the_remote_host(ssh_host, session, project_dir):
    """ssh:// engine: the files in the labels live on the remote host (here: the same
    machine behind sshd), so compose runs there over ssh, from any local folder."""
    remote = EngineSession.open(Endpoint(ssh_host, "test"))
    try:
        assert remote.compose.is_remote
        project = find(session, project_dir.name, [project_dir.parent])  # a folder project
        run(remote, project, "up")
        assert find(remote, project_dir.name).state == "running 2/2"
        assert remote.compose.drift(find(remote, project_dir.name)) == []
        run(remote, find(remote, project_dir.name), "down_volumes")
        assert not [p for p in remote.compose.projects() if p.name == project_dir.name]
    finally:
        remote.close()


def test_profiles_and_env_file_are_passed(session, project_dir):
    from tui.engine.compose.command_line import Options

    (project_dir / "docker-compose.yml").write_text(
        "services:\n"
        "  app:\n    image: busybox:latest\n    command: sleep 1000\n"
        "    environment:\n      WHO: ${WHO:-nobody}\n"
        "  debug:\n    image: busybox:latest\n    command: sleep 1000\n    profiles: [debug]\n"
    )
    (project_dir / "prod.env").write_text("WHO=prod\n")
    project = find(session, project_dir.name, [project_dir.parent])
    options = Options(profiles=("debug",), env_file=str(project_dir / "prod.env"))
    outcome = session.compose.start(project, "up", options=options).lines()
    assert outcome.ok, outcome.lines[-5:]
    up = find(session, project_dir.name)
    assert [s.name for s in up.services] == ["app", "debug"]
    env = session.containers.inspect(up.service("app").containers[0].id)["Config"]["Env"]
    assert "WHO=prod" in env
