"""Pure logic of the "inside a container" features: form parsing, masking, frames, completion."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.engine.containers.command import command_argv
from tui.engine.containers.copy import complete_path
from tui.engine.containers.env import MASK, is_secret, mask_inspect, shown_value
from tui.engine.containers.exec import attach_refusal
from tui.engine.containers.run import (
    RunSpec,
    parse_pairs,
    parse_ports,
    parse_restart,
    parse_volumes,
)
from tui.engine.containers.terminal import FrameDecoder
from tui.engine.core.errors import EngineError

ports = st.integers(min_value=1, max_value=65535)


@given(ports, ports, st.sampled_from(["tcp", "udp"]))
def test_host_container_port_round_trip(host, container, proto):
    assert parse_ports(f"{host}:{container}/{proto}") == {f"{container}/{proto}": host}


def test_port_forms():
    assert parse_ports("80") == {"80/tcp": None}
    assert parse_ports("127.0.0.1:8080:80") == {"80/tcp": ("127.0.0.1", 8080)}
    assert parse_ports("127.0.0.1::80") == {"80/tcp": ("127.0.0.1",)}
    assert parse_ports("5000:5000, 5001:5000") == {"5000/tcp": [5000, 5001]}
    for bad in ("x:80", "0", "70000", "1:2:3:4", "80/xyz"):
        with pytest.raises(EngineError, match="ports"):
            parse_ports(bad)


def test_volumes_env_labels_restart():
    assert parse_volumes("data:/data /srv:/www:ro") == ["data:/data", "/srv:/www:ro"]
    for bad in ("data", "data:relative", "a:/b:weird"):
        with pytest.raises(EngineError, match="volumes"):
            parse_volumes(bad)
    assert parse_pairs("A=1 B='two words' C= D=x,y", "env") == {
        "A": "1", "B": "two words", "C": "", "D": "x,y",
    }  # fmt: skip
    with pytest.raises(EngineError, match="NAME=VALUE"):
        parse_pairs("JUSTNAME", "env")
    assert parse_restart("no") is None
    assert parse_restart("on-failure:3") == {"Name": "on-failure", "MaximumRetryCount": 3}
    with pytest.raises(EngineError):
        parse_restart("sometimes")


def test_run_spec_like_the_seed_command():
    """`docker run -p 5000:5000 -d my-flask:v1`"""
    kwargs = RunSpec(image="my-flask:v1", ports="5000:5000").create_kwargs()
    assert kwargs["image"] == "my-flask:v1" and kwargs["ports"] == {"5000/tcp": 5000}
    assert kwargs["detach"] is True and "tty" not in kwargs
    attached = RunSpec(image="x", detach=False).create_kwargs()
    assert attached["tty"] and attached["stdin_open"]
    with pytest.raises(EngineError, match="image"):
        RunSpec(image=" ").create_kwargs()


@pytest.mark.parametrize(
    "name", ["DB_PASSWORD", "api_token", "AWS_SECRET_ACCESS_KEY", "SSH_KEY", "github_Token"]
)
def test_secret_names(name):
    assert is_secret(name)
    assert shown_value(name, "hunter2", revealed=False) == MASK
    assert shown_value(name, "hunter2", revealed=True) == "hunter2"


def test_plain_names_and_inspect_masking():
    assert not is_secret("PATH") and shown_value("PATH", "/bin", False) == "/bin"
    info = {"Config": {"Env": ["PATH=/bin", "DB_PASSWORD=hunter2", "NOVALUE"]}, "Id": "x"}
    masked = mask_inspect(info)
    assert masked["Config"]["Env"] == ["PATH=/bin", f"DB_PASSWORD={MASK}", "NOVALUE"]
    assert info["Config"]["Env"][1] == "DB_PASSWORD=hunter2"  # the original is untouched


def test_command_argv():
    assert command_argv("ls -l /") == ["ls", "-l", "/"]
    assert command_argv("echo $HOME | wc -c") == ["sh", "-c", "echo $HOME | wc -c"]
    with pytest.raises(EngineError):
        command_argv("   ")


@given(
    st.lists(st.tuples(st.sampled_from([1, 2]), st.binary(max_size=300)), max_size=8),
    st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=20),
)
def test_frame_decoder_any_chunking(frames, cuts):
    wire = b"".join(struct.pack(">BxxxL", stream, len(data)) + data for stream, data in frames)
    decoder = FrameDecoder()
    out = bytearray()
    pos = 0
    index = 0
    while pos < len(wire):
        size = cuts[index % len(cuts)]
        out += decoder.feed(wire[pos : pos + size])
        pos += size
        index += 1
    assert bytes(out) == b"".join(data for _, data in frames)


def test_complete_path():
    tree = {"/": ["etc/", "bin/", "tmp/"], "/etc/": ["passwd", "passwd-", "hosts"]}

    def lister(directory: str) -> list[str]:
        return tree.get(directory, [])

    assert complete_path("/e", lister) == "/etc/"
    assert complete_path("/etc/pa", lister) == "/etc/passwd"
    assert complete_path("/etc/h", lister) == "/etc/hosts"
    assert complete_path("/etc/x", lister) is None
    assert complete_path("/etc/passwd", lister) is None  # nothing more to add


def test_attach_refusal_reasons():
    running = {"Running": True, "Paused": False}
    assert attach_refusal({"State": running, "Config": {"OpenStdin": True}}) is None
    assert attach_refusal({"State": running, "Config": {}}) is None  # output only
    assert "not running" in (attach_refusal({"State": {"Running": False}}) or "")
    assert "paused" in (attach_refusal({"State": {"Running": True, "Paused": True}}) or "")


def test_port_rows_tell_published_from_requested():
    from tui.engine.containers.inspect import port_rows

    requested = {"5000/tcp": [{"HostIp": "", "HostPort": "5093"}]}
    exposed = {"5000/tcp": {}, "7000/tcp": {}}
    running = {
        "State": {"Running": True},
        "NetworkSettings": {
            "Ports": {
                "5000/tcp": [
                    {"HostIp": "0.0.0.0", "HostPort": "5093"},
                    {"HostIp": "::", "HostPort": "5093"},
                ],
                "7000/tcp": None,
            }
        },
        "HostConfig": {"PortBindings": requested},
        "Config": {"ExposedPorts": exposed},
    }
    assert port_rows(running) == [
        ("5000/tcp", "0.0.0.0", "5093", "published"),
        ("5000/tcp", "::", "5093", "published"),
        ("7000/tcp", "", "", "exposed"),
    ]
    # running, but the engine published nothing (no bridge): not shown as published
    ignored = {**running, "NetworkSettings": {"Ports": {}}}
    assert port_rows(ignored)[0] == ("5000/tcp", "", "5093", "requested, not published")
    stopped = {**running, "State": {"Running": False}}
    assert port_rows(stopped)[0] == ("5000/tcp", "", "5093", "requested")
