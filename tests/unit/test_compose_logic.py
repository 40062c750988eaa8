"""Compose projects from labels, command lines for v1 and v2, drift: pure logic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.engine.compose.command_line import (
    Compose,
    Options,
    action_argv,
    drifted,
    parse_hashes,
    project_argv,
)
from tui.engine.compose.projects import (
    ComposeProject,
    merge_projects,
    project_name_for,
    projects_from_containers,
    projects_in_folders,
)
from tui.engine.core.model import Container

V2 = Compose(("docker", "compose"))
V1 = Compose(("docker-compose",))


def container(name, project, service, state="running", hash_="h1", **more):
    labels = {
        "com.docker.compose.project": project,
        "com.docker.compose.service": service,
        "com.docker.compose.project.working_dir": "/srv/app",
        "com.docker.compose.project.config_files": "docker-compose.yml,/etc/extra.yml",
        "com.docker.compose.config-hash": hash_,
        "com.docker.compose.oneoff": "False",
        **more,
    }
    return Container(
        id=name + "-id", name=name, image="busybox", state=state, status="", labels=labels
    )


def test_projects_come_from_labels_with_stopped_containers_and_without_oneoffs():
    projects = projects_from_containers(
        [
            container("app-web-1", "app", "web"),
            container("app-db-1", "app", "db", state="exited"),
            container("app-web-run", "app", "web", **{"com.docker.compose.oneoff": "True"}),
            container("other-x-1", "other", "x"),
            Container(id="plain", name="plain", image="busybox", state="running", status=""),
        ]
    )
    assert [p.name for p in projects] == ["app", "other"]
    app = projects[0]
    assert [s.name for s in app.services] == ["db", "web"]
    assert (app.running, app.total, app.state) == (1, 2, "partly 1/2")
    assert app.config_files == ("/srv/app/docker-compose.yml", "/etc/extra.yml")
    assert [c.name for c in app.oneoff] == ["app-web-run"]


def test_v2_and_v1_command_lines_name_folder_files_and_project():
    project = ComposeProject("app", "/srv/app", ("/srv/app/a.yml", "/srv/app/b.yml"))
    assert project_argv(V2, project) == [
        "docker", "compose", "--project-directory", "/srv/app",
        "-f", "/srv/app/a.yml", "-f", "/srv/app/b.yml", "-p", "app",
    ]  # fmt: skip
    opts = Options(profiles=("debug",), env_file="/srv/app/.env.prod")
    assert action_argv(V2, project, "recreate", ["web"], opts)[-9:] == [
        "--profile", "debug", "--env-file", "/srv/app/.env.prod",
        "up", "-d", "--force-recreate", "--no-deps", "--", "web",
    ][-9:]  # fmt: skip
    assert action_argv(V1, project, "down_volumes")[-2:] == ["down", "--volumes"]
    assert action_argv(V1, project, "restart", ["web", "db"])[-3:] == ["restart", "web", "db"]
    assert action_argv(V2, project, "config_hash")[-3:] == ["config", "--hash", "*"]


@given(st.text(min_size=1))
def test_a_hostile_service_name_stays_one_argument(name):
    project = ComposeProject("p; rm -rf /", "/srv", ("/srv/c.yml",))
    argv = action_argv(V2, project, "restart", [name])
    assert argv[-1] == name
    assert "p; rm -rf /" in argv


def test_drift_compares_the_files_hash_with_the_label():
    projects = projects_from_containers(
        [container("a-web-1", "a", "web", hash_="old"), container("a-db-1", "a", "db", hash_="h")]
    )
    hashes = parse_hashes("web new\ndb h\n")
    assert drifted(projects[0], hashes) == ["web"]
    assert drifted(projects[0], {"web": "old", "db": "h"}) == []
    assert drifted(projects[0], {"db": "h"}) == ["web"]  # gone from the files: an orphan


def test_folders_give_projects_that_never_ran(tmp_path):
    (tmp_path / "Shop-Front").mkdir()
    (tmp_path / "Shop-Front" / "compose.yaml").write_text("services: {}\n")
    (tmp_path / "empty").mkdir()
    found = projects_in_folders([tmp_path, tmp_path / "missing"])
    assert [(p.name, p.source, p.state) for p in found] == [("shop-front", "folder", "not created")]
    merged = merge_projects(projects_from_containers([container("x", "shop-front", "s")]), found)
    assert [(p.name, p.source) for p in merged] == [("shop-front", "engine")]
    assert project_name_for("/a/My.App") == "myapp"
