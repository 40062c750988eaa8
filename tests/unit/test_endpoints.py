"""Endpoint resolution as the docker CLI does it: flags, environment, context store, TLS."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.cli import settings_from_args
from tui.engine.core.connect import DEFAULT_SOCKET, Connection, resolve_endpoint
from tui.engine.core.errors import EngineUnavailable
from tui.engine.hosts.contexts import env_tls, list_contexts
from tui.engine.hosts.ssh_bridge import SshTarget, parse_ssh_url, ssh_command


def write_context(config: Path, name: str, host: str, skip_verify: bool = False) -> Path:
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = config / "contexts" / "meta" / digest
    meta.mkdir(parents=True)
    (meta / "meta.json").write_text(
        json.dumps(
            {
                "Name": name,
                "Metadata": {"Description": f"the {name} engine"},
                "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": skip_verify}},
            }
        )
    )
    return config / "contexts" / "tls" / digest / "docker"


def test_cli_precedence(tmp_path):
    write_context(tmp_path, "ctx", "tcp://10.0.0.9:2376")
    (tmp_path / "config.json").write_text(json.dumps({"currentContext": "ctx"}))
    env = {"DOCKER_CONFIG": str(tmp_path)}
    current = resolve_endpoint(None, env)
    assert (current.url, current.context) == ("tcp://10.0.0.9:2376", "ctx")
    assert resolve_endpoint(None, {**env, "DOCKER_HOST": "unix:///b"}).url == "unix:///b"
    assert resolve_endpoint(None, {**env, "DOCKER_CONTEXT": "default"}).url == DEFAULT_SOCKET
    assert resolve_endpoint("unix:///a", env).url == "unix:///a"
    flagged = resolve_endpoint("unix:///a", {**env, "DOCKER_HOST": "unix:///b"}, context="ctx")
    assert flagged.context == "ctx" and flagged.source == "--context ctx"


def test_unknown_context_is_a_clear_problem(tmp_path):
    endpoint = resolve_endpoint(None, {"DOCKER_CONFIG": str(tmp_path), "DOCKER_CONTEXT": "nope"})
    assert endpoint.problem and "no docker context named 'nope'" in endpoint.problem
    with pytest.raises(EngineUnavailable, match="nope"):
        Connection(endpoint)


def test_context_tls_files_and_skip_verify(tmp_path):
    tls_dir = write_context(tmp_path, "secure", "tcp://h:2376")
    tls_dir.mkdir(parents=True)
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (tls_dir / name).write_text("x")
    write_context(tmp_path, "loose", "tcp://h:2376", skip_verify=True)
    by_name = {c.name: c for c in list_contexts({"DOCKER_CONFIG": str(tmp_path)})}
    assert list(by_name)[0] == "default"
    secure = by_name["secure"].tls
    assert secure is not None and secure.verify and secure.ca == str(tls_dir / "ca.pem")
    loose = by_name["loose"].tls
    assert loose is not None and not loose.verify and loose.ca is None
    assert by_name["default"].host == DEFAULT_SOCKET


def test_tls_env_has_the_cli_meaning(tmp_path):
    (tmp_path / "ca.pem").write_text("x")
    # DOCKER_CERT_PATH alone turns nothing on (docker-py would use TLS without verifying)
    assert env_tls({"DOCKER_CERT_PATH": str(tmp_path)}) is None
    tls = env_tls({"DOCKER_CERT_PATH": str(tmp_path), "DOCKER_TLS_VERIFY": "1"})
    assert tls is not None and tls.verify and tls.ca == str(tmp_path / "ca.pem")
    assert tls.cert is None  # missing files are not invented
    plain = env_tls({"DOCKER_CERT_PATH": str(tmp_path), "DOCKER_TLS": "1"})
    assert plain is not None and not plain.verify
    assert env_tls({"DOCKER_TLS_VERIFY": ""}) is None


def test_ssh_urls():
    assert parse_ssh_url("ssh://alias") == SshTarget("alias")
    assert parse_ssh_url("ssh://me@h:2222") == SshTarget("h", "me", 2222)
    for bad in ("tcp://h", "ssh://", "ssh://h/path", "ssh://u:pw@h", "ssh://-oProxyCommand=x"):
        with pytest.raises(ValueError):
            parse_ssh_url(bad)
    cmd = ssh_command(SshTarget("h", "me", 2222), {"DOCKPIT_SSH_COMMAND": "ssh -F /c"})
    assert cmd[:3] == ["ssh", "-F", "/c"] and "BatchMode=yes" in cmd
    assert cmd[-4:] == ["h", "docker", "system", "dial-stdio"]
    assert cmd[cmd.index("--") + 1] == "h"  # the host can never be read as an option


@given(st.text(min_size=1, max_size=40))
def test_any_host_text_is_rejected_or_stays_a_host(text):
    try:
        target = parse_ssh_url(f"ssh://{text}")
    except ValueError:
        return
    assert not target.host.startswith("-")
    cmd = ssh_command(target, {})
    assert cmd[cmd.index("--") + 1] == target.host


def test_cli_flags():
    settings = settings_from_args(["-H", "unix:///a", "-H", "ssh://b"])
    assert settings.host == "unix:///a" and settings.fleet_hosts == ["ssh://b"]
    assert settings_from_args(["--context", "x"]).context == "x"
    with pytest.raises(SystemExit):
        settings_from_args(["--context", "x", "--host", "unix:///a"])
