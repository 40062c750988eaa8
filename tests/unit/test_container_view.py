from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tui.engine.containers.container_view import (
    SORT_COLUMNS,
    ContainerRow,
    ViewOptions,
    next_sort,
    number_of,
    visible_order,
)
from tui.engine.containers.filtering import parse_filter
from tui.engine.containers.status_text import (
    parse_duration,
    since_from_status,
    status_age,
    uptime_text,
)
from tui.engine.core.model import Container

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


def row(name, state="running", image="busybox", project="", cpu="-", since=None) -> ContainerRow:
    labels = {"com.docker.compose.project": project} if project else {}
    c = Container(id=name * 8, name=name, image=image, state=state, status="", labels=labels)
    return ContainerRow(c, since=since, cpu=cpu)


def test_status_ages():
    assert status_age("Up 3 minutes (healthy)") == timedelta(minutes=3)
    assert status_age("Up Less than a second") == timedelta(0)
    assert status_age("Up About an hour") == timedelta(hours=1)
    assert status_age("Up 2 seconds (Paused)") == timedelta(seconds=2)
    assert status_age("Exited (137) 5 days ago") == timedelta(days=5)
    assert status_age("Restarting (1) 2 seconds ago") == timedelta(seconds=2)
    assert status_age("Up 3 weeks (health: starting)") == timedelta(weeks=3)
    assert status_age("Created") is None
    assert status_age("Dead") is None
    assert since_from_status("Up 1 second", NOW) == NOW - timedelta(seconds=1)


@given(st.text())
def test_status_parsing_never_raises(text):
    status_age(text)
    parse_duration(text)


def test_uptime_texts():
    assert uptime_text("running", NOW - timedelta(minutes=3), None, NOW) == "up 3 minutes"
    assert uptime_text("exited", NOW - timedelta(minutes=3), None, NOW) == "exited 3 minutes ago"
    assert uptime_text("created", None, NOW - timedelta(hours=2), NOW) == "created 2 hours ago"
    assert uptime_text("dead", None, None, NOW) == "dead"


def test_sort_filter_group_and_hidden_stopped():
    rows = [
        row("web", project="shop"),
        row("db", state="exited", project="shop"),
        row("alpha", image="zeta", cpu="50.0%"),
        row("cache", state="paused", cpu="2.5%"),
    ]
    names = lambda opts: [r.container.name for r in visible_order(rows, opts)]  # noqa: E731
    assert names(ViewOptions()) == ["alpha", "cache", "db", "web"]
    assert names(ViewOptions(reverse=True)) == ["web", "db", "cache", "alpha"]
    assert names(ViewOptions(sort="image")) == ["cache", "db", "web", "alpha"]
    assert names(ViewOptions(sort="state")) == ["alpha", "web", "cache", "db"]
    assert names(ViewOptions(sort="cpu", reverse=True))[:2] == ["alpha", "cache"]
    assert names(ViewOptions(show_stopped=False)) == ["alpha", "cache", "web"]
    assert names(ViewOptions(group=True)) == ["db", "web", "alpha", "cache"]
    assert names(ViewOptions(filter=parse_filter("shop"))) == ["db", "web"]


def test_next_sort_cycles_every_column():
    seen = []
    current = "name"
    for _ in SORT_COLUMNS:
        seen.append(current)
        current = next_sort(current)
    assert sorted(seen) == sorted(SORT_COLUMNS) and current == "name"


def test_number_of_stats_texts():
    assert number_of("12.5%") == 12.5
    assert number_of("1.5MiB / 1GiB") == 1.5 * 1024**2
    assert number_of("-") == -1.0


def test_port_labels_as_docker_ps_with_one_entry_per_mapping():
    from tui.engine.core.model import Container

    raw = {
        "Id": "a" * 64,
        "Names": ["/web"],
        "Ports": [
            {"IP": "0.0.0.0", "PrivatePort": 5000, "PublicPort": 5077, "Type": "tcp"},
            {"IP": "::", "PrivatePort": 5000, "PublicPort": 5077, "Type": "tcp"},
            {"IP": "127.0.0.1", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"},
            {"IP": "::1", "PrivatePort": 81, "PublicPort": 8081, "Type": "tcp"},
            {"PrivatePort": 7000, "Type": "udp"},
        ],
    }
    labels = [p.label() for p in Container.from_api(raw).ports]
    assert labels == [
        "0.0.0.0:5077->5000/tcp",
        "127.0.0.1:8080->80/tcp",
        "[::1]:8081->81/tcp",
        "7000/udp",
    ]


def test_the_ordered_view_keeps_the_order_of_visible_order():
    import random
    from dataclasses import replace as _replace

    from tui.engine.containers.container_view import OrderedView

    rng = random.Random(26)
    states = ["running", "exited", "created", "paused"]

    def make(n: int) -> ContainerRow:
        c = Container(
            id=f"id{n:04}", name=f"c{rng.randrange(50):02}-{n}", image=rng.choice("abc"),
            state=rng.choice(states), status="Up 2 minutes",
            labels={"com.docker.compose.project": rng.choice(["", "p", "q"])},
        )  # fmt: skip
        return ContainerRow(c, cpu=f"{rng.random() * 100:.2f}%", mem=f"{rng.randrange(9)}MiB")

    rows = {r.id: r for r in (make(n) for n in range(300))}
    for sort in ("name", "state", "cpu", "mem", "compose", "uptime"):
        for reverse in (False, True):
            for group in (False, True):
                options = ViewOptions(sort=sort, reverse=reverse, group=group, show_stopped=group)
                view = OrderedView(options)
                view.reset(rows.values(), options)
                for n in range(200):  # changes, arrivals and removals one at a time
                    victim = rng.choice(list(rows))
                    if n % 7 == 0:
                        view.remove(victim)
                        del rows[victim]
                    else:
                        changed = make(n + 1000) if n % 5 == 0 else _replace(
                            rows[victim], cpu=f"{rng.random():.2f}%",
                            container=_replace(rows[victim].container, state=rng.choice(states)),
                        )  # fmt: skip
                        rows[changed.id] = changed
                        view.put(changed)
                expected = [r.id for r in visible_order(rows.values(), options)]
                assert view.ids() == expected, (sort, reverse, group)
