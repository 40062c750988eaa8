"""The logs view against the real sandbox engine, driven by keys."""

from __future__ import annotations

import re
import time

from tests.app.logs_helpers import notified, open_logs, shown, type_text, wait_for_lines
from tests.helpers import screen_text, wait_for, wait_for_text
from tui.app import DockpitApp
from tui.screens.logs.logs_screen import LogsScreen

TICKS = "while true; do echo tick; sleep 0.2; done"


async def test_follow_tail_and_since_changes(app_settings, make_container):
    script = (
        'for i in $(seq 1 60); do echo "early $i"; done; echo oops >&2; '
        f"until [ -f /tmp/go ]; do sleep 0.1; done; {TICKS}"
    )
    container = make_container(["sh", "-c", script])
    deadline = time.monotonic() + 20
    while b"oops" not in container.logs() and time.monotonic() < deadline:
        time.sleep(0.1)  # the history is complete before the tail is taken
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_logs(pilot, [container], tail=10)
        await wait_for_lines(pilot, view, lambda lines: "early 60" in lines)
        lines = shown(view)  # the engine may have logged "oops" (stderr) before or after
        assert len(lines) == 10 and "early 50" not in lines
        container.exec_run(["touch", "/tmp/go"])
        await wait_for_lines(pilot, view, lambda lines: lines.count("tick") >= 3)  # following
        assert "following" in screen_text(pilot)
        # tail: all -> the whole history comes back
        await pilot.press("T", "ctrl+a", "ctrl+k")
        await type_text(pilot, "all")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "early 1" in shown(view))
        assert "tail all" in screen_text(pilot)
        # since 1s after a wait: only the ticks remain
        await pilot.pause(1.5)
        await pilot.press("S")
        await type_text(pilot, "1s")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "tick" in shown(view))
        assert not any(line.startswith("early") for line in shown(view))
        assert "since 1s" in screen_text(pilot)
        # a bad since is refused with a message, the view keeps going
        await pilot.press("S", "ctrl+a", "ctrl+k")
        await type_text(pilot, "yesterday-ish")
        await pilot.press("enter")
        await wait_for(pilot, lambda: notified(pilot, "not a time or a duration"))


