"""The ONE place dockpit's wire layer touches Textual's private names (checked on 8.x).

- ``App._display(screen, update)``: where Textual writes a compositor update to the driver.
  ``WireApp`` applies the update to a :class:`widgets.wire.frame.Frame` instead and writes
  only what differs (at most ``wire_fps`` frames a second).
- ``App._background_screens``: Textual counts the screen just below the top one as
  "visible" even when the top screen is opaque, and any refresh there (a stats tick, the
  uptime clock of the containers list under the logs screen) repainted the WHOLE top screen
  (``_repaint_required``): ~4 full 160x45 repaints a second while following a log. Under an
  opaque top screen, no screen below is visible.
- ``_driver``, ``_begin_update`` / ``_end_update`` (synchronized output), ``_batch_count``,
  ``_running``, ``_closed``; ``LayoutUpdate`` / ``ChopsUpdate`` from ``textual._compositor``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.control import Control
from rich.segment import Segment
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver
from textual.strip import Strip

from widgets.wire.frame import Frame

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

_BACKGROUND = App._background_screens  # the property object of Textual's App


class WireApp(App[Any]):
    """An App mixin (put before ``App`` in the bases): the diffing wire, opaque screens."""

    #: frames a second at most (a frame that comes sooner waits; keys after a quiet spell are
    #: written at once). Set from the settings (bandwidth mode lowers it).
    wire_fps: float = 30.0
    #: False: Textual's own writing (e.g. ``DOCKPIT_WIRE=0`` to compare).
    wire_enabled: bool = True
    #: bandwidth mode: widgets slow their own clocks (widgets/wire/cadence.py)
    bandwidth_on: bool = False

    _wire_frame: Frame | None = None
    _wire_last: float = 0.0
    _wire_timer: Timer | None = None
    _wire_cursor: tuple[int, int] | None = None
    _wire_screen: Screen | None = None  # the screen the frame last drew
    wire_bytes: int = 0  # bytes the wire wrote (tests, bench)

    @property
    def _background_screens(self) -> list[Screen]:  # type: ignore[override]
        stack = self._screen_stack
        if stack and stack[-1].styles.background.a >= 1:
            return []
        screens: list[Screen] = _BACKGROUND.fget(self)  # type: ignore[attr-defined]
        return screens

    def _wire_usable(self) -> bool:
        driver = self._driver
        return (
            self.wire_enabled
            and isinstance(driver, LinuxDriver)
            and not driver.is_inline
            and self._running
            and not self._closed
            and not self.is_headless
        )

    def _display(self, screen: Screen, renderable: Any) -> None:
        if not isinstance(renderable, (LayoutUpdate, ChopsUpdate)) or not self._wire_usable():
            super()._display(screen, renderable)
            return
        if self._batch_count:
            return
        try:
            frame = self._wire_frame_for(screen)
            if isinstance(renderable, LayoutUpdate):
                _apply_layout(frame, renderable)
            else:
                _apply_chops(frame, renderable, self.console)
        except Exception as error:  # noqa: BLE001 - Textual's own _display does the same
            self._handle_exception(error)
            return
        self._wire_schedule()

    def _wire_frame_for(self, screen: Screen) -> Frame:
        width, height = self.size
        frame = self._wire_frame
        if frame is None or (frame.width, frame.height) != (width, height):
            color_system = self.console._color_system  # noqa: SLF001 - Rich, as Strip.render

            def sgr(style: Any) -> str:
                return Strip.render_ansi(style, color_system) if color_system else ""

            frame = self._wire_frame = Frame(width, height, sgr)
            frame.forget()
            self.app_resume_signal.subscribe(self, self._wire_forget)
        if screen is not self._wire_screen:  # another screen: what it draws first is
            self._wire_screen = screen  # not always all of it; repaint everything once
            frame.forget()
        return frame

    def _wire_forget(self, _app: object = None) -> None:
        """The terminal was handed to another program (exec, an editor): repaint it all."""
        if self._wire_frame is not None:
            self._wire_frame.forget()
        self._wire_cursor = None

    def _wire_schedule(self) -> None:
        wait = self._wire_last + 1.0 / max(0.5, self.wire_fps) - time.monotonic()
        if wait <= 0:
            self._wire_write()
        elif self._wire_timer is None:
            self._wire_timer = self.set_timer(wait, self._wire_write, name="wire-frame")

    def _wire_write(self) -> None:
        self._wire_timer = None
        frame = self._wire_frame
        if frame is None or not self._wire_usable():
            return
        data = frame.flush()
        if data:
            x, y = self.screen.outer_size.clamp_offset(self.cursor_position)
            data += Control.move_to(x, y).segment.text
            self._wire_last = time.monotonic()
            self.wire_bytes += len(data.encode("utf-8", "replace"))
            driver = self._driver
            assert driver is not None
            self._begin_update()
            try:
                driver.write(data)
            finally:
                self._end_update()
            driver.flush()
        self.post_display_hook()


def _apply_layout(frame: Frame, update: LayoutUpdate) -> None:
    x0 = update.region.x
    for y, line in enumerate(update.strips, update.region.y):
        x = x0
        for strip in line:
            x = frame.put_segments(x, y, _pieces(strip))


def _apply_chops(frame: Frame, update: ChopsUpdate, console: Any) -> None:
    x = y = 0
    for segment in update.__rich_console__(console, console.options):
        if not isinstance(segment, Segment):
            continue
        if segment.control:
            for control in segment.control:
                if len(control) == 3:  # (CURSOR_MOVE_TO, x, y)
                    x, y = int(control[1]), int(control[2])  # type: ignore[misc]
            continue
        if segment.text == "\n":
            continue
        x = frame.put(x, y, segment.text, segment.style)


def _pieces(strip: Strip) -> Any:
    segment: Segment
    for segment in strip:
        if not segment.control:
            yield segment.text, segment.style
