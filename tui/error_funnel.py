"""The app's one error funnel.

Expected failures (the engine refused, vanished, timed out) are EngineErrors and are shown
by the code that called the engine. Everything else ends here: the traceback goes to a crash
log in the user's state folder, and the user sees a notification (for a failed worker: the
app keeps running) or a plain exit message — never a traceback.
"""

from __future__ import annotations

from textual.worker import WorkerFailed

from tui.crash import write_crash_log
from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_text
from widgets.textual_compat import AppExceptionHook, record_fatal_exception


class ErrorFunnel(AppExceptionHook):
    """Mix into the App class (before App in the bases)."""

    def handle_exception(self, error: Exception) -> None:
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(error, WorkerFailed) and isinstance(cause, EngineError):
            # An engine failure nobody caught: say what the engine said, keep running.
            self.notify(cause.message, title="Engine", severity="error", markup=False)
            return
        path = write_crash_log(cause, where=type(self).__name__)
        where = f" Details: {path}" if path else ""
        summary = clean_text(f"{type(cause).__name__}: {cause}")[:300]
        if isinstance(error, WorkerFailed):
            self.notify(
                f"Internal error, the app carries on. {summary}.{where}",
                title="dockpit",
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        # An error in the UI itself: leave cleanly with a message, no traceback on screen.
        record_fatal_exception(self, error)  # Pilot tests re-raise it
        self.exit(
            return_code=1,
            message=f"dockpit stopped after an internal error: {summary}.{where}",
        )
