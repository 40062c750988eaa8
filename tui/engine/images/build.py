"""docker build from a context folder, streaming its output line by line with the current step."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.engine.core.errors import EngineError
from tui.engine.core.sanitize import clean_log_line, clean_text
from tui.engine.core.streaming import OperationHandle

STEP_RE = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
MAX_PARTIAL = 64 * 1024


@dataclass(frozen=True)
class BuildOptions:
    context: str
    dockerfile: str = "Dockerfile"
    tag: str = ""
    build_args: dict[str, str] = field(default_factory=dict)
    no_cache: bool = False


class BuildFailed(EngineError):
    def __init__(self, message: str, step: str) -> None:
        super().__init__(f"{step}: {message}" if step else message)
        self.step = clean_text(step)
        self.reason = clean_text(message)


def parse_build_args(text: str) -> dict[str, str]:
    """'A=1 B=two' or 'A=1,B=2' -> {'A': '1', 'B': '2'}; a bare NAME takes its value from env."""
    args: dict[str, str] = {}
    for item in re.split(r"[,\s]+", text.strip()):
        if not item:
            continue
        name, sep, value = item.partition("=")
        if not name:
            raise EngineError(f"build argument without a name: {clean_text(item)}")
        args[name] = value if sep else ""
    return args


class BuildProgress:
    """Folds the legacy builder's JSON stream into lines, the current step and the image id."""

    def __init__(self) -> None:
        self.step = ""
        self.step_number = 0
        self.step_count = 0
        self.image_id = ""
        self._partial = ""

    def feed(self, message: dict[str, Any]) -> list[str]:
        """The complete, safe lines this message finishes (SGR colours kept)."""
        aux = message.get("aux")
        if isinstance(aux, dict) and aux.get("ID"):
            self.image_id = clean_text(aux["ID"])
        text = message.get("stream")
        if text is None and message.get("status"):
            text = f"{message['status']}\n"
        if not text:
            return []
        self._partial += str(text)
        *complete, self._partial = self._partial.split("\n")
        if len(self._partial) > MAX_PARTIAL:
            complete.append(self._partial)
            self._partial = ""
        lines = [clean_log_line(line.rstrip("\r")) for line in complete]
        for line in lines:
            match = STEP_RE.match(line)
            if match:
                self.step_number, self.step_count = int(match[1]), int(match[2])
                self.step = line
            elif line.startswith("Successfully built ") and not self.image_id:
                self.image_id = line.split()[-1]
        return lines

    def flush(self) -> list[str]:
        rest, self._partial = self._partial, ""
        return [clean_log_line(rest)] if rest.strip() else []


def check_context(options: BuildOptions) -> tuple[Path, str]:
    context = Path(options.context).expanduser()
    if not context.is_dir():
        raise EngineError(f"the build context {clean_text(str(context))} is not a folder")
    dockerfile = options.dockerfile.strip() or "Dockerfile"
    path = Path(dockerfile).expanduser()
    full = path if path.is_absolute() else context / path
    if not full.is_file():
        raise EngineError(f"no Dockerfile at {clean_text(str(full))}")
    return context, str(path)


def build(
    handle: OperationHandle,
    options: BuildOptions,
    on_output: Callable[[list[str], BuildProgress], None],
) -> str:
    """Run the build; ``on_output`` gets each batch of new lines. Returns the image id.

    A failure raises BuildFailed naming the step that was running.
    """
    context, dockerfile = check_context(options)
    progress = BuildProgress()

    def start() -> Any:
        return handle.client.api.build(
            path=str(context),
            dockerfile=dockerfile,
            tag=options.tag.strip() or None,
            buildargs=options.build_args or None,
            nocache=options.no_cache,
            rm=True,
            forcerm=True,
            decode=True,
        )

    try:
        for message in handle.messages(start):
            lines = progress.feed(message)
            if lines:
                on_output(lines, progress)
    except BuildFailed:
        raise
    except EngineError as error:
        tail = progress.flush()
        if tail:
            on_output(tail, progress)
        if handle.cancelled:
            raise
        raise BuildFailed(error.message, progress.step) from None
    tail = progress.flush()
    if tail:
        on_output(tail, progress)
    if not progress.image_id:
        raise BuildFailed("the engine reported no image", progress.step)
    return progress.image_id