async def test_scroll_up_stops_follow_and_G_resumes(app_settings, make_container):
    container = make_container(["sh", "-c", f"seq 1 200; {TICKS}"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(120, 30)) as pilot:
        view = await open_logs(pilot, [container], tail=None)
        await wait_for(pilot, lambda: "tick" in shown(view))
        await pilot.press("g")
        assert view.scroll_y == 0
        count = view.line_count
        await wait_for(pilot, lambda: view.line_count > count + 2)
        assert view.scroll_y == 0 and not view.following
        await wait_for_text(pilot, "paused")
        await pilot.press("G")
        assert view.following
        count = view.line_count
        await wait_for(pilot, lambda: view.line_count > count + 2)
        assert view.following
        await wait_for(pilot, lambda: view.scroll_y == view.max_scroll_y)


async def test_search_and_filter(app_settings, make_container):
    script = "echo 'alpha one'; echo 'beta two'; echo 'ALPHA three alpha'; echo gamma; sleep 3600"
    container = make_container(["sh", "-c", script])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_logs(pilot, [container])
        await wait_for(pilot, lambda: "gamma" in shown(view))
        await pilot.press("slash")
        await type_text(pilot, "alpha")
        await pilot.press("enter")
        assert view.match_count == 3
        await wait_for_text(pilot, "/alpha 3/3")  # starts at the last match (from the bottom)
        await pilot.press("n")
        await wait_for_text(pilot, "/alpha 1/3")
        await pilot.press("N")
        await wait_for_text(pilot, "/alpha 3/3")
        await pilot.press("i")  # case sensitive now
        assert view.match_count == 2
        await pilot.press("i", "x")  # regex, no case
        await pilot.press("slash", "ctrl+a", "ctrl+k")
        await type_text(pilot, "^(beta|gamma)")
        await pilot.press("enter")
        assert view.match_count == 2
        # filter: only the matching lines, then the inverse
        await pilot.press("f")
        await type_text(pilot, "alpha")
        await pilot.press("enter")
        assert shown(view) == ["alpha one", "ALPHA three alpha"]
        await pilot.press("F", "ctrl+a", "ctrl+k")
        await type_text(pilot, "alpha")
        await pilot.press("enter")
        assert shown(view) == ["beta two", "gamma"]
        assert "hiding 'alpha'" in screen_text(pilot)
        await pilot.press("escape")  # clears search and filter, stays on the screen
        assert len(shown(view)) == 4 and view.match_count == 0
        assert isinstance(app.screen, LogsScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, LogsScreen)


async def test_merged_logs_in_timestamp_order(app_settings, make_container):
    first = make_container(["sh", "-c", "echo one-1; sleep 1; echo one-3; sleep 3600"])
    second = make_container(["sh", "-c", "sleep 0.5; echo two-2; sleep 1; echo two-4; sleep 3600"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(2.0)  # every line is history by now: it arrives per container
        view = await open_logs(pilot, [first, second])
        await wait_for(pilot, lambda: len(shown(view)) >= 4)
        # the engine's own timestamps say which order is right
        engine = sorted(
            (stamp, text)
            for container in (first, second)
            for stamp, _, text in (
                row.partition(" ") for row in container.logs(timestamps=True).decode().splitlines()
            )
        )
        assert shown(view) == [text for _, text in engine]
        assert {"one-1", "two-2", "one-3", "two-4"} == set(shown(view))
        stamps = [line.ts for line in view.shown_lines]
        assert stamps == sorted(stamps)
        rows = [row for row in screen_text(pilot).splitlines() if re.search(r"(one|two)-\d", row)]
        names = {"one": first.name, "two": second.name}
        for row in rows:
            label = re.search(r"(one|two)-\d", row).group(1)  # type: ignore[union-attr]
            assert row.startswith(names[label])


async def test_save_shown_and_whole_log(app_settings, make_container, tmp_path):
    container = make_container(
        ["sh", "-c", "seq 1 50; echo 'bad \033]52;c;aGk=\007 x'; sleep 3600"]
    )
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_logs(pilot, [container], tail=20)
        await wait_for(pilot, lambda: any("bad" in line for line in shown(view)))
        shown_path = tmp_path / "shown.log"
        await pilot.press("o", "ctrl+a", "ctrl+k")
        await type_text(pilot, str(shown_path))
        await pilot.press("enter")
        await wait_for(pilot, shown_path.exists)
        await wait_for(pilot, lambda: len(shown_path.read_text().splitlines()) == 20)
        saved = shown_path.read_text().splitlines()
        assert saved[0] == "32" and saved[-1] == "bad \\x1b]52;c;aGk=\\x07 x"
        whole_path = tmp_path / "whole.log"
        await pilot.press("t", "O", "ctrl+a", "ctrl+k")
        await type_text(pilot, str(whole_path))
        await pilot.press("enter")
        await wait_for(pilot, lambda: notified(pilot, "Saved the whole log (51 lines)"))
        whole = whole_path.read_text().splitlines()
        assert len(whole) == 51 and whole[0].endswith("Z 1")
        await pilot.press("c")
        await wait_for(pilot, lambda: notified(pilot, "Copied 1 line"))


async def test_restart_mid_follow_and_removal(app_settings, make_container):
    container = make_container(["sh", "-c", f"echo booted; {TICKS}"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_logs(pilot, [container])
        await wait_for(pilot, lambda: "tick" in shown(view))
        container.restart(timeout=0)
        await wait_for(pilot, lambda: shown(view).count("booted") == 2, timeout=15)
        text = "\n".join(shown(view))
        assert "restarted" in text or "started again" in text
        count = shown(view).count("tick")
        await wait_for(pilot, lambda: shown(view).count("tick") > count)  # still following
        container.remove(force=True)
        await wait_for_text(pilot, "the container was removed", timeout=15)
        await wait_for_text(pilot, "ended")


async def test_escape_sequences_and_markup_stay_literal(app_settings, make_container):
    payload = (
        r"printf 'A \033]0;title\007 B \033[2J C \233 D \302\233 E \033]52;c;aGk=\007 F\n';"
        r"printf '[@click=app.quit]x[/] [/bold] \033[31mred\033[0m \377\376 end\n';"
        "sleep 3600"
    )
    container = make_container(["sh", "-c", payload])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_logs(pilot, [container])
        text = await wait_for_text(pilot, "end")
        assert "A \\x1b]0;title\\x07 B \\x1b[2J C \ufffd D \\x9b E \\x1b]52;c;aGk=\\x07 F" in text
        assert "[@click=app.quit]x[/] [/bold] red \ufffd\ufffd end" in text
        # nothing but printable text reaches the terminal: no ESC, no C1, no other control
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                assert not re.search("[\x00-\x1f\x7f-\x9f]", segment.text), segment
        # the SGR colour was kept as colour
        red = [line for line in view.shown_lines if "red" in line.plain][0]
        assert "\x1b[31m" in red.text
        await pilot.click("#logs-view")
        assert app.is_running


async def test_quiet_log_is_not_behind(app_settings, make_container, monkeypatch):
    """A log that says nothing for a while is caught up: no 'skipped ahead' (the age of
    its newest line was taken for the engine's lag)."""
    from tui.screens.logs import logs_panel

    monkeypatch.setattr(logs_panel, "SKIP_BEHIND_SECONDS", 1.0)  # look every second
    container = make_container(["sh", "-c", "echo only-line; sleep 3600"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_logs(pilot, [container])
        await wait_for(pilot, lambda: "only-line" in shown(view))
        await pilot.pause(4.0)  # the newest line is 4 s old: four looks at the lag
        panel = app.screen.query_one(logs_panel.LogsPanel)
        assert [f.skips for f in panel._followers] == [0]
        assert not any("skipped ahead" in line for line in shown(view))
        assert "behind" not in screen_text(pilot)


async def test_save_prompt_proposes_the_downloads_folder(
    app_settings, make_container, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("DOCKPIT_SAVE_DIR", raising=False)
    (tmp_path / "Downloads").mkdir()
    container = make_container(["sh", "-c", "echo saved-line; sleep 3600"])
    app = DockpitApp(app_settings)
    async with app.run_test(size=(160, 45)) as pilot:
        view = await open_logs(pilot, [container])
        await wait_for(pilot, lambda: "saved-line" in shown(view))
        await pilot.press("O")
        prompt = app.screen.query_one("#logs-prompt")
        await wait_for(pilot, lambda: prompt.value != "")
        assert prompt.value.startswith(str(tmp_path / "Downloads" / container.name))
