"""Custom commands on a list's keys: a mixin for the panes of a scope (containers, images, ...).

The commands of the pane's scope (from the config, keys already checked against the built-in
ones by tui/command_keys.py) become bindings of the pane when it mounts, with an id
``custom.<slug>``, so the help screen and the palette list them like any other key. A
dangerous command is disabled in read-only mode (the door refuses it as well).
"""

from __future__ import annotations

from textual import events, on
from textual.binding import Binding
from textual.widget import Widget

from tui.engine.core.session import EngineSession
from tui.engine.custom.commands import CustomCommand, Row
from tui.screens.shell.app_settings import settings_of

ACTION = "custom_command"


class CustomCommandKeys(Widget):
    """Mix into a pane: set ``COMMAND_SCOPE``, implement ``command_rows``, and let its
    ``check_action`` ask ``custom_command_allowed`` for ``custom_command``."""

    COMMAND_SCOPE = ""
    session: EngineSession

    def command_rows(self) -> list[Row]:
        """The fields (id, name, image, project, service) of the marked rows, else the current."""
        raise NotImplementedError

    def custom_commands(self) -> list[CustomCommand]:
        return [c for c in settings_of(self.app).commands if c.scope == self.COMMAND_SCOPE]

    @on(events.Mount)
    def _bind_custom_commands(self) -> None:
        key_to_bindings = self._bindings.key_to_bindings
        for index, command in enumerate(self.custom_commands()):
            # a command without a key still gets a binding (palette and help): on no key
            keys = [k.strip() for k in command.key.split(",")] if command.key else []
            binding_keys = keys or [f"dockpit_custom_{index}"]
            for key in binding_keys:
                if keys and key in key_to_bindings:
                    continue  # held by a built-in (checked at start; never take it over)
                binding = Binding(
                    key,
                    f"{ACTION}({index})",
                    command.name,
                    show=False,
                    key_display=None if keys else "palette",
                    id=f"custom.{command.slug}",
                )
                # a new list: the lists are shared with the class's merged bindings
                key_to_bindings[key] = [*key_to_bindings.get(key, []), binding]
        self.refresh_bindings()

    def custom_command_allowed(self, parameters: tuple[object, ...]) -> bool:
        """For the pane's ``check_action``: a dangerous command is off in read-only mode."""
        commands = self.custom_commands()
        index = parameters[0] if parameters else None
        if isinstance(index, int) and 0 <= index < len(commands):
            return not (commands[index].dangerous and self.session.read_only)
        return False

    def action_custom_command(self, index: int) -> None:
        from tui.screens.custom.custom_run import run_custom_command

        commands = self.custom_commands()
        if 0 <= index < len(commands):
            run_custom_command(self.app, self.session, commands[index], self.command_rows())
