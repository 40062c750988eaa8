"""The attention model on the event sequences the engine really sends (seen on dockerd 20.10)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tui.engine.core.model import Container, EngineEvent
from tui.engine.health.attention import (
    CRASH_LOOP,
    EXITED,
    OOM,
    SIGNALLED,
    UNHEALTHY,
    AttentionModel,
    needs_attention,
)

T0 = datetime(2026, 12, 3, tzinfo=timezone.utc)


def ev(action, cid="c1", at=0.0, **attrs):
    return EngineEvent("container", action, cid, {"name": cid + "-name", **attrs},
                       T0 + timedelta(seconds=at))  # fmt: skip


def feed(model, *events):
    out = []
    for event in events:
        out += model.observe(event)
    return out


def test_user_stop_and_kill_raise_nothing():
    model = AttentionModel()
    assert feed(model, ev("start"), ev("kill", signal="15"), ev("kill", at=1, signal="9"),
                ev("die", at=1, exitCode="137"), ev("stop", at=1)) == []  # fmt: skip
    assert model.user_stopped("c1")
    assert feed(model, ev("start", "c2"), ev("kill", "c2", 5, signal="9"),
                ev("die", "c2", 5, exitCode="137")) == []  # fmt: skip


def test_crash_exit_code_oom_and_outside_signal():
    model = AttentionModel()
    [crash] = feed(model, ev("start"), ev("die", at=2, exitCode="3"))
    assert (crash.kind, crash.what, crash.exit_code, crash.name) == (
        EXITED,
        "exited with code 3",
        3,
        "c1-name",
    )
    [oom] = feed(model, ev("start", "o"), ev("oom", "o", 1), ev("die", "o", 1, exitCode="137"))
    assert (oom.kind, oom.exit_code) == (OOM, 137)
    [sig] = feed(model, ev("start", "s"), ev("die", "s", 3, exitCode="139"))
    assert sig.kind == SIGNALLED and "SIGSEGV" in sig.what
    assert feed(model, ev("start", "z"), ev("die", "z", 1, exitCode="0")) == []


def test_restart_loop_is_reported_once_with_its_rate():
    model = AttentionModel()
    events = [ev("start")]
    for i in range(6):
        events += [ev("die", at=i * 2 + 1, exitCode="1"), ev("start", at=i * 2 + 1.2)]
    found = feed(model, *events)
    assert [i.kind for i in found] == [EXITED, CRASH_LOOP]
    assert found[1].what == "restarted 3 times in 1 min"
    assert model.is_looping("c1") and model.restarts("c1") == 6


def test_unhealthy_once_until_healthy_again():
    model = AttentionModel()
    first = feed(model, ev("health_status: unhealthy"), ev("health_status: unhealthy", at=5))
    assert [i.kind for i in first] == [UNHEALTHY]
    assert feed(model, ev("health_status: healthy", at=6)) == []
    assert [i.kind for i in feed(model, ev("health_status: unhealthy", at=9))] == [UNHEALTHY]


def container(cid, state, status):
    return Container(id=cid, name=cid, image="busybox", state=state, status=status)


def test_needs_attention_counts_the_list_and_leaves_user_stops_out():
    model = AttentionModel()
    feed(model, ev("start", "u"), ev("kill", "u", 1, signal="15"), ev("die", "u", 1, exitCode="1"),
         ev("stop", "u", 1))  # fmt: skip
    found = needs_attention(
        [
            container("a", "running", "Up 1 minute (unhealthy)"),
            container("b", "restarting", "Restarting (1) 2 seconds ago"),
            container("c", "exited", "Exited (3) 5 seconds ago"),
            container("d", "exited", "Exited (137) 5 seconds ago"),
            container("u", "exited", "Exited (1) 5 seconds ago"),
            container("e", "exited", "Exited (0) 5 seconds ago"),
            container("s", "exited", "Exited (139) 5 seconds ago"),
        ],
        model,
        oom_ids={"d"},
    )
    assert found[UNHEALTHY] == ["a"] and found[CRASH_LOOP] == ["b"]
    assert found[EXITED] == ["c"] and found[OOM] == ["d"] and found[SIGNALLED] == ["s"]


actions = st.sampled_from(["start", "die", "kill", "oom", "stop", "destroy", "create",
                           "health_status: unhealthy", "health_status: healthy", "pause"])  # fmt: skip


@given(st.lists(st.tuples(actions, st.sampled_from(["a", "b"]), st.text(max_size=4)), max_size=60))
def test_any_sequence_is_handled(seq):
    model = AttentionModel()
    for i, (action, cid, code) in enumerate(seq):
        for incident in model.observe(ev(action, cid, i, exitCode=code)):
            assert incident.container_id == cid and incident.what


def test_notifications_once_per_container_per_minute_and_safe_sequences():
    from tui.engine.health.attention import Incident
    from tui.engine.health.notify import NotifyChannels, RateLimit, terminal_sequences

    limit = RateLimit()
    assert limit.allow("a", 0) and not limit.allow("a", 59) and limit.allow("b", 59)
    assert limit.allow("a", 61)
    hostile = Incident(
        T0, "x", "evil\x1b]52;c;AAAA\x07;name", EXITED, "exited\x9b2J with code 3", 3
    )
    out = terminal_sequences(hostile, NotifyChannels(bell=True, desktop=True))
    assert out.startswith("\a\x1b]9;dockpit: evil ]52 c AAAA  name: exited 2J with code 3\x07")
    assert out.count("\x1b") == 2 and out.count("\x07") == 2 + 1
    assert terminal_sequences(hostile, NotifyChannels()) == ""
